// Try a prediction: a form made from a version's inputs (GET .../versions/{v}/inputs: type and
// whether required), the answer with its class probabilities, and the explanation as a chart of
// each input's contribution. Routes: /ui/predict (choose a model) and /ui/models/{id}/predict.
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { modelStyles } from '../models/styles.js';
import { chartSet, barOption } from '../charts.js';
import { mayUseData } from '../models/roles.js';
import { metric, percent, value as show } from '../models/format.js';

function param(ctx, name) {
  return ctx.query && (ctx.query.get ? ctx.query.get(name) : ctx.query[name]);
}

export async function render(root, ctx) {
  await modelStyles();
  if (!ctx.params.id) return chooseModel(root);
  const charts = chartSet();
  const id = ctx.params.id;
  const model = await api.get(`/ml/models/${id}`);
  const versionNumber = Number(param(ctx, 'version')) || model.deployedVersion || model.latestVersion;
  if (!versionNumber) {
    replace(root, h('h1', {}, `Try ${model.modelName}`), h('p', { class: 'empty' }, 'This model has no version yet.'));
    return undefined;
  }
  const [schema, version] = await Promise.all([
    api.get(`/ml/models/${id}/versions/${versionNumber}/inputs`), api.get(`/ml/models/${id}/versions/${versionNumber}`)]);

  const fields = schema.inputs.map((input, i) => inputField(input, i));
  const explain = h('input', { type: 'checkbox', id: 'explain', checked: 'checked' });
  const topK = h('input', { type: 'number', id: 'top-k', min: '1', max: '1000', value: '10' });
  const json = h('textarea', { id: 'record-json', rows: '4', spellcheck: 'false', placeholder: '{"duration": 0, "protocol_type": "tcp", …}' });
  const fromJson = h('button', { type: 'button', class: 'secondary' }, 'Fill the form from JSON');
  const fromData = mayUseData(ctx.session) && version.datasetId
    ? h('button', { type: 'button', class: 'secondary', 'data-action': 'fill-row' }, 'Fill with a random training row') : null;
  const general = h('div', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Predict');
  const answer = h('section', { class: 'prediction-answer', 'aria-live': 'polite', 'aria-label': 'prediction' });
  const required = schema.inputs.filter((x) => x.required).length;

  const form = h('form', { class: 'predict-form', novalidate: 'novalidate' },
    h('details', {}, h('summary', {}, 'Paste a record as JSON'), json, h('div', { class: 'actions' }, fromJson)),
    fromData ? h('div', { class: 'actions' }, fromData) : null,
    h('fieldset', {}, h('legend', {}, `Inputs (${schema.inputs.length}, ${required} required)`),
      h('div', { class: 'input-grid' }, ...fields.map((f) => f.element))),
    schema.ignored && schema.ignored.length ? h('p', { class: 'small muted' }, `Ignored if present: ${schema.ignored.join(', ')}.`) : null,
    h('div', { class: 'inline-fields' },
      h('div', { class: 'check' }, explain, h('label', { for: 'explain' }, 'explain the answer')),
      h('div', { class: 'field inline' }, h('label', { for: 'top-k' }, 'largest contributions'), topK)),
    general, h('div', { class: 'actions' }, submit));

  const fill = (record) => {
    for (const f of fields) {
      if (Object.prototype.hasOwnProperty.call(record, f.input.name)) f.set(record[f.input.name]);
    }
  };
  fromJson.addEventListener('click', () => {
    try { fill(JSON.parse(json.value)); general.textContent = ''; } catch (e) { general.textContent = `Not a JSON object: ${e.message}`; }
  });
  if (fromData) {
    fromData.addEventListener('click', async () => {
      try {
        const rows = (version.provenance && version.provenance.dataset && version.provenance.dataset.rows) || 1;
        const preview = await api.get(`/ml/datasets/${version.datasetId}/preview`, { offset: Math.floor(Math.random() * rows), limit: 1 });
        if (preview.rows.length) fill(preview.rows[0]);
      } catch (e) { general.textContent = e.message; }
    });
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    general.textContent = '';
    fields.forEach((f) => f.error(''));
    const features = {};
    const missing = [];
    for (const f of fields) {
      const v = f.read();
      if (v === undefined) { if (f.input.required) missing.push(f); continue; }
      features[f.input.name] = v;
    }
    if (missing.length) {
      missing.forEach((f) => f.error('is required'));
      general.textContent = `${missing.length} required input${missing.length === 1 ? '' : 's'} empty.`;
      missing[0].focus();
      return;
    }
    submit.disabled = true;
    try {
      const result = await api.post(`/ml/models/${id}/predict`, { version: versionNumber, features, explain: explain.checked, topK: Number(topK.value) || 10 });
      charts.dispose();
      const shown = showAnswer(result);
      replace(answer, ...shown.elements);
      await shown.draw(charts);
    } catch (e) {
      const problem = e.problem || {};
      const rest = [];
      for (const fe of problem.errors || []) {
        const name = fe.field && fe.field.startsWith('features.') ? fe.field.slice('features.'.length) : null;
        const f = fields.find((x) => x.input.name === name);
        if (f) f.error(fe.message); else rest.push(`${fe.field}: ${fe.message}`);
      }
      general.textContent = [problem.detail || e.message, ...rest].join(' · ');
    } finally {
      submit.disabled = false;
    }
  });

  replace(root, 
    h('header', { class: 'page-head' }, h('div', {},
      h('p', { class: 'crumbs small' }, h('a', { 'data-link': true, href: `/ui/models/${id}/versions/${versionNumber}` }, `${model.modelName} v${versionNumber}`)),
      h('h1', {}, `Try ${model.modelName} v${versionNumber}`),
      h('p', { class: 'muted' }, `${model.algorithm} · ${model.deployedVersion === versionNumber ? 'the deployed version' : `version ${versionNumber} (not the deployed one)`}`))),
    h('div', { class: 'two-columns' }, form, answer));
  return () => charts.dispose();
}

