// Models: a card per model, grouped by detection slot (model type), with the serving version's
// headline metrics; filters by name and status; for those who may, a new model and training.
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { modelStyles } from '../models/styles.js';
import { modelCard, fillDetails } from '../models/model-card.js';
import { mayChange } from '../models/roles.js';
import { count } from '../models/format.js';
import { watchEvents } from '../events.js';

const PAGE_SIZE = 60;
const STATUSES = ['created', 'training', 'trained', 'validated', 'deployed', 'retired', 'failed', 'cancelled'];

export async function render(root, ctx) {
  const controller = new AbortController();
  const signal = controller.signal;
  const styled = modelStyles(); // fetched beside the first page of models, not before it
  const query = { name: ctx.query.get ? ctx.query.get('name') || '' : ctx.query.name || '',
    status: ctx.query.get ? ctx.query.get('status') || '' : ctx.query.status || '' };
  const loaded = [];
  let page = 1;
  let pages = 1;

  const search = h('input', { type: 'search', id: 'model-search', name: 'name', value: query.name, placeholder: 'name contains', autocomplete: 'off' });
  const status = h('select', { id: 'model-status', name: 'status' }, h('option', { value: '' }, 'any status'),
    ...STATUSES.map((s) => h('option', { value: s }, s)));
  status.value = query.status;
  const summary = h('p', { class: 'muted', 'aria-live': 'polite' });
  const groups = h('div', { class: 'model-groups' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: 'hidden' }, 'Show more models');
  const newModel = mayChange(ctx.session) ? h('button', { type: 'button', class: 'primary', 'data-action': 'new-model' }, 'New model') : null;

  replace(root, 
    h('header', { class: 'page-head' }, h('h1', {}, 'Models'), newModel),
    h('form', { class: 'filters', role: 'search' },
      h('label', { for: 'model-search' }, 'Name'), search,
      h('label', { for: 'model-status' }, 'Status'), status),
    summary, groups, more);

  // times and inputs of a card are fetched once it scrolls into view: the list itself does not carry them
  const seen = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      seen.unobserve(entry.target);
      fillDetails(entry.target, entry.target.listing, signal).catch(() => {});
    }
  }, { rootMargin: '200px' });

  const draw = () => {
    const byType = new Map();
    for (const m of loaded) {
      if (!byType.has(m.modelType)) byType.set(m.modelType, []);
      byType.get(m.modelType).push(m);
    }
    const sections = [...byType.keys()].sort().map((type) => {
      const models = byType.get(type);
      const deployed = models.find((m) => m.status === 'deployed');
      return h('section', { class: 'model-group', 'data-type': type, 'aria-labelledby': `type-${type}` },
        h('h2', { id: `type-${type}` }, type, h('span', { class: 'muted small' },
          ` · ${models.length} model${models.length === 1 ? '' : 's'}${deployed ? `, ${deployed.modelName} serving` : ', none deployed'}`)),
        h('div', { class: 'cards' }, ...models.map((m) => {
          const card = modelCard(m);
          card.listing = m;
          seen.observe(card);
          return card;
        })));
    });
    replace(groups, ...sections);
    if (!loaded.length) {
      replace(groups, h('p', { class: 'empty' }, query.name || query.status ? 'No model matches.'
        : mayChange(ctx.session) ? 'No model yet: create one with "New model".' : 'No model yet.'));
    }
  };

  /** reset: the first page again; whole: every page shown so far, again (a model changed state). */
  const load = async (reset, whole = false) => {
    if (reset) { loaded.length = 0; page = 1; }
    const shown = whole ? { page: 1, size: Math.min(500, page * PAGE_SIZE) } : { page, size: PAGE_SIZE };
    const [answer] = await Promise.all([
      api.get('/ml/models', { ...shown, name: query.name || undefined, status: query.status || undefined }, { signal }), styled]);
    if (whole) loaded.length = 0;
    loaded.push(...answer.items);
    pages = Math.ceil(answer.total / PAGE_SIZE);
    summary.textContent = `${count(answer.total)} model${answer.total === 1 ? '' : 's'}`;
    more.hidden = page >= pages;
    draw();
  };

  let typing;
  const failed = (e) => { // a list that could not be read again says why, where its count was
    if (e.name !== 'AbortError') summary.textContent = `The models could not be read: ${e.message}`;
  };
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => { query.name = search.value.trim(); remember(); load(true).catch(failed); }, 250);
  });
  status.addEventListener('change', () => { query.status = status.value; remember(); load(true).catch(failed); });
  more.addEventListener('click', () => { page++; load(false).catch(failed); });
  const remember = () => { // the filters live in the URL, so a reload or a shared link shows the same list
    const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v));
    history.replaceState(history.state, '', `${location.pathname}${params.toString() ? `?${params}` : ''}`);
  };
  if (newModel) {
    // the dialog's modules load when it is first opened: the list needs none of them
    newModel.addEventListener('click', () => import('../models/model-dialog.js').then(({ openModelDialog }) => openModelDialog({
      types: [...new Set(loaded.map((m) => m.modelType))].sort(),
      onChange: () => load(true).catch(failed),
    })).catch((e) => { summary.textContent = e.message; }));
  }

  await load(true);

  // a model trained, validated, deployed or retired elsewhere: its card changes without a reload
  let stale;
  const stopWatching = watchEvents({}, {
    onEvent: ({ type }) => {
      if (type !== 'model.state') return;
      clearTimeout(stale);
      stale = setTimeout(() => load(false, true).catch(() => {}), 300);
    },
  });
  return () => {
    controller.abort();
    stopWatching();
    clearTimeout(stale);
    seen.disconnect();
    clearTimeout(typing);
    document.querySelectorAll('dialog.model-dialog').forEach((d) => d.close());
  };
}
