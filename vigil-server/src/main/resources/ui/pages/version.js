// A model's version: its evaluation drawn (confusion matrix, ROC and PR curves, calibration,
// per-class metrics, feature importance), provenance, validation, another version side by side,
// the actions on it (validate, deploy, roll back, retire) and the model's deployment history.
// Routes: /ui/models/{id} (the serving version, else the latest) and /ui/models/{id}/versions/{v}.
import { h, replace, message } from '../dom.js';
import { api } from '../api.js';
import { modelStyles } from '../models/styles.js';
import { chartSet, curveOption } from '../charts.js';
import { statusBadge } from '../models/model-card.js';
import { evaluationPanels, evaluatedOnText } from '../models/evaluation-charts.js';
import { provenanceList, hyperparameterList, tuningTable } from '../models/provenance.js';
import { comparisonTable } from '../models/comparison.js';
import { versionActions, deploymentTable, validationReport } from '../models/version-actions.js';
import { mayChange, mayUseData } from '../models/roles.js';
import { HEADLINE, metric, when } from '../models/format.js';

function param(ctx, name) {
  return ctx.query && (ctx.query.get ? ctx.query.get(name) : ctx.query[name]);
}

export async function render(root, ctx) {
  await modelStyles();
  const charts = chartSet();
  const compareCharts = chartSet();
  const id = ctx.params.id;

  const draw = async () => {
    charts.dispose();
    compareCharts.dispose();
    const [model, versions, deployments] = await Promise.all([
      api.get(`/ml/models/${id}`), api.get(`/ml/models/${id}/versions`), api.get(`/ml/models/${id}/deployments`)]);
    const changer = mayChange(ctx.session);
    const configure = changer && model.status !== 'retired' && model.status !== 'training'
      ? h('button', { type: 'button', class: 'secondary', 'data-action': 'configure' }, 'Configure and train…') : null;
    const head = h('header', { class: 'page-head' },
      h('div', {}, h('p', { class: 'crumbs small' }, h('a', { 'data-link': true, href: '/ui/models' }, 'Models'), ` / ${model.modelType}`),
        h('h1', {}, model.modelName, ' ', statusBadge(model.status)),
        h('p', { class: 'muted' }, `${model.algorithm} · slot ${model.modelType}${model.targetVariable ? ` · label ${model.targetVariable}` : ''}${model.binarize ? ` (binarized: ${model.binarize.negativeClass} against ${model.binarize.positiveClass || 'attack'})` : ''}`)),
      configure);
    if (configure) {
      // the dialog's modules load when it is first opened: reading a version needs none of them
      configure.addEventListener('click', () => import('../models/model-dialog.js')
        .then(({ openModelDialog }) => openModelDialog({ model, datasetId: versions.length ? versions[versions.length - 1].datasetId : null }))
        .catch((e) => configure.after(message('error', e.message))));
    }
    if (!versions.length) {
      replace(root, head, h('p', { class: 'empty' }, model.status === 'training' ? 'The first version is training.' : 'No version trained yet.'));
      return;
    }
    const wanted = Number(ctx.params.version) || (model.headline && model.headline.version) || versions[versions.length - 1].version;
    const number = versions.some((v) => v.version === wanted) ? wanted : versions[versions.length - 1].version;
    const [version, artifacts] = await Promise.all([
      api.get(`/ml/models/${id}/versions/${number}`), api.get(`/ml/models/${id}/artifacts`, { version: number })]);
    const datasets = changer && mayUseData(ctx.session) ? (await api.get('/ml/datasets', { size: 200 })).items : [];

    const picker = h('select', { id: 'version-picker', 'aria-label': 'version' },
      ...[...versions].reverse().map((v) => h('option', { value: String(v.version) }, `v${v.version} · ${v.status} · ${when(v.createdAt)}`)));
    picker.value = String(number);
    picker.addEventListener('change', () => ctx.navigate(`/ui/models/${id}/versions/${picker.value}`));
    const others = versions.filter((v) => v.version !== number);
    const compareSelect = h('select', { id: 'compare-with', 'aria-label': 'compare with version' }, h('option', { value: '' }, 'compare with…'),
      ...[...others].reverse().map((v) => h('option', { value: String(v.version) }, `v${v.version}`)));
    const compareHolder = h('div', { class: 'comparison-holder' });
    const compare = async (other) => {
      compareCharts.dispose();
      if (!other) { replace(compareHolder); return; }
      const numbers = [number, Number(other)];
      const [comparison, otherArtifacts] = await Promise.all([
        api.get(`/ml/models/${id}/versions`, { compare: numbers.join(',') }),
        api.get(`/ml/models/${id}/artifacts`, { version: other })]);
      const rocBox = h('div', { class: 'chart chart-roc-compare', 'aria-label': 'ROC curves of both versions' });
      const bothRoc = artifacts.rocCurve && artifacts.rocCurve.length && otherArtifacts.rocCurve && otherArtifacts.rocCurve.length;
      replace(compareHolder, comparisonTable(comparison, numbers),
        bothRoc ? h('figure', { class: 'panel', 'data-panel': 'roc-compare' }, h('h3', {}, 'ROC curves'), rocBox) : null);
      if (bothRoc) {
        await compareCharts.draw(rocBox, 'roc-compare', curveOption([
          { name: `v${number}`, points: artifacts.rocCurve.map((q) => [q.x, q.y]) },
          { name: `v${other}`, points: otherArtifacts.rocCurve.map((q) => [q.x, q.y]) }],
        { xName: 'false positive rate', yName: 'true positive rate', diagonal: true }));
      }
      const params = new URLSearchParams(location.search);
      params.set('compare', other);
      history.replaceState(history.state, '', `${location.pathname}?${params}`);
    };
    compareSelect.addEventListener('change', () => compare(compareSelect.value).catch((e) => replace(compareHolder, h('p', { class: 'error' }, e.message))));

    const datasetName = (datasetId) => { // from the datasets the role may list, else from the model's headline
      const known = datasets.find((d) => d.id === datasetId);
      if (known) return known.name;
      const hv = model.headline && model.headline.validation;
      return hv && hv.datasetId === datasetId ? hv.datasetName : null;
    };
    const m = version.metrics || {};
    const headline = h('dl', { class: 'metrics big' }, ...HEADLINE.flatMap((k) => [h('dt', {}, k === 'f1' ? 'F1' : k), h('dd', { 'data-metric': k }, metric(m[k]))]));
    const otherMetrics = Object.keys(m).filter((k) => !HEADLINE.includes(k)).sort();
    const evaluation = evaluationPanels(artifacts, m, charts);
    const actions = changer ? versionActions({ model, version, deployments, datasets, changed: draw }) : null;
    const predictLink = model.status !== 'retired'
      ? h('a', { 'data-link': true, class: 'button secondary', href: `/ui/models/${id}/predict?version=${number}`, 'data-action': 'predict' }, 'Try a prediction') : null;

    replace(root, head,
      h('section', { class: 'version-bar', 'aria-label': 'version' },
        h('label', { for: 'version-picker' }, 'Version'), picker,
        h('span', {}, statusBadge(version.status)),
        h('span', { class: 'muted small' }, `trained ${when(version.createdAt)}${version.createdBy ? ` by ${version.createdBy}` : ''}`),
        predictLink),
      actions,
      h('section', { 'aria-labelledby': 'figures-title' },
        h('h2', { id: 'figures-title' }, 'Figures'),
        h('p', { class: 'small muted' }, evaluatedOnText(artifacts.evaluatedOn)),
        headline,
        otherMetrics.length ? h('p', { class: 'small' }, otherMetrics.map((k) => `${k} ${metric(m[k])}`).join(' · ')) : null,
        version.validation ? validationReport(version.validation, datasetName(version.validation.datasetId)) : null,
        h('div', { class: 'panels' }, ...evaluation.panels),
        evaluation.panels.length ? null : h('p', { class: 'muted' }, 'This version has no labelled evaluation (a detector trained without a label column).')),
      artifacts.tuning ? h('section', { 'aria-labelledby': 'tuning-title' }, h('h2', { id: 'tuning-title' }, 'Hyperparameter search'), tuningTable(artifacts.tuning)) : null,
      h('section', { 'aria-labelledby': 'compare-title' }, h('h2', { id: 'compare-title' }, 'Compare versions'),
        others.length ? compareSelect : h('p', { class: 'muted' }, 'Only one version so far.'), compareHolder),
      h('section', { class: 'two-columns' },
        h('div', {}, h('h2', {}, 'Provenance'), provenanceList(version)),
        h('div', {}, h('h2', {}, 'Hyperparameters used'), hyperparameterList(version))),
      h('section', { 'aria-labelledby': 'deployments-title' }, h('h2', { id: 'deployments-title' }, 'Deployment history'), deploymentTable(deployments)));
    await evaluation.draw();
    const wantedCompare = param(ctx, 'compare');
    if (wantedCompare && others.some((v) => String(v.version) === wantedCompare)) {
      compareSelect.value = wantedCompare;
      await compare(wantedCompare);
    }
  };

  await draw();
  return () => {
    charts.dispose();
    compareCharts.dispose();
    document.querySelectorAll('dialog.model-dialog').forEach((d) => d.close());
  };
}
