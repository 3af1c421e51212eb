// A version's evaluation as charts (GET /ml/models/{id}/artifacts): confusion matrix, ROC and PR
// curves, calibration, per-class metrics and feature importance. Each chart has a table or a
// caption beside it with the same figures, so nothing is only in the canvas.
import { h } from '../dom.js';
import { confusionOption, curveOption, barOption, groupedBarOption } from '../charts.js';
import { metric, count, percent } from './format.js';

const IMPORTANCE_SHOWN = 20;

/** A titled panel with a chart container of the given kind; the figure caption says what it shows. */
function panel(kind, title, caption, ...extra) {
  const box = h('div', { class: `chart chart-${kind}`, 'aria-label': title });
  return { box, element: h('figure', { class: 'panel', 'data-panel': kind }, h('h3', {}, title), box,
    caption ? h('figcaption', { class: 'small muted' }, caption) : null, ...extra) };
}

/** Where the figures were measured, in words. */
export function evaluatedOnText(e) {
  if (!e) return '';
  // a training on Spark measures on a sample of at most training.sampleRows rows: said, never passed off as all
  const rows = e.sampledFrom != null && e.sampledFrom > e.rows ? `a sample of ${count(e.rows)} of the ${count(e.sampledFrom)}` : null;
  return e.holdOutFraction != null
    ? `Measured on ${rows ?? count(e.rows)} rows held out of the training dataset (${percent(e.holdOutFraction, 0)}${e.stratified ? ', stratified' : ''}).`
    : `Measured on ${rows ?? 'all ' + count(e.rows)} rows of a separate dataset.`;
}

/**
 * The panels of {@code artifacts} with their charts drawn through {@code charts} (a chartSet);
 * {@code metrics} are the version's headline metrics (for the AUCs in the titles).
 */
export function evaluationPanels(artifacts, metrics, charts) {
  const panels = [];
  const later = []; // charts are drawn once their containers are in the document
  const cm = artifacts.confusionMatrix;
  if (cm) {
    const p = panel('confusion', 'Confusion matrix', 'Rows: actual class; columns: predicted. Colour: share of the actual class; number: rows.',
      confusionTable(cm));
    panels.push(p.element);
    later.push(() => charts.draw(p.box, 'confusion', (dark) => confusionOption(cm.classes, cm.counts, { dark })));
  }
  if (artifacts.rocCurve && artifacts.rocCurve.length) {
    const roc = panel('roc', `ROC curve (AUC ${metric(metrics.roc_auc, 3)})`, 'False positive rate against true positive rate, one point per score threshold.');
    const pr = panel('pr', `Precision-recall (AP ${metric(metrics.pr_auc, 3)})`, 'Recall against precision of the positive class.');
    panels.push(roc.element, pr.element);
    later.push(() => charts.draw(roc.box, 'roc', curveOption([{ name: 'ROC', points: artifacts.rocCurve.map((q) => [q.x, q.y]) }],
      { xName: 'false positive rate', yName: 'true positive rate', diagonal: true, area: true })));
    later.push(() => charts.draw(pr.box, 'pr', curveOption([{ name: 'precision-recall', points: artifacts.prCurve.map((q) => [q.x, q.y]) }],
      { xName: 'recall', yName: 'precision' })));
  } else if (cm && cm.classes.length > 2) {
    panels.push(h('p', { class: 'panel muted small', 'data-panel': 'curves' }, `ROC, precision-recall and calibration are drawn for two classes; this model has ${cm.classes.length} (its AUCs are one-vs-rest macro averages: ROC ${metric(metrics.roc_auc, 3)}, PR ${metric(metrics.pr_auc, 3)}).`));
  }
  const bins = (artifacts.calibration || []).filter((b) => b.count > 0);
  if (bins.length) {
    const p = panel('calibration', 'Calibration', 'Mean predicted probability against the observed share of positives, per probability bin; the dashed line is perfect calibration.',
      h('p', { class: 'small muted' }, `Bins with rows: ${bins.length}; rows: ${count(bins.reduce((a, b) => a + b.count, 0))}.`));
    panels.push(p.element);
    later.push(() => charts.draw(p.box, 'calibration', curveOption([{ name: 'model', points: bins.map((b) => [b.meanPredicted, b.fractionPositive]) }],
      { xName: 'mean predicted probability', yName: 'observed positive share', diagonal: 'perfectly calibrated' })));
  }
  if (artifacts.perClass && artifacts.perClass.length) {
    const pc = artifacts.perClass;
    const p = panel('per-class', 'Per-class metrics', artifacts.classesWithoutTestRows && artifacts.classesWithoutTestRows.length
      ? `Classes without test rows (not measured): ${artifacts.classesWithoutTestRows.join(', ')}.` : null, perClassTable(pc));
    panels.push(p.element);
    later.push(() => charts.draw(p.box, 'per-class', groupedBarOption(pc.map((c) => c.name),
      ['precision', 'recall', 'f1'].map((m) => ({ name: m === 'f1' ? 'F1' : m, values: pc.map((c) => c[m]) })))));
  }
  const fi = artifacts.featureImportance;
  if (fi && fi.features && fi.features.length) {
    const top = [...fi.features].sort((a, b) => b.importance - a.importance).slice(0, IMPORTANCE_SHOWN);
    const p = panel('importance', `Feature importance (${fi.method})`,
      `Each input's share of the ensemble's total ${fi.method}; the ${top.length} largest of ${fi.features.length}.`);
    p.box.style.height = `${Math.max(240, top.length * 22 + 40)}px`;
    panels.push(p.element);
    later.push(() => charts.draw(p.box, 'importance', barOption(top.map((f) => ({ name: f.feature, value: f.importance })), { name: fi.method })));
  }
  return { panels, draw: () => Promise.all(later.map((f) => f())) };
}

function confusionTable(cm) {
  return h('details', {}, h('summary', {}, 'as a table'), h('div', { class: 'table-wrap' }, h('table', { class: 'numbers' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'actual \\ predicted'), ...cm.classes.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...cm.counts.map((row, i) => h('tr', {}, h('th', { scope: 'row' }, cm.classes[i]),
      ...row.map((n, j) => h('td', { class: i === j ? 'diagonal' : '' }, count(n)))))))));
}

function perClassTable(pc) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'numbers' },
    h('thead', {}, h('tr', {}, ...['class', 'precision', 'recall', 'F1', 'support'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...pc.map((c) => h('tr', {}, h('th', { scope: 'row' }, c.name), h('td', {}, metric(c.precision)),
      h('td', {}, metric(c.recall)), h('td', {}, metric(c.f1)), h('td', {}, count(c.support)))))));
}