/** One input's field: typed by the schema; empty means "not given" (an optional input reads as missing). */
function inputField(input, index) {
  const id = `in-${index}`;
  let control;
  if (input.type === 'boolean') {
    control = h('select', { id, name: input.name }, h('option', { value: '' }, ''), h('option', { value: 'true' }, 'true'), h('option', { value: 'false' }, 'false'));
  } else if (input.kind === 'numeric' && input.type !== 'timestamp') {
    control = h('input', { id, name: input.name, type: 'number', step: input.type === 'integer' ? '1' : 'any', autocomplete: 'off' });
  } else {
    control = h('input', { id, name: input.name, type: 'text', autocomplete: 'off',
      placeholder: input.type === 'timestamp' ? '2026-11-02T00:00:00Z' : '' });
  }
  if (input.required) control.required = true;
  const error = h('p', { class: 'field-error', id: `${id}-error`, role: 'alert' });
  control.setAttribute('aria-describedby', `${id}-error`);
  const element = h('div', { class: 'field', 'data-input': input.name },
    h('label', { for: id }, input.name, h('span', { class: 'muted small' }, ` ${input.type}${input.required ? '' : ', optional'}`),
      input.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    control, error);
  control.addEventListener('input', () => { error.textContent = ''; });
  return {
    input, element,
    focus: () => control.focus(),
    error: (text) => { error.textContent = text; },
    set(v) { control.value = v == null ? '' : String(v); },
    read() {
      const t = control.value.trim();
      if (t === '') return undefined;
      if (input.type === 'boolean') return t === 'true';
      if (control.type === 'number') return Number(t);
      return t;
    },
  };
}

/** The answer's elements and the drawing of its charts. */
function showAnswer(result) {
  const probabilities = Object.entries(result.probabilities || {}).sort((a, b) => b[1] - a[1]);
  const elements = [
    h('h2', {}, 'Answer'),
    h('p', { class: 'verdict' }, h('strong', { 'data-testid': 'predicted-label' }, result.label),
      result.confidence != null ? ` with confidence ${percent(result.confidence)}` : '',
      result.anomalyScore != null ? ` · anomaly score ${metric(result.anomalyScore, 3)}${result.anomaly ? ' (anomalous)' : ''}` : ''),
    probabilities.length ? h('table', { class: 'numbers compact probabilities' },
      h('caption', {}, 'Class probabilities'),
      h('tbody', {}, ...probabilities.map(([k, p]) => h('tr', {}, h('th', { scope: 'row' }, k),
        h('td', {}, h('meter', { min: '0', max: '1', value: String(p), 'aria-label': `${k} probability` })), h('td', {}, percent(p))))))
      : null,
    h('p', { class: 'small muted mono' }, `prediction ${result.predictionId} · ${result.model ? `${result.model.name} v${result.model.version}` : ''}`),
  ];
  const ex = result.explanation;
  let box = null;
  if (ex) {
    const items = ex.contributions.map((c) => ({ name: `${c.feature} = ${show(c.value)}`, value: c.contribution }));
    box = h('div', { class: 'chart chart-contributions', 'aria-label': `contributions to ${ex.explainedClass}` });
    box.style.height = `${Math.max(200, items.length * 26 + 40)}px`;
    elements.push(h('figure', { class: 'panel', 'data-panel': 'explanation' },
      h('h3', {}, `Why ${ex.explainedClass}`),
      box,
      h('figcaption', { class: 'small muted' }, `Each input's contribution to the ${ex.marginOf} of ${ex.explainedClass}: towards it (orange) or away (blue). `
        + `Bias ${metric(ex.bias, 3)} + contributions = margin ${metric(ex.margin, 3)}; ${ex.contributions.length} largest shown.`),
      h('details', {}, h('summary', {}, 'as a table'), h('table', { class: 'numbers compact' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'input'), h('th', { scope: 'col' }, 'value'), h('th', { scope: 'col' }, 'contribution'))),
        h('tbody', {}, ...ex.contributions.map((c) => h('tr', {}, h('th', { scope: 'row' }, c.feature), h('td', {}, show(c.value)), h('td', {}, metric(c.contribution, 4)))))))));
    // a function of the theme: the signed colours are the theme's, read again when it changes
    return { elements, draw: (charts) => charts.draw(box, 'contributions', () => barOption(items, { name: 'contribution', signed: true })) };
  }
  return { elements, draw: async () => {} };
}

/** /ui/predict: the models that can answer, deployed ones first. */
async function chooseModel(root) {
  const page = await api.get('/ml/models', { size: 200 });
  const usable = page.items.filter((m) => m.latestVersion && m.status !== 'retired')
    .sort((a, b) => (b.status === 'deployed') - (a.status === 'deployed') || a.modelName.localeCompare(b.modelName));
  replace(root, h('h1', {}, 'Try a prediction'),
    usable.length ? h('ul', { class: 'plain-list' }, ...usable.map((m) => h('li', {},
      h('a', { 'data-link': true, href: `/ui/models/${m.id}/predict` }, m.modelName),
      h('span', { class: 'muted small' }, ` ${m.modelType} · ${m.status === 'deployed' ? `v${m.deployedVersion} deployed` : `v${m.latestVersion}, not deployed`}`))))
      : h('p', { class: 'empty' }, 'No trained model yet.'));
  return undefined;
}
