// The hyperparameter fields of an algorithm, made from GET /ml/algorithms: each with its type,
// default (as the placeholder: left empty, the server's default applies), range or choices, and a
// check as you type against that same range, worded as the server words its refusal.
import { h } from '../dom.js';
import { value as show } from './format.js';

/** Whether {@code n} lies in the parameter's range ({@code minimumExclusive} excludes the minimum). */
function inRange(p, n) {
  if (p.minimum != null && (p.minimumExclusive ? n <= p.minimum : n < p.minimum)) return false;
  return p.maximum == null || n <= p.maximum;
}

/** The typed value of a field's text, or an error message; undefined when left empty. */
export function parseValue(p, text, algorithm) {
  const t = String(text).trim();
  if (t === '') return { value: undefined };
  const where = `hyperparameter '${p.name}' of ${algorithm}`;
  if (p.type === 'integer' || p.type === 'number') {
    const n = Number(t);
    if (!Number.isFinite(n)) return { error: `${where} must be ${p.type === 'integer' ? 'an integer' : 'a number'}, got "${t}"` };
    if (p.type === 'integer' && !Number.isInteger(n)) return { error: `${where} must be an integer, got ${t}` };
    if (p.range && !inRange(p, n)) return { error: `${where} must be in ${p.range}, got ${t}` };
    return { value: n };
  }
  if (p.type === 'boolean') return { value: t === 'true' };
  if (p.values && !p.values.includes(t)) return { error: `${where} must be one of [${p.values.join(', ')}], got "${t}"` };
  return { value: t };
}

/** The values of a search space's text ("4, 6, 8"), each checked like a single value. */
export function parseSpace(p, text, algorithm) {
  const parts = String(text).split(',').map((s) => s.trim()).filter((s) => s !== '');
  const values = [];
  for (const part of parts) {
    const r = parseValue(p, part, algorithm);
    if (r.error) return { error: `in tuning.space, ${r.error}` };
    values.push(r.value);
  }
  return { values };
}

/**
 * A table of the algorithm's hyperparameters: a value field each and, when {@code search} is
 * shown, the values to search. {@code current} are the model's values. Answers {table, read()}:
 * read() gives {hyperparameters, space, errors} with errors keyed by parameter name.
 */
export function hyperparameterTable(algorithm, current = {}, { onInput = () => {} } = {}) {
  const rows = algorithm.hyperparameters.map((p) => {
    const id = `hp-${p.name}`;
    const has = Object.prototype.hasOwnProperty.call(current, p.name);
    let input;
    if (p.type === 'boolean') {
      input = h('select', { id, name: p.name },
        h('option', { value: '' }, `default (${show(p.default)})`),
        h('option', { value: 'true' }, 'true'), h('option', { value: 'false' }, 'false'));
      if (has) input.value = String(current[p.name]);
    } else if (p.values) {
      input = h('select', { id, name: p.name }, h('option', { value: '' }, `default (${show(p.default)})`),
        ...p.values.map((v) => h('option', { value: v }, v)));
      if (has) input.value = current[p.name];
    } else {
      input = h('input', { id, name: p.name, type: 'text', inputmode: p.type === 'string' ? 'text' : 'decimal',
        placeholder: show(p.default), autocomplete: 'off' });
      if (has) input.value = show(current[p.name]);
    }
    const space = h('input', { id: `${id}-space`, name: `${p.name}-space`, type: 'text', class: 'search-values',
      placeholder: 'e.g. ' + example(p), 'aria-label': `values of ${p.name} to search`, autocomplete: 'off' });
    const error = h('p', { class: 'field-error', id: `${id}-error`, role: 'alert' });
    input.setAttribute('aria-describedby', `${id}-help ${id}-error`);
    const check = () => { error.textContent = problems(p, input.value, space.value, algorithm.name).join('; '); onInput(); };
    input.addEventListener('input', check);
    space.addEventListener('input', check);
    const row = h('tr', { 'data-hp': p.name },
      h('th', { scope: 'row' }, h('label', { for: id }, p.name)),
      h('td', {}, input, error),
      h('td', { class: 'search-cell' }, space),
      h('td', { class: 'muted small', id: `${id}-help` }, p.range || (p.values ? p.values.join(' | ') : p.type), ' · ', p.description || ''));
    return { p, input, space, error, row };
  });
  const table = h('table', { class: 'hp-table' },
    h('caption', { class: 'visually-hidden' }, `hyperparameters of ${algorithm.name}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'name'), h('th', { scope: 'col' }, 'value'),
      h('th', { scope: 'col', class: 'search-cell' }, 'search values'), h('th', { scope: 'col' }, 'range'))),
    h('tbody', {}, ...rows.map((r) => r.row)));
  return {
    table,
    read() {
      const hyperparameters = {};
      const space = {};
      const errors = {};
      for (const r of rows) {
        const v = parseValue(r.p, r.input.value, algorithm.name);
        if (v.error) errors[r.p.name] = v.error;
        else if (v.value !== undefined) hyperparameters[r.p.name] = v.value;
        const s = parseSpace(r.p, r.space.value, algorithm.name);
        if (s.error) errors[r.p.name] = s.error;
        else if (s.values.length) space[r.p.name] = s.values;
      }
      return { hyperparameters, space, errors };
    },
    /** Shows the server's refusal of the hyperparameters next to the parameters it names. */
    showServerErrors(messages) {
      const rest = [];
      for (const m of messages) {
        const r = rows.find((x) => m.includes(`'${x.p.name}'`));
        if (r) r.error.textContent = m; else rest.push(m);
      }
      return rest;
    },
    clearErrors() { rows.forEach((r) => { r.error.textContent = ''; }); },
  };
}

function problems(p, valueText, spaceText, algorithm) {
  const out = [];
  const v = parseValue(p, valueText, algorithm);
  if (v.error) out.push(v.error);
  const s = parseSpace(p, spaceText, algorithm);
  if (s.error) out.push(s.error);
  return out;
}

function example(p) {
  if (p.values) return p.values.slice(0, 2).join(', ');
  if (p.type === 'boolean') return 'true, false';
  if (p.type === 'integer') {
    const d = Number(p.default) || 1;
    return [Math.max(p.minimum ?? 1, Math.round(d / 2)), d, d * 2].join(', ');
  }
  if (p.type === 'number') {
    const d = Number(p.default) || 0.1;
    return [d / 3, d, Math.min(p.maximum ?? d * 3, d * 3)].map((x) => Number(x.toPrecision(2))).join(', ');
  }
  return String(p.default ?? '');
}
