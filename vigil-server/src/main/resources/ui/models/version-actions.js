// What a data scientist does with a version: validate it on other data (with metric gates),
// deploy it to its slot, roll the slot back, retire the model. Only drawn for roles that may;
// each answer (or refusal, in the server's words) is shown where the action was taken.
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { metric, when, count } from './format.js';

/** The deployment history of a model, newest first. */
export function deploymentTable(deployments) {
  if (!deployments.length) return h('p', { class: 'muted' }, 'Never deployed.');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'numbers deployments' },
    h('thead', {}, h('tr', {}, ...['version', 'action', 'from', 'until', 'replaced', 'active'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...deployments.map((d) => h('tr', { class: d.active ? 'active' : '', 'data-deployment': String(d.id) },
      h('td', {}, `v${d.version}`), h('td', {}, d.action), h('td', {}, when(d.createdAt)), h('td', {}, d.endedAt ? when(d.endedAt) : '—'),
      h('td', {}, d.previousVersion ? `v${d.previousVersion}${d.previousModelId && d.previousModelId !== d.modelId ? ' of another model' : ''}` : '—'),
      h('td', {}, d.active ? 'serving' : ''))))));
}

/**
 * A validation report: passed or not, each gate with its outcome, the metrics. The report names its
 * dataset by id only; {@code datasetName} is its name when the page knows it.
 */
