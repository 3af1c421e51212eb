// One deployed model watched: its health and the checks behind it, live accuracy (from feedback)
// and traffic over time, and the drift of each input from its training rows.
import { h } from '../dom.js';
import { api } from '../api.js';
import { timeOption } from '../charts.js';
import { metric, count, when, millis } from '../models/format.js';

const DRIFT_ROWS = 15;

function observed(c) {
  if (c.observed == null) return c.reason || 'unknown';
  if (typeof c.observed === 'boolean') return c.observed ? 'yes' : 'no';
  return c.check === 'latency_p99' ? millis(c.observed) : metric(c.observed);
}

/** The health report as a status and a table of checks. */
export function healthBlock(health) {
  return h('div', { class: 'health', 'data-health': health.status },
    h('p', {}, 'Health: ', h('span', { class: `badge health-${health.status}` }, health.status), h('span', { class: 'muted small' }, ` checked ${when(health.checkedAt)}`)),
    h('table', { class: 'numbers compact' },
      h('caption', { class: 'visually-hidden' }, 'health checks'),
      h('thead', {}, h('tr', {}, ...['check', 'verdict', 'observed', 'degraded at', 'failing at'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...health.checks.map((c) => h('tr', { 'data-check': c.check, class: `verdict-${c.status}` },
        h('th', { scope: 'row', title: c.basis || '' }, c.check.replace('_', ' ')), h('td', {}, c.status), h('td', {}, observed(c)),
        h('td', {}, c.degradedAt == null ? '—' : String(c.degradedAt)), h('td', {}, c.failingAt == null ? '—' : String(c.failingAt)))))));
}

/** The drift answer as a summary and a table, drifted inputs first, then by statistic. */
export function driftBlock(drift) {
  const inputs = [...drift.inputs].sort((a, b) => (b.drifted === true) - (a.drifted === true) || (b.statistic ?? -1) - (a.statistic ?? -1));
  const shown = inputs.slice(0, DRIFT_ROWS);
  return h('div', { class: 'drift', 'data-drift': drift.status },
    h('p', {}, `Drift over ${drift.window}: `, h('strong', {}, drift.status),
      ` · ${count(drift.driftedInputs)} of ${count(drift.testedInputs)} inputs drifted`
      + `${drift.driftShare != null ? ` (share ${metric(drift.driftShare, 2)}, threshold ${metric(drift.driftShareThreshold, 2)})` : ''}`
      + ` · ${count(drift.liveRows)} live rows against ${count(drift.referenceRows)} training rows${drift.capped ? ' (newest only)' : ''}`),
    drift.prediction ? h('p', { class: 'small' }, `Predictions: ${drift.prediction.status}${drift.prediction.statistic != null ? ` (${drift.prediction.method} ${metric(drift.prediction.statistic, 3)})` : ''}`) : null,
    h('div', { class: 'table-wrap' }, h('table', { class: 'numbers compact' },
      h('caption', {}, `Inputs, drifted first (${shown.length} of ${inputs.length})`),
      h('thead', {}, h('tr', {}, ...['input', 'status', 'method', 'statistic', 'threshold', 'p-value', 'PSI'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...shown.map((i) => h('tr', { 'data-input': i.name, class: i.drifted ? 'drifted' : '' },
        h('th', { scope: 'row' }, i.name), h('td', {}, i.status), h('td', {}, i.method || '—'),
        h('td', {}, metric(i.statistic, 3)), h('td', {}, metric(i.threshold, 3)), h('td', {}, i.pValue == null ? '—' : metric(i.pValue, 4)),
        h('td', {}, i.psi == null ? '—' : `${metric(i.psi, 3)} ${i.psiLevel || ''}`)))))));
}

/**
 * The section of one deployed model ({@code summary}: an item of GET /ml/metrics); its accuracy
 * chart is drawn through {@code charts} once the section is in the document (the returned draw()).
 */
export async function modelWatch(summary, window, charts, signal) {
  const id = summary.modelId;
  const settle = (p) => p.then((v) => ({ v }), (e) => ({ e }));
  const [health, metrics, drift] = await Promise.all([
    settle(api.get(`/ml/models/${id}/health`, undefined, { signal })),
    settle(api.get(`/ml/models/${id}/metrics`, { window }, { signal })),
    settle(api.get(`/ml/models/${id}/drift`, { window: window === '15m' ? '1h' : window }, { signal }))]);
  const box = h('div', { class: 'chart chart-accuracy', 'aria-label': `live accuracy and predictions of ${summary.modelName}` });
  const live = metrics.v && metrics.v.live;
  const own = metrics.v && metrics.v.validation && (metrics.v.validation.validation || metrics.v.validation.training);
  const section = h('section', { class: 'model-watch', 'data-model': summary.modelName, 'aria-labelledby': `watch-${id}` },
    h('h3', { id: `watch-${id}` }, h('a', { 'data-link': true, href: `/ui/models/${id}/versions/${summary.version}` }, summary.modelName), ` v${summary.version}`,
      h('span', { class: 'muted small' }, ` · ${summary.modelType}`)),
    health.v ? healthBlock(health.v) : h('p', { class: 'muted' }, `Health: ${health.e.message}`),
    h('figure', { class: 'panel', 'data-panel': 'accuracy' }, h('h4', {}, 'Live accuracy and predictions over time'), box,
      h('figcaption', { class: 'small muted' }, live && live.accuracy != null
        ? `Accuracy from ${count(live.evaluated)} labelled predictions: ${metric(live.accuracy)}${own && own.accuracy != null ? ` (its own: ${metric(own.accuracy)})` : ''}.`
        : `No accuracy yet: ${(live && live.reason) || 'no feedback in the window'}. Send true labels with POST /ml/feedback.`)),
    drift.v ? driftBlock(drift.v) : h('p', { class: 'muted' }, `Drift: ${drift.e.problem ? drift.e.problem.detail : drift.e.message}`));
  const draw = async () => {
    if (!metrics.v) return;
    const points = metrics.v.series.points;
    await charts.draw(box, 'accuracy', timeOption([
      { name: 'accuracy', points: points.map((p) => [p.at, p.accuracy]) },
      { name: 'predictions', points: points.map((p) => [p.at, p.predictions]), axis: 1, bar: true }],
    { yNames: ['accuracy', 'predictions'], yMax: [1, null] }));
  };
  return { section, draw };
}
