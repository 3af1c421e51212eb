// One dataset: what it is, its profile (dataset-profile.js), its first rows, download and delete.

import {api, ApiError, explain} from '../api.js';
import {confirmDialog} from '../dialog.js';
import {h, link, message, replace} from '../dom.js';
import {saveAs} from '../download.js';
import {bytes, count, time} from '../format.js';
import {SCIENTISTS} from '../routes.js';
import {profileSection} from './dataset-profile.js';

const PREVIEW_ROWS = 20;

export async function render(root, ctx) {
  const id = ctx.params.id;
  const base = `/ml/datasets/${encodeURIComponent(id)}`;
  const [dataset, stats] = await Promise.all([api.get(base), api.get(`${base}/stats`)]);
  document.title = `${dataset.name} · Datasets · Vigil`;

  const status = h('div', {class: 'action-status', 'aria-live': 'polite'});
  const canChange = ctx.session.allowed(SCIENTISTS);
  const downloadButton = h('button', {type: 'button', onclick: () => download(dataset, base, downloadButton, status)}, 'Download');
  const deleteButton = canChange ? h('button', {type: 'button', class: 'danger', onclick: () => remove(dataset, base, ctx, status)}, 'Delete…') : null;
  const profile = profileSection(dataset, stats);
  const preview = h('section', {'aria-labelledby': 'preview-title'}, h('h2', {id: 'preview-title'}, 'First rows'));

  replace(root,
    h('p', {class: 'crumbs'}, link('/ui/datasets', '← Datasets')),
    h('div', {class: 'page-head'}, h('h1', {tabindex: '-1'}, dataset.name), h('div', {class: 'actions'}, downloadButton, deleteButton)),
    dataset.description ? h('p', {class: 'lead'}, dataset.description) : null,
    status,
    facts(dataset),
    profile.element,
    preview);

  const disposeChart = await profile.draw();
  const previewer = previewTable(preview, base, dataset);
  await previewer.show(0);
  return () => {
    disposeChart();
    previewer.stop();
  };
}

function facts(d) {
  const rows = [
    ['File', d.fileName || '–'], ['Format', d.format], ['Size', bytes(d.sizeBytes)], ['Rows', count(d.rows)],
    ['Columns', count(d.columns)], ['Label column', d.labelColumn || 'none'], ['Uploaded', time(d.createdAt)],
    ['SHA-256', h('code', {class: 'hash'}, d.sha256)], ['Id', h('code', null, d.id)],
  ];
  return h('dl', {class: 'facts'}, rows.map(([term, value]) => [h('dt', null, term), h('dd', null, value)]));
}

/** The first rows, a page at a time. */
function previewTable(section, base, dataset) {
  const box = h('div', {class: 'preview'});
  section.append(box);
  let controller = null;
  async function show(offset) {
    if (controller) controller.abort();
    controller = new AbortController();
    box.setAttribute('aria-busy', 'true');
    try {
      const page = await api.get(`${base}/preview`, {offset, limit: PREVIEW_ROWS}, {signal: controller.signal});
      const last = Math.min(offset + page.rows.length, page.totalRows);
      replace(box,
        h('div', {class: 'table-wrap'}, h('table', {class: 'preview-rows'},
          h('caption', {class: 'visually-hidden'}, `Rows ${count(offset + 1)} to ${count(last)} of ${dataset.name}`),
          h('thead', null, h('tr', null, h('th', {scope: 'col', class: 'num'}, '#'), page.columns.map(c => h('th', {scope: 'col'}, c)))),
          h('tbody', null, page.rows.map((row, i) => h('tr', null, h('td', {class: 'num muted'}, count(offset + i + 1)),
            page.columns.map(c => h('td', null, cell(row[c])))))))),
        h('nav', {class: 'pager', 'aria-label': 'Pages of rows'},
          h('button', {type: 'button', disabled: offset === 0, onclick: () => show(Math.max(0, offset - PREVIEW_ROWS))}, '← Previous rows'),
          h('span', null, page.totalRows ? `Rows ${count(offset + 1)}–${count(last)} of ${count(page.totalRows)}` : 'No rows'),
          h('button', {type: 'button', disabled: last >= page.totalRows, onclick: () => show(offset + PREVIEW_ROWS)}, 'Next rows →')));
    } catch (e) {
      if (e.name !== 'AbortError') replace(box, message('error', `The rows cannot be shown. ${explain(e)}`));
    } finally {
      box.removeAttribute('aria-busy');
    }
  }
  return {show, stop: () => controller && controller.abort()};
}

function cell(value) {
  if (value === null || value === undefined) return h('span', {class: 'muted'}, 'missing');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Fetches the file with the session's token and hands it to the browser as a download. */
async function download(dataset, base, button, status) {
  button.disabled = true;
  replace(status, message('notice', `Downloading ${dataset.fileName || dataset.name} (${bytes(dataset.sizeBytes)})…`));
  try {
    await saveAs(await api.fetch(`${base}/download`), dataset.fileName || `${dataset.name}.${dataset.format}`);
    replace(status);
  } catch (e) {
    replace(status, message('error', `The download failed. ${explain(e)}`));
  } finally {
    button.disabled = false;
  }
}

async function remove(dataset, base, ctx, status) {
  const sure = await confirmDialog(`“${dataset.name}” and its file will be deleted for good. Models already trained on it keep working.`,
    {title: 'Delete this dataset?', confirm: 'Delete dataset', danger: true});
  if (!sure) return;
  try {
    await api.del(base);
    ctx.navigate('/ui/datasets');
  } catch (e) {
    if (e instanceof ApiError && e.status === 409 && /force=true/.test(e.message)) {
      // model versions were trained on it: the server deletes it only when told to
      replace(status, message('error', `${e.message.split('; delete it with force=true')[0]}. `,
        h('button', {type: 'button', class: 'danger', onclick: async () => {
          if (!await confirmDialog('The model versions keep its name, file name, SHA-256 and row count, but its rows are gone.',
            {title: 'Delete it anyway?', confirm: 'Delete anyway', danger: true})) return;
          try {
            await api.del(base, {query: {force: true}});
            ctx.navigate('/ui/datasets');
          } catch (again) {
            replace(status, message('error', `The dataset was not deleted. ${explain(again)}`));
          }
        }}, 'Delete anyway…')));
    } else {
      replace(status, message('error', `The dataset was not deleted. ${explain(e)}`));
    }
  }
}
