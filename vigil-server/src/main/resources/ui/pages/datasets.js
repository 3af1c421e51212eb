// Datasets: the list (search by name, sort by name or upload time, pages of 20) and the upload panel.
// Only admins and data scientists come here (routes.js): raw data may hold personal data.

import {api, explain} from '../api.js';
import {h, link, message, replace} from '../dom.js';
import {bytes, count, time} from '../format.js';
import {keepInAddress, pageLoader, pager} from '../lists.js';

const PAGE_SIZE = 20;
const SEARCH_DELAY_MS = 250;
// what each sortable column sorts by on the server, and its first order when chosen
const SORTABLE = {name: {key: 'name', first: 'asc'}, uploaded: {key: 'createdat', first: 'desc'}};

export async function render(root, ctx) {
  const state = {
    q: ctx.query.q || '',
    sort: ctx.query.sort === 'name' ? 'name' : 'createdat',
    order: ctx.query.order === 'asc' || ctx.query.order === 'desc' ? ctx.query.order : null,
    page: Math.max(1, parseInt(ctx.query.page, 10) || 1),
  };
  if (!state.order) state.order = state.sort === 'name' ? 'asc' : 'desc';
  let searchTimer = null;

  const search = h('input', {id: 'dataset-search', type: 'search', value: state.q, placeholder: 'Part of a name', autocomplete: 'off'});
  const summary = h('p', {class: 'muted', role: 'status', 'aria-live': 'polite'});
  const results = h('div', {class: 'results'});
  // the upload form is loaded when first opened: the list needs none of it to show
  let upload = null;
  const uploadSlot = h('div', {id: 'upload-panel'});
  const uploadToggle = h('button', {type: 'button', class: 'primary', 'aria-expanded': 'false', 'aria-controls': 'upload-panel',
    onclick: async () => {
      if (!upload) {
        const {uploadPanel} = await import('./dataset-upload.js');
        upload = uploadPanel({onUploaded: dataset => ctx.navigate(`/ui/datasets/${dataset.id}`)});
        uploadSlot.append(upload.element);
      }
      const open = upload.element.hidden;
      upload.element.hidden = !open;
      uploadToggle.setAttribute('aria-expanded', String(open));
      if (open) upload.focus();
    }}, 'Upload a dataset');

  replace(root,
    h('div', {class: 'page-head'}, h('h1', {tabindex: '-1'}, 'Datasets'), uploadToggle),
    uploadSlot,
    h('div', {class: 'toolbar'},
      h('div', {class: 'field'}, h('label', {for: 'dataset-search'}, 'Search by name'), search)),
    summary,
    results);

  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.q = search.value.trim();
      state.page = 1;
      load();
    }, SEARCH_DELAY_MS);
  });

  const list = pageLoader(results, {
    fetch: signal => {
      const sorted = state.sort !== 'createdat' || state.order !== 'desc';
      keepInAddress({q: state.q, sort: sorted ? state.sort : null, order: sorted ? state.order : null, page: state.page > 1 ? state.page : null});
      return api.get('/ml/datasets', {name: state.q || null, sort: state.sort, order: state.order, page: state.page, size: PAGE_SIZE},
        {signal});
    },
    show: page => {
      if (page.items.length === 0 && state.page > 1 && page.total > 0) { // the page emptied (deletes): show the last one
        state.page = page.pages;
        return list.load();
      }
      summary.textContent = page.total === 0 ? '' : `${count(page.total)} dataset${page.total === 1 ? '' : 's'}`
        + (state.q ? ` matching “${state.q}”` : '');
      replace(results, page.total === 0 ? empty(state.q) : [table(page.items, state, sortBy), pager(page, go, 'Pages of datasets')]);
    },
    fail: e => replace(results, message('error', `The datasets cannot be listed. ${explain(e)}`)),
  });
  const load = list.load;

  function sortBy(column) {
    const {key, first} = SORTABLE[column];
    if (state.sort === key) state.order = state.order === 'asc' ? 'desc' : 'asc';
    else [state.sort, state.order] = [key, first];
    state.page = 1;
    load().then(() => {
      const button = results.querySelector(`button[data-sort="${column}"]`);
      if (button) button.focus(); // the table was drawn anew: keep the keyboard where it was
    });
  }

  function go(page) {
    state.page = page;
    load();
  }

  await load();
  return () => {
    clearTimeout(searchTimer);
    list.stop();
    if (upload) upload.cancel();
  };
}

function table(items, state, sortBy) {
  const header = (label, column) => {
    const active = state.sort === SORTABLE[column].key;
    return h('th', {scope: 'col', 'aria-sort': active ? (state.order === 'asc' ? 'ascending' : 'descending') : null},
      h('button', {type: 'button', class: 'sort', 'data-sort': column, onclick: () => sortBy(column)},
        label, active ? (state.order === 'asc' ? ' ▲' : ' ▼') : ''));
  };
  return h('div', {class: 'table-wrap'}, h('table', {class: 'datasets'},
    h('caption', {class: 'visually-hidden'}, 'Datasets'),
    h('thead', null, h('tr', null,
      header('Name', 'name'),
      h('th', {scope: 'col', class: 'num'}, 'Rows'),
      h('th', {scope: 'col', class: 'num'}, 'Columns'),
      h('th', {scope: 'col', class: 'num'}, 'Size'),
      h('th', {scope: 'col'}, 'Format'),
      h('th', {scope: 'col'}, 'Label column'),
      header('Uploaded', 'uploaded'))),
    h('tbody', null, items.map(d => h('tr', null,
      h('td', null, link(`/ui/datasets/${encodeURIComponent(d.id)}`, d.name),
        d.description ? h('div', {class: 'muted small'}, d.description) : null),
      h('td', {class: 'num'}, count(d.rows)),
      h('td', {class: 'num'}, count(d.columns)),
      h('td', {class: 'num'}, bytes(d.sizeBytes)),
      h('td', null, d.format),
      h('td', null, d.labelColumn || h('span', {class: 'muted'}, 'none')),
      h('td', null, h('time', {datetime: d.createdAt}, time(d.createdAt))))))));
}

function empty(q) {
  return q ? message('notice', `No dataset has “${q}” in its name.`)
    : message('notice', 'No datasets yet. Upload one: CSV, TSV, JSON Lines, ARFF or Zeek logs, gzip-compressed or not.');
}
