// Two versions side by side (GET /ml/models/{id}/versions?compare=a,b): every metric and
// hyperparameter by version, the better metric marked, the differing parameters marked.
import { h } from '../dom.js';
import { value } from './format.js';

const LOWER_IS_BETTER = new Set(['log_loss', 'anomaly_rate']);

/** The comparison table of {@code comparison} for versions {@code numbers} (in that order). */
export function comparisonTable(comparison, numbers) {
  const head = h('tr', {}, h('th', { scope: 'col' }, ''), ...numbers.map((n) => h('th', { scope: 'col' }, `v${n}`)));
  const metricRows = Object.keys(comparison.metrics).sort().map((name) => {
    const byVersion = comparison.metrics[name];
    const values = numbers.map((n) => byVersion[n]);
    const known = values.filter((v) => v != null);
    const best = known.length > 1 ? (LOWER_IS_BETTER.has(name) ? Math.min(...known) : Math.max(...known)) : null;
    return h('tr', { 'data-metric': name }, h('th', { scope: 'row' }, name),
      ...values.map((v) => h('td', { class: v != null && v === best && new Set(known).size > 1 ? 'better' : '' },
        v == null ? '—' : value(v), v != null && v === best && new Set(known).size > 1 ? h('span', { class: 'visually-hidden' }, ' (better)') : null)));
  });
  const paramRows = Object.keys(comparison.parameters).sort().map((name) => {
    const values = numbers.map((n) => comparison.parameters[name][n]);
    const differs = new Set(values.map((v) => JSON.stringify(v))).size > 1;
    return h('tr', { class: differs ? 'differs' : '', 'data-parameter': name }, h('th', { scope: 'row' }, name, differs ? h('span', { class: 'visually-hidden' }, ' (differs)') : null),
      ...values.map((v) => h('td', {}, value(v))));
  });
  return h('div', { class: 'table-wrap' }, h('table', { class: 'numbers comparison' },
    h('caption', {}, `Versions ${numbers.join(' and ')} side by side`),
    h('thead', {}, head),
    h('tbody', {}, h('tr', { class: 'group' }, h('th', { scope: 'rowgroup', colspan: String(numbers.length + 1) }, 'metrics')), ...metricRows,
      h('tr', { class: 'group' }, h('th', { scope: 'rowgroup', colspan: String(numbers.length + 1) }, 'hyperparameters')), ...paramRows)));
}
