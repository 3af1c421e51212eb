// The upload panel of the datasets page: a file and the upload API's options (name, label column,
// description; format, column names for a file without a header row, delimiter), sent with a
// progress bar. The browser streams the file from disk, so its size costs no memory here; Cancel
// stops the upload and nothing is stored. The server's field errors show beside their fields.

import {api, ApiError, explain} from '../api.js';
import {h, message, replace} from '../dom.js';
import {bytes, percent} from '../format.js';

const FORMATS = [['', 'Detect from the file'], ['csv', 'CSV'], ['tsv', 'TSV'], ['jsonl', 'JSON Lines'], ['arff', 'ARFF'], ['zeek', 'Zeek log'],
  ['eve', 'Suricata EVE'], ['cowrie', 'Cowrie log'], ['cef', 'CEF lines'], ['leef', 'LEEF lines'], ['pcap', 'Packet capture']];
const DELIMITERS = [['', 'Detect'], [',', 'Comma ,'], [';', 'Semicolon ;'], ['|', 'Bar |'], [':', 'Colon :'], ['tab', 'Tab']];

/** The panel: {element, focus(), cancel()}; onUploaded(dataset) runs with the server's answer. */
export function uploadPanel({onUploaded}) {
  let controller = null;
  const fields = {
    file: input('upload-file', {type: 'file', name: 'file', required: true, accept: '.csv,.tsv,.txt,.jsonl,.ndjson,.json,.arff,.log,.pcap,.pcapng,.cap,.gz'}),
    name: input('upload-name', {name: 'name', autocomplete: 'off'}),
    labelColumn: input('upload-label', {name: 'labelColumn', autocomplete: 'off', placeholder: 'label'}),
    description: h('textarea', {id: 'upload-description', name: 'description', rows: '2'}),
    format: select('upload-format', 'format', FORMATS),
    columns: h('textarea', {id: 'upload-columns', name: 'columns', rows: '2', placeholder: 'duration,protocol_type,service,…'}),
    delimiter: select('upload-delimiter', 'delimiter', DELIMITERS),
  };
  const errors = {};
  const hints = {};
  const field = (name, label, hint) => {
    const id = fields[name].id;
    errors[name] = h('p', {class: 'field-error', id: `${id}-error`, hidden: true});
    hints[name] = hint ? `${id}-hint` : null;
    if (hint) fields[name].setAttribute('aria-describedby', hints[name]);
    return h('div', {class: 'field'}, h('label', {for: id}, label),
      hint ? h('span', {class: 'hint', id: hints[name]}, hint) : null, fields[name], errors[name]);
  };
  const submit = h('button', {type: 'submit', class: 'primary'}, 'Upload');
  const status = h('div', {class: 'upload-status'});
  const form = h('form', {class: 'upload', novalidate: true, onsubmit: e => { e.preventDefault(); send(); }},
    h('h2', {id: 'upload-title'}, 'Upload a dataset'),
    field('file', 'File', 'CSV, TSV, JSON Lines, ARFF, a Zeek, Suricata EVE, Cowrie, CEF or LEEF log, or a packet capture; gzip-compressed or not'),
    h('div', {class: 'inline-fields'},
      field('name', 'Name', 'taken from the file name if empty'),
      field('labelColumn', 'Label column', 'the column with the class, if there is one')),
    field('description', 'Description'),
    h('details', {class: 'options'}, h('summary', null, 'File options'),
      h('div', {class: 'inline-fields'}, field('format', 'Format'), field('delimiter', 'Delimiter')),
      field('columns', 'Column names', 'comma-separated, for a file without a header row')),
    h('div', {class: 'actions'}, submit),
    status);
  const element = h('section', {class: 'card upload-panel', hidden: true, 'aria-labelledby': 'upload-title'}, form);

  fields.file.addEventListener('change', () => {
    const file = fields.file.files[0];
    if (file && !fields.name.value.trim()) fields.name.value = file.name.replace(/\.gz$/i, '').replace(/\.[^.]*$/, '');
  });

  function showErrors(byField) {
    for (const [name, el] of Object.entries(errors)) {
      const text = byField[name];
      el.hidden = !text;
      el.textContent = text || '';
      if (text) fields[name].setAttribute('aria-invalid', 'true');
      else fields[name].removeAttribute('aria-invalid');
      const describedBy = [hints[name], text ? el.id : null].filter(Boolean).join(' ');
      if (describedBy) fields[name].setAttribute('aria-describedby', describedBy);
      else fields[name].removeAttribute('aria-describedby');
    }
  }

  async function send() {
    const file = fields.file.files[0];
    if (!file) {
      showErrors({file: 'Choose a file to upload.'});
      fields.file.focus();
      return;
    }
    showErrors({});
    const data = new FormData();
    for (const name of ['name', 'labelColumn', 'description', 'format', 'columns', 'delimiter']) {
      const value = fields[name].value.trim();
      if (value) data.append(name, value);
    }
    data.append('file', file, file.name); // last: the fields are read before the file's bytes
    controller = new AbortController();
    const bar = h('progress', {max: '100', value: '0', 'aria-label': 'Upload progress'});
    const words = h('span', {class: 'progress-words'}, `0 of ${bytes(file.size)}`);
    const cancel = h('button', {type: 'button', onclick: () => controller && controller.abort()}, 'Cancel upload');
    replace(status, h('div', {class: 'progress-line'}, bar, words, cancel));
    submit.disabled = true;
    window.addEventListener('beforeunload', holdPage);
    try {
      const dataset = await api.upload('/ml/datasets/upload', data, {
        signal: controller.signal,
        onProgress: (sent, total) => {
          const size = total || file.size;
          if (sent >= size) { // every byte is there: the server reads and profiles it
            bar.removeAttribute('value');
            words.textContent = `${bytes(size)} sent; Vigil is reading and profiling it…`;
          } else {
            bar.value = Math.floor((sent / size) * 100);
            words.textContent = `${bytes(sent)} of ${bytes(size)} (${percent(sent / size, 0)})`;
          }
        },
      });
      replace(status, message('success', `Uploaded “${dataset.name}”: ${dataset.rows} rows.`));
      form.reset();
      onUploaded(dataset);
    } catch (e) {
      if (e.name === 'AbortError') {
        replace(status, message('notice', 'Upload cancelled; nothing was stored.'));
      } else if (e instanceof ApiError) {
        showErrors(e.fieldErrors);
        replace(status, message('error', `The upload was refused. ${explain(e)}`));
      } else {
        replace(status, message('error', `The upload failed. ${explain(e)}`));
      }
    } finally {
      controller = null;
      submit.disabled = false;
      window.removeEventListener('beforeunload', holdPage);
    }
  }

  return {
    element,
    focus: () => fields.file.focus(),
    /** Stops an upload under way (the page is left). */
    cancel: () => controller && controller.abort(),
  };
}

// leaving the page during an upload asks first (the browser's own question)
function holdPage(e) {
  e.preventDefault();
  e.returnValue = '';
}

function input(id, attrs) {
  return h('input', {id, ...attrs});
}

function select(id, name, options) {
  return h('select', {id, name}, options.map(([value, label]) => h('option', {value}, label)));
}
