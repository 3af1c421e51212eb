// The create / configure dialog: a model's definition (name, slot, algorithm and its
// hyperparameters, label, inputs, dropped columns, binarize) and a training of it (dataset,
// hold-out, seed, optionally a hyperparameter search), then the training's live progress.
//
// Each field is checked as it is typed against the rules the server states (GET /ml/algorithms'
// ranges, the API's name pattern); on submit the server's own 400 field errors are shown next to
// the fields they name and cleared as each field is edited.
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { hyperparameterTable } from './hyperparameters.js';
import { trainingProgress } from './training-progress.js';
import { count } from './format.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const METRICS = ['roc_auc', 'accuracy', 'f1', 'macro_f1', 'weighted_f1', 'pr_auc', 'log_loss'];

/**
 * Opens the dialog. {@code model}: the model to configure and train again (GET /ml/models/{id}),
 * or null to create one. {@code types}: the detection slots known, offered for modelType.
 * {@code onChange()} is called when a model was created or changed, and when its training ended.
 */
export async function openModelDialog({ model = null, datasetId = null, types = [], onChange = () => {} } = {}) {
  const [catalogue, datasetPage] = await Promise.all([
    api.get('/ml/algorithms'),
    api.get('/ml/datasets', { size: 200, sort: 'createdAt' }),
  ]);
  const algorithms = catalogue.algorithms;
  const datasets = datasetPage.items;
  let current = model; // set once the server has the model: a retry after a refused training updates it
  let hp = null;
  let columns = [];
  let progress = null;

  const errors = {};
  const fieldError = (name) => (errors[name] = h('p', { class: 'field-error', id: `err-${name.replace(/\W/g, '-')}`, role: 'alert' }));
  const field = (label, name, input, help) => {
    input.id = input.id || `f-${name}`;
    input.setAttribute('aria-describedby', `err-${name.replace(/\W/g, '-')}`);
    return h('div', { class: 'field', 'data-field': name }, h('label', { for: input.id }, label), input,
      help ? h('p', { class: 'help small muted' }, help) : null, fieldError(name));
  };
  const clear = (name) => { if (errors[name]) errors[name].textContent = ''; };
  const say = (name, message) => { (errors[name] || errors.general).textContent = message; };

  // ---- the definition ----
  const nameInput = h('input', { type: 'text', name: 'modelName', required: 'required', autocomplete: 'off', maxlength: '100' });
  const typeInput = h('input', { type: 'text', name: 'modelType', required: 'required', list: 'model-types', autocomplete: 'off', maxlength: '100' });
  const algorithmSelect = h('select', { name: 'algorithm' }, ...algorithms.map((a) =>
    h('option', { value: a.name }, `${a.name} (${a.task === 'classification' ? 'classifier' : 'anomaly detector'})`)));
  const description = h('textarea', { name: 'description', rows: '2', maxlength: '4000' });
  const hpHolder = h('div', { class: 'hp-holder' });

  // ---- the data ----
  const datasetSelect = h('select', { name: 'datasetId' }, h('option', { value: '' }, datasets.length ? 'choose a dataset' : 'no dataset uploaded yet'),
    ...datasets.map((d) => h('option', { value: d.id }, `${d.name} (${count(d.rows)} rows, ${d.columns} columns)`)));
  const columnsHolder = h('div', { class: 'columns-holder' });
  const binarizeBox = h('input', { type: 'checkbox', id: 'f-binarize', name: 'binarize' });
  const negativeClass = h('input', { type: 'text', name: 'negativeClass', value: 'normal', autocomplete: 'off' });
  const positiveClass = h('input', { type: 'text', name: 'positiveClass', value: 'attack', autocomplete: 'off' });
  const binarizeFields = h('div', { class: 'inline-fields binarize-fields', hidden: 'hidden' },
    field('normal class', 'binarize.negativeClass', negativeClass), field('every other class becomes', 'binarize.positiveClass', positiveClass));
  const split = h('input', { type: 'number', name: 'trainTestSplit', value: '0.2', min: '0.01', max: '0.9', step: '0.01' });
  const seed = h('input', { type: 'number', name: 'seed', value: '42', step: '1' });

  // ---- the search ----
  const searchBox = h('input', { type: 'checkbox', id: 'f-search', name: 'search' });
  const method = h('select', { name: 'tuning.method' }, h('option', { value: 'grid' }, 'grid'), h('option', { value: 'random' }, 'random'));
  const metricSelect = h('select', { name: 'tuning.metric' }, ...METRICS.map((m) => h('option', { value: m }, m)));
  const folds = h('input', { type: 'number', name: 'tuning.folds', value: '3', min: '2', max: '10' });
  const trials = h('input', { type: 'number', name: 'tuning.trials', value: '10', min: '1', max: '200' });
  const searchFields = h('div', { class: 'inline-fields search-fields', hidden: 'hidden' },
    field('method', 'tuning.method', method), field('metric', 'tuning.metric', metricSelect),
    field('folds', 'tuning.folds', folds), field('trials (random)', 'tuning.trials', trials));

  const general = h('div', { class: 'form-error', role: 'alert', id: 'err-general' });
  errors.general = general;
  const submit = h('button', { type: 'submit', class: 'primary' }, model ? 'Save and train' : 'Create and train');
  const close = h('button', { type: 'button', class: 'secondary' }, 'Close');
  const form = h('form', { class: 'model-form', novalidate: 'novalidate' },
    h('fieldset', {}, h('legend', {}, 'Model'),
      h('div', { class: 'inline-fields' },
        field('name', 'modelName', nameInput, 'letters, digits, . _ -'),
        field('detection slot (model type)', 'modelType', typeInput, 'intrusion, fraud, host-anomaly …'),
        field('algorithm', 'algorithm', algorithmSelect)),
      h('datalist', { id: 'model-types' }, ...types.map((t) => h('option', { value: t }))),
      field('description', 'description', description)),
    h('fieldset', {}, h('legend', {}, 'Data'),
      field('training dataset', 'datasetId', datasetSelect),
      columnsHolder, fieldError('targetVariable'), fieldError('features'), fieldError('dropColumns'),
      h('div', { class: 'check' }, binarizeBox, h('label', { for: 'f-binarize' }, 'binarize the label (one normal class against all others)')),
      fieldError('binarize'), binarizeFields,
      h('div', { class: 'inline-fields' },
        field('hold-out fraction', 'trainTestSplit', split, 'stratified; measured on these rows'),
        field('seed', 'seed', seed))),
    h('fieldset', {}, h('legend', {}, 'Hyperparameters'),
      h('div', { class: 'check' }, searchBox, h('label', { for: 'f-search' }, 'search hyperparameters by cross-validation')),
      searchFields, fieldError('tuning.space'), hpHolder, fieldError('hyperparameters')),
    general,
    h('div', { class: 'actions' }, submit, close));
  const body = h('div', { class: 'dialog-body' }, form);
  const dialog = h('dialog', { class: 'model-dialog', 'aria-labelledby': 'model-dialog-title' },
    h('h2', { id: 'model-dialog-title' }, model ? `Configure and train ${model.modelName}` : 'New model'), body);

  // ---- behaviour ----
  const algorithm = () => algorithms.find((a) => a.name === algorithmSelect.value);
  const drawHyperparameters = () => {
    const keep = current && current.algorithm === algorithmSelect.value ? current.hyperparameters : {};
    hp = hyperparameterTable(algorithm(), keep, { onInput: () => { clear('hyperparameters'); clear('tuning.space'); } });
    replace(hpHolder, hp.table);
    hpHolder.classList.toggle('searching', searchBox.checked);
  };
  const roleOf = (name) => {
    if (current && current.targetVariable === name) return 'target';
    if (current && current.dropColumns && current.dropColumns.includes(name)) return 'dropped';
    if (current && current.features && current.features.length && !current.features.includes(name)) return 'dropped';
    return null;
  };
  const drawColumns = async () => {
    columns = [];
    replace(columnsHolder);
    const id = datasetSelect.value;
    if (!id) return;
    const dataset = datasets.find((d) => d.id === id);
    const label = current ? current.targetVariable : dataset.labelColumn;
    const rows = dataset.schema.map((c) => {
      const role = h('select', { 'aria-label': `role of ${c.name}`, name: `role-${c.name}` },
        h('option', { value: 'input' }, 'input'), h('option', { value: 'dropped' }, 'dropped'), h('option', { value: 'target' }, 'label (target)'));
      role.value = roleOf(c.name) || (c.name === label ? 'target' : 'input');
      role.addEventListener('change', () => {
        if (role.value === 'target') columns.forEach((o) => { if (o.role !== role && o.role.value === 'target') o.role.value = 'input'; });
        ['targetVariable', 'features', 'dropColumns', 'binarize', 'datasetId'].forEach((n) => { serverSaid.delete(n); clear(n); });
        clear('general');
        checkAll();
        askServer();
      });
      columns.push({ name: c.name, role });
      return h('tr', {}, h('th', { scope: 'row' }, c.name), h('td', {}, c.type.toLowerCase()), h('td', {}, role));
    });
    replace(columnsHolder, h('details', { open: 'open' }, h('summary', {}, `columns of ${dataset.name}: label, inputs and dropped columns`),
      h('div', { class: 'table-wrap' }, h('table', { class: 'columns-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'column'), h('th', { scope: 'col' }, 'type'), h('th', { scope: 'col' }, 'role'))),
        h('tbody', {}, ...rows)))));
  };
  const target = () => (columns.find((c) => c.role.value === 'target') || {}).name || null;

  /** The checks the server would make that need no data: the same rules, said before submitting. */
  const checkAll = () => {
    const out = {};
    if (!current && !nameInput.value.trim()) out.modelName = 'is required';
    else if (nameInput.value && !NAME.test(nameInput.value)) out.modelName = "use 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit";
    if (!current && !typeInput.value.trim()) out.modelType = 'is required';
    else if (typeInput.value && !NAME.test(typeInput.value)) out.modelType = "use letters, digits, '.', '_' or '-' (e.g. intrusion, fraud, host-anomaly)";
    if (!datasetSelect.value) out.datasetId = 'choose the dataset to train on';
    if (algorithm().targetVariable === 'required' && datasetSelect.value && !target()) out.targetVariable = 'a classifier needs the label column to learn from';
    if (binarizeBox.checked && !target()) out.binarize = 'binarize maps the classes of the label column: choose the label too';
    if (binarizeBox.checked && negativeClass.value.trim() === positiveClass.value.trim()) out['binarize.positiveClass'] = 'must differ from negativeClass';
    const s = Number(split.value);
    if (!(s >= 0.01 && s <= 0.9)) out.trainTestSplit = 'must be from 0.01 to 0.9';
    const read = hp.read();
    if (Object.keys(read.errors).length) out.hyperparameters = Object.values(read.errors).join('; ');
    if (searchBox.checked) {
      const f = Number(folds.value);
      if (!(Number.isInteger(f) && f >= 2 && f <= 10)) out['tuning.folds'] = 'must be from 2 to 10';
      const t = Number(trials.value);
      if (method.value === 'random' && !(Number.isInteger(t) && t >= 1 && t <= 200)) out['tuning.trials'] = 'must be from 1 to 200';
      const sizes = Object.values(read.space).map((v) => v.length);
      if (!sizes.length) out['tuning.space'] = 'give each searched hyperparameter a non-empty list of values (the "search values" column)';
      else if (method.value === 'grid' && sizes.reduce((a, b) => a * b, 1) > 200) out['tuning.space'] = 'the grid has more than 200 combinations; use random';
    }
    for (const name of Object.keys(errors)) {
      if (name !== 'general' && name !== 'hyperparameters' && !serverSaid.has(name)) errors[name].textContent = out[name] || '';
    }
    return { out, read };
  };
  const serverSaid = new Set(); // fields whose message is the server's: kept until the field is edited

  // The definition is also checked by the server itself as it is written, once the checks above
  // pass: a dry run (POST /ml/models?dryRun=true, or PUT of the model for a change; nothing stored),
  // its refusals in its own words on their fields.
  let asked = 0;
  let pending = null;
  const askServer = () => {
    clearTimeout(pending);
    pending = setTimeout(async () => {
      const { out, read } = checkAll();
      if (Object.keys(out).length) return;
      const mine = ++asked;
      const dryRun = { query: { dryRun: 'true' } };
      try {
        if (current) await api.put(`/ml/models/${current.id}`, definition(read), dryRun);
        else await api.post('/ml/models', definition(read), dryRun);
        if (mine === asked) {
          for (const n of [...serverSaid]) { serverSaid.delete(n); clear(n); }
          general.textContent = '';
        }
      } catch (e) {
        if (mine === asked && (e.status === 400 || e.status === 409)) showProblem(e, { quiet: true });
      }
    }, 400);
  };

  const editing = (input, ...names) => input.addEventListener('input', () => {
    names.forEach((n) => { serverSaid.delete(n); clear(n); });
    clear('general');
    checkAll();
    askServer();
  });
  editing(nameInput, 'modelName');
  editing(typeInput, 'modelType');
  editing(description, 'description');
  editing(split, 'trainTestSplit', 'validationDatasetId');
  editing(seed, 'seed');
  editing(negativeClass, 'binarize.negativeClass', 'binarize');
  editing(positiveClass, 'binarize.positiveClass', 'binarize');
  [folds, trials].forEach((i) => editing(i, 'tuning.folds', 'tuning.trials'));
  algorithmSelect.addEventListener('change', () => { serverSaid.clear(); clear('algorithm'); drawHyperparameters(); checkAll(); askServer(); });
  datasetSelect.addEventListener('change', async () => {
    ['datasetId', 'targetVariable', 'features', 'dropColumns'].forEach((n) => { serverSaid.delete(n); clear(n); });
    await drawColumns();
    checkAll();
    askServer();
  });
  binarizeBox.addEventListener('change', () => { binarizeFields.hidden = !binarizeBox.checked; clear('binarize'); checkAll(); askServer(); });
  searchBox.addEventListener('change', () => {
    searchFields.hidden = !searchBox.checked;
    hpHolder.classList.toggle('searching', searchBox.checked);
    checkAll();
  });

  /** Shows a refusal: its field errors where they belong, the rest (and the detail) at the foot; {@code quiet}: no scrolling (while typing). */
  const showProblem = (e, { quiet = false } = {}) => {
    const problem = e.problem || {};
    const rest = [];
    for (const fe of problem.errors || []) {
      let name = fe.field;
      if (name === 'hyperparameters') {
        rest.push(...hp.showServerErrors(fe.message.split('; ')).map((m) => `hyperparameters: ${m}`));
        continue;
      }
      if (name && name.startsWith('tuning.space.')) name = 'tuning.space';
      if (name && name.startsWith('binarize') && !errors[name]) name = 'binarize';
      if (errors[name]) { errors[name].textContent = fe.message; serverSaid.add(name); } else rest.push(`${fe.field}: ${fe.message}`);
    }
    if (e.status === 409 && !current) { errors.modelName.textContent = problem.detail || e.message; serverSaid.add('modelName'); }
    // a 400's detail only counts its field errors, shown above; a 409 is on the name; any other says why
    const why = e.status === 409 || (e.status === 400 && problem.errors && problem.errors.length) ? '' : (problem.detail || e.message);
    general.textContent = [why, ...rest].filter(Boolean).join(' · ');
    const first = form.querySelector('.field-error:not(:empty), .form-error:not(:empty)');
    if (first && !quiet) first.scrollIntoView({ block: 'nearest' });
  };

  const definition = (read) => {
    const t = target();
    const body = {
      algorithm: algorithmSelect.value,
      hyperparameters: read.hyperparameters,
      targetVariable: t || '',
      dropColumns: columns.filter((c) => c.role.value === 'dropped').map((c) => c.name),
      description: description.value || undefined,
    };
    if (current && current.features && current.features.length) body.features = columns.filter((c) => c.role.value === 'input').map((c) => c.name);
    if (binarizeBox.checked) body.binarize = { negativeClass: negativeClass.value.trim(), positiveClass: positiveClass.value.trim() || 'attack' };
    if (!current) {
      body.modelName = nameInput.value.trim();
      body.modelType = typeInput.value.trim();
      if (!t) delete body.targetVariable;
    } else if (nameInput.value.trim() && nameInput.value.trim() !== current.modelName) body.modelName = nameInput.value.trim();
    return body;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    serverSaid.clear();
    general.textContent = '';
    hp.clearErrors();
    const { out, read } = checkAll();
    if (Object.keys(out).length) {
      hp.showServerErrors(Object.values(read.errors));
      general.textContent = 'Please correct the fields marked.';
      return;
    }
    submit.disabled = true;
    try {
      const request = definition(read);
      current = current ? await api.put(`/ml/models/${current.id}`, request) : await api.post('/ml/models', request);
      dialog.querySelector('h2').textContent = `Configure and train ${current.modelName}`;
      submit.textContent = 'Save and train';
      nameInput.value = current.modelName;
      typeInput.disabled = true; // a model's slot never changes
      onChange(current);
      const train = { datasetId: datasetSelect.value, trainTestSplit: Number(split.value), seed: Number(seed.value) };
      if (searchBox.checked) {
        train.tuning = { method: method.value, metric: metricSelect.value, folds: Number(folds.value), space: read.space };
        if (method.value === 'random') train.tuning.trials = Number(trials.value);
      }
      const job = await api.post(`/ml/models/${current.id}/train`, train);
      if (progress) { progress.stop(); progress.element.remove(); }
      progress = trainingProgress(job, { onDone: () => { submit.disabled = false; onChange(current); } });
      body.append(progress.element);
      progress.element.scrollIntoView({ block: 'nearest' });
    } catch (e) {
      submit.disabled = false;
      showProblem(e);
    }
  });
  // closed by its button, Escape, or the page going away (its cleanup closes open dialogs)
  dialog.addEventListener('close', () => { clearTimeout(pending); if (progress) progress.stop(); dialog.remove(); });
  close.addEventListener('click', () => dialog.close());

  // ---- the model's own values when configuring ----
  if (model) {
    nameInput.value = model.modelName;
    typeInput.value = model.modelType;
    typeInput.disabled = true;
    algorithmSelect.value = model.algorithm;
    description.value = model.description || '';
    if (model.binarize) {
      binarizeBox.checked = true;
      binarizeFields.hidden = false;
      negativeClass.value = model.binarize.negativeClass;
      positiveClass.value = model.binarize.positiveClass || 'attack';
    }
  }
  drawHyperparameters();
  if (datasetId && datasets.some((d) => d.id === datasetId)) {
    datasetSelect.value = datasetId;
    await drawColumns();
  }
  document.body.append(dialog);
  dialog.showModal();
  (model ? datasetSelect : nameInput).focus();
  return dialog;
}