export function validationReport(report, datasetName) {
  const gates = report.gates || [];
  return h('div', { class: `validation ${report.passed ? 'passed' : 'failed'}`, 'data-passed': String(report.passed) },
    h('p', {}, h('strong', {}, report.passed ? 'Validation passed' : 'Validation failed'),
      ` on ${datasetName || `dataset ${report.datasetId}`}, ${when(report.validatedAt)}.`),
    gates.length ? h('table', { class: 'numbers compact' },
      h('thead', {}, h('tr', {}, ...['gate', 'required', 'actual', 'outcome'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...gates.map((g) => h('tr', { class: g.passed ? '' : 'failed' }, h('th', { scope: 'row' }, g.metric),
        h('td', {}, g.minimum != null ? `≥ ${g.minimum}` : `≤ ${g.maximum}`), h('td', {}, metric(g.actual)),
        h('td', {}, g.passed ? 'passed' : 'failed'))))) : null,
    h('p', { class: 'small muted' }, Object.entries(report.metrics || {}).map(([k, v]) => `${k} ${metric(v)}`).join(' · ')));
}

/**
 * The action bar for {@code version} of {@code model}; {@code changed()} reloads the page's data
 * after an action succeeded. {@code datasets}: those the caller may validate on.
 */
export function versionActions({ model, version, deployments, datasets, changed }) {
  const message = h('div', { class: 'action-message', role: 'status', 'aria-live': 'polite' });
  const fail = (e) => {
    message.className = 'action-message error';
    const problem = e.problem || {};
    message.textContent = [problem.detail || e.message, ...(problem.errors || []).map((x) => `${x.field}: ${x.message}`)].join(' · ');
  };
  const ok = (text) => { message.className = 'action-message'; message.textContent = text; };
  const button = (label, action, handler) => {
    const b = h('button', { type: 'button', 'data-action': action, class: action === 'retire' ? 'danger' : 'secondary' }, label);
    b.addEventListener('click', async () => {
      b.disabled = true;
      try { await handler(); } catch (e) { fail(e); } finally { b.disabled = false; }
    });
    return b;
  };
  const bar = h('div', { class: 'actions' });
  const validateForm = validationForm({ model, version, datasets, onReport: async (report) => {
    ok(report.passed ? `Version ${version.version} passed validation.` : `Version ${version.version} did not pass validation.`);
    await changed();
  }, fail });

  const deployed = model.deployedVersion === version.version && model.status === 'deployed';
  if (model.status !== 'retired') {
    bar.append(validateForm.toggle);
    if (!deployed && (version.status === 'validated' || version.status === 'deployed')) {
      bar.append(button(`Deploy v${version.version}`, 'deploy', async () => {
        const d = await api.post(`/ml/models/${model.id}/deploy`, { version: version.version });
        ok(`Version ${d.version} now answers for ${d.modelType}.`);
        await changed();
      }));
    } else if (!deployed && version.status === 'trained') {
      bar.append(h('span', { class: 'small muted' }, 'Validate this version to deploy it.'));
    }
    const active = deployments.find((d) => d.active);
    if (model.status === 'deployed' && active && active.previousVersion != null) {
      bar.append(button(`Roll back to v${active.previousVersion}${active.previousModelId !== model.id ? ' of the previous model' : ''}`, 'rollback', async () => {
        const back = `v${active.previousVersion}${active.previousModelId !== model.id ? ' of the model it replaced' : ''}`;
        if (!await confirmDialog(`${model.modelType} is answered by v${active.version} of ${model.modelName}. Put back ${back}?`,
          { title: 'Roll back the slot?', confirm: 'Roll back' })) return;
        const d = await api.post(`/ml/models/${model.id}/rollback`);
        ok(`Rolled back: version ${d.version} answers for ${d.modelType}.`);
        await changed();
      }));
    }
    bar.append(button('Retire model', 'retire', async () => {
      if (!await confirmDialog(`${model.modelName} stops serving for good; it and its versions stay readable.`,
        { title: `Retire ${model.modelName}?`, confirm: 'Retire', danger: true })) return;
      await api.post(`/ml/models/${model.id}/retire`);
      ok(`${model.modelName} is retired.`);
      await changed();
    }));
  }
  return h('div', { class: 'version-actions' }, bar, validateForm.form, message);
}

/** The validation form: a dataset the version did not train on, and optional metric gates. */
function validationForm({ model, version, datasets, onReport, fail }) {
  const usable = datasets.filter((d) => d.id !== version.datasetId && d.sha256 !== version.datasetSha256);
  const toggle = h('button', { type: 'button', class: 'secondary', 'data-action': 'validate', 'aria-expanded': 'false' }, `Validate v${version.version}…`);
  const dataset = h('select', { id: 'validate-dataset', name: 'datasetId' },
    ...usable.map((d) => h('option', { value: d.id }, `${d.name} (${count(d.rows)} rows)`)));
  const gateMetric = h('select', { id: 'validate-metric', name: 'metric' }, h('option', { value: '' }, 'the server\'s default gates'),
    ...Object.keys(version.metrics || {}).map((m) => h('option', { value: m }, m)));
  const gateValue = h('input', { id: 'validate-threshold', name: 'threshold', type: 'number', step: 'any', min: '0', placeholder: 'e.g. 0.95' });
  const run = h('button', { type: 'submit', class: 'primary' }, 'Run validation');
  const result = h('div', { class: 'validation-result' });
  const form = h('form', { class: 'validate-form', hidden: 'hidden' },
    usable.length ? h('div', { class: 'inline-fields' },
      h('div', { class: 'field' }, h('label', { for: 'validate-dataset' }, 'dataset not trained on'), dataset),
      h('div', { class: 'field' }, h('label', { for: 'validate-metric' }, 'gate'), gateMetric),
      h('div', { class: 'field' }, h('label', { for: 'validate-threshold' }, 'minimum (maximum for log_loss)'), gateValue),
      run) : h('p', { class: 'muted' }, 'Upload a dataset the version was not trained on to validate it.'),
    result);
  toggle.addEventListener('click', () => {
    form.hidden = !form.hidden;
    toggle.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden && usable.length) dataset.focus();
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    run.disabled = true;
    replace(result, h('p', { class: 'muted' }, 'Validating…'));
    try {
      const body = { version: version.version, datasetId: dataset.value };
      if (gateMetric.value && gateValue.value !== '') body.thresholds = { [gateMetric.value]: Number(gateValue.value) };
      const report = await api.post(`/ml/models/${model.id}/validate`, body);
      replace(result, validationReport(report, dataset.selectedOptions[0] && dataset.selectedOptions[0].textContent));
      await onReport(report);
    } catch (err) {
      replace(result);
      fail(err);
    } finally {
      run.disabled = false;
    }
  });
  return { toggle, form };
}
