// How a version was made, as its provenance records it: enough to make it again or to audit it.
import { h } from '../dom.js';
import { count, bytes, when, duration, value } from './format.js';

function datasetText(d) {
  if (!d) return '—';
  return `${d.name} (${d.fileName || 'no file name'}, ${count(d.rows)} rows)${d.deletedAt ? `, deleted ${when(d.deletedAt)}` : ''}`;
}

/** A definition list of the version's provenance, bundle and validation. */
export function provenanceList(version) {
  const p = version.provenance || {};
  const rows = [
    ['algorithm', p.algorithm],
    ['training rows', count(p.rows)],
    ['training dataset', datasetText(p.dataset)],
    ['dataset file SHA-256', p.dataset && p.dataset.fileSha256],
    ['training rows SHA-256', p.dataSha256],
    p.evaluationDataset ? ['evaluated on', datasetText(p.evaluationDataset)] : null,
    ['seed', value(p.seed)],
    ['training time', duration(p.trainingMillis)],
    ['libraries', p.libraryVersions ? Object.entries(p.libraryVersions).map(([k, v]) => `${k} ${v}`).join(', ') : '—'],
    ['trained by', version.createdBy || '—'],
    ['trained at', when(version.createdAt)],
    ['training job', version.jobId],
    ['bundle', `${bytes(version.bundleSize)}, SHA-256 ${version.bundleSha256}`],
  ].filter(Boolean);
  return h('dl', { class: 'provenance' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', { class: /SHA|job|bundle/.test(k) ? 'mono' : '' }, v == null ? '—' : String(v))]));
}

/** The hyperparameters the version trained with (defaults included), as a two-column table. */
export function hyperparameterList(version) {
  const hp = (version.provenance && version.provenance.hyperparameters) || {};
  return h('table', { class: 'numbers compact' },
    h('caption', { class: 'visually-hidden' }, 'hyperparameters used'),
    h('tbody', {}, ...Object.keys(hp).sort().map((k) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, value(hp[k]))))));
}

/** A hyperparameter search's trials, best first. */
export function tuningTable(tuning) {
  return h('div', {},
    h('p', { class: 'small' }, `${tuning.method} search, ${tuning.folds}-fold cross-validation on ${tuning.metric}; ${tuning.trials.length} combinations tried.`),
    h('div', { class: 'table-wrap' }, h('table', { class: 'numbers' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'rank'), ...Object.keys(tuning.space).map((k) => h('th', { scope: 'col' }, k)),
        h('th', { scope: 'col' }, tuning.metric))),
      h('tbody', {}, ...tuning.trials.map((t, i) => h('tr', { class: i === 0 ? 'best' : '' }, h('td', {}, String(i + 1)),
        ...Object.keys(tuning.space).map((k) => h('td', {}, value(t.params[k]))), h('td', {}, value(t.score))))))));
}
