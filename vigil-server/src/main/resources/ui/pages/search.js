// Search past security events: in words (GET /ml/events/search: the words are embedded and matched
// against each event's text; time words and field words such as "yesterday" or "divergent" become
// filters, shown as chips), or by likeness to one event (POST /ml/events/similar). Each hit links
// to its event. The query is kept in the address.

import {api, explain} from '../api.js';
import {h, link, message, replace} from '../dom.js';
import {count, time} from '../format.js';
import {keepInAddress} from '../lists.js';
import {modelStyles} from '../models/styles.js';
import {eventPath} from '../security/events-table.js';
import {hitsTable} from '../security/hits.js';
import {choice, SEVERITIES} from './security-events.js';

const SIZES = [['10', '10'], ['25', '25'], ['50', '50']];
const FILTER_WORDS = {time: 'time', since: 'since', until: 'until', divergent: 'divergent', severity: 'severity', kind: 'kind',
  modelType: 'model type', ruleFired: 'rule fired', rule: 'rule', entity: 'entity', state: 'state'};

export async function render(root, ctx) {
  await modelStyles();
  let controller = null;
  const words = h('input', {type: 'search', id: 'search-words', value: ctx.query.q || '', autocomplete: 'off',
    placeholder: 'botnet-like behaviour from yesterday', 'aria-describedby': 'search-hint'});
  const k = choice('search-k', 'Events', SIZES, SIZES.some(([v]) => v === ctx.query.k) ? ctx.query.k : '10');
  const divergent = h('input', {type: 'checkbox', id: 'search-divergent', checked: ctx.query.divergent === 'true'});
  const severity = choice('search-severity', 'Severity', SEVERITIES,
    SEVERITIES.some(([v]) => v && v === ctx.query.severity) ? ctx.query.severity : '');
  const likeId = h('input', {type: 'text', id: 'similar-id', value: ctx.query.like || '', autocomplete: 'off',
    placeholder: '0193a0b4-…', class: 'mono'});
  const results = h('div', {class: 'results', 'aria-live': 'polite'});
  replace(root,
    h('div', {class: 'page-head'}, h('h1', {tabindex: '-1'}, 'Search events')),
    h('form', {class: 'toolbar search-form', role: 'search', onsubmit: e => { e.preventDefault(); search(); }},
      h('div', {class: 'field grow'}, h('label', {for: 'search-words'}, 'Words'), words),
      k.field, severity.field,
      h('div', {class: 'field check'}, divergent, h('label', {for: 'search-divergent'}, 'Divergent only')),
      h('div', {class: 'field'}, h('button', {type: 'submit', class: 'primary'}, 'Search'))),
    h('p', {id: 'search-hint', class: 'small muted'}, 'Entities, verdicts, rules, features and analysts\' notes are searched by meaning.'
      + ' Time words ("yesterday", "last 6 hours") and field words ("divergent", "high severity") become filters.'),
    h('form', {class: 'toolbar', 'aria-label': 'Similar to one event', onsubmit: e => { e.preventDefault(); similar(); }},
      h('div', {class: 'field'}, h('label', {for: 'similar-id'}, 'Similar to event'), likeId),
      h('div', {class: 'field'}, h('button', {type: 'submit', class: 'quiet'}, 'Find similar'))),
    results);

  function begin() {
    if (controller) controller.abort();
    controller = new AbortController();
    results.setAttribute('aria-busy', 'true');
    return controller.signal;
  }

  async function search() {
    const q = words.value.trim();
    keepInAddress({q, k: k.select.value !== '10' ? k.select.value : null, severity: severity.select.value,
      divergent: divergent.checked ? 'true' : null, like: null});
    if (!q) {
      replace(results, message('notice', 'Write what to look for.'));
      return;
    }
    const signal = begin();
    try {
      const answer = await api.get('/ml/events/search', {q, k: k.select.value, severity: severity.select.value || null,
        divergent: divergent.checked ? 'true' : null}, {signal});
      replace(results,
        chips(answer.readFilters || []),
        answer.hits.length ? hitsTable(answer.hits, {caption: `Events found for “${q}”, the most similar first`})
          : message('notice', 'No event matches.'),
        answer.pendingEmbeddings ? h('p', {class: 'small muted'}, `${count(answer.pendingEmbeddings)} recent event`
          + `${answer.pendingEmbeddings === 1 ? ' is' : 's are'} not embedded yet, so not searched.`) : null);
    } catch (e) {
      if (e.name !== 'AbortError') replace(results, message('error', `The search failed. ${explain(e)}`));
    } finally {
      results.removeAttribute('aria-busy');
    }
  }

  async function similar() {
    const id = likeId.value.trim();
    keepInAddress({like: id, q: null});
    if (!id) {
      replace(results, message('notice', 'Give an event\'s id.'));
      return;
    }
    const signal = begin();
    try {
      const answer = await api.post('/ml/events/similar', {eventId: id, k: Number(k.select.value)}, {signal});
      const hits = answer.hits.filter(hit => hit.event.id !== id);
      replace(results,
        h('p', null, 'Events like ', link(eventPath(id), 'this one'), answer.modelType ? ` (model type ${answer.modelType})` : '', ':'),
        hits.length ? hitsTable(hits, {caption: 'Events most like the one given'}) : message('notice', 'No similar event stored yet.'));
    } catch (e) {
      if (e.name !== 'AbortError') replace(results, message('error', `Similar events cannot be found. ${explain(e)}`));
    } finally {
      results.removeAttribute('aria-busy');
    }
  }

  if (ctx.query.like) await similar();
  else if (ctx.query.q) await search();
  return () => controller && controller.abort();
}

/** A filter's value in words: a time interval from/to in the reader's time zone, anything else as it is. */
function valueOf(f) {
  const [from, to] = String(f.value).split('/');
  return f.filter === 'time' && to ? `${time(from)} to ${time(to)}` : String(f.value);
}

/**
 * The filters read from the words, as chips: "yesterday" → time 2026-12-04T00:00:00Z/2026-12-05T00:00:00Z; one the
 * server did not apply (a filter of the form's own for the same field was kept) is struck through and says so.
 */
function chips(read) {
  if (!read.length) return null;
  return h('div', {class: 'read-filters'}, h('span', {class: 'small muted'}, 'Read from the words:'),
    h('ul', {class: 'chips'}, read.map(f => h('li', {class: `chip${f.applied === false ? ' not-applied' : ''}`,
      dataset: {filter: f.filter, applied: String(f.applied !== false)}},
      h('q', null, f.words || f.word), ' → ', FILTER_WORDS[f.filter] || f.filter, ' ', h('strong', null, valueOf(f)),
      f.applied === false ? h('span', {class: 'small'}, ' (not applied: the form\'s own filter kept)') : null))));
}
