// Packet captures: upload a pcap or pcapng (gzip-compressed or not) and it becomes a dataset of
// flows under CIC-IDS2017's column names (docs/flow-features.md); the captures already uploaded,
// with their flow counts. A damaged capture is refused with the byte offset of the damage, unless
// "keep the flows before the damage" is ticked. Only admins and data scientists come here (routes.js).

import {api, ApiError, explain} from '../api.js';
import {h, link, message, replace} from '../dom.js';
import {bytes, count, time} from '../format.js';

export async function render(root, ctx) {
  const file = h('input', {id: 'capture-file', type: 'file', name: 'file', accept: '.pcap,.pcapng,.cap,.gz', required: true,
    'aria-describedby': 'capture-file-hint'});
  const name = h('input', {id: 'capture-name', name: 'name', autocomplete: 'off'});
  const keep = h('input', {id: 'capture-keep', type: 'checkbox', name: 'keepFlowsBeforeDamage'});
  const submit = h('button', {type: 'submit', class: 'primary'}, 'Upload the capture');
  const status = h('div', {class: 'upload-status', role: 'status', 'aria-live': 'polite'});
  const list = h('div', {class: 'results'});
  file.addEventListener('change', () => {
    const f = file.files[0];
    if (f && !name.value.trim()) name.value = f.name.replace(/\.gz$/i, '').replace(/\.[^.]*$/, '');
  });

  const form = h('form', {class: 'card upload', novalidate: true, onsubmit: e => { e.preventDefault(); send(); }},
    h('h2', null, 'Upload a capture'),
    h('div', {class: 'field'}, h('label', {for: 'capture-file'}, 'Capture file'),
      h('span', {class: 'hint', id: 'capture-file-hint'}, 'pcap or pcapng from tcpdump, Wireshark or a sensor; gzip-compressed or not'),
      file),
    h('div', {class: 'field'}, h('label', {for: 'capture-name'}, 'Name'), name),
    h('div', {class: 'field checkbox'}, keep, h('label', {for: 'capture-keep'}, 'Keep the flows before damage (a cut or corrupt capture)')),
    h('div', {class: 'actions'}, submit),
    status);

  replace(root,
    h('div', {class: 'page-head'}, h('h1', {tabindex: '-1'}, 'Packet captures')),
    h('p', {class: 'muted'}, 'A capture becomes a dataset of bidirectional flows with the CICFlowMeter features under ',
      'CIC-IDS2017\u2019s column names, so a model trained on CIC-IDS2017-style flows scores them as they are.'),
    form,
    h('h2', null, 'Captures uploaded'),
    list);

  async function send() {
    const f = file.files[0];
    if (!f) {
      replace(status, message('error', 'Choose a capture file to upload.'));
      file.focus();
      return;
    }
    const data = new FormData();
    if (name.value.trim()) data.append('name', name.value.trim());
    if (keep.checked) data.append('keepFlowsBeforeDamage', 'true');
    data.append('file', f, f.name);
    submit.disabled = true;
    const bar = h('progress', {max: '100', value: '0', 'aria-label': 'Upload progress'});
    replace(status, bar);
    try {
      const dataset = await api.upload('/ml/datasets/upload', data, {
        onProgress: (sent, total) => { bar.value = Math.floor((sent / (total || f.size)) * 100); },
      });
      replace(status, message('success', `\u201c${dataset.name}\u201d: ${count(dataset.rows)} flows from ${bytes(dataset.sizeBytes)}. `,
        link(`/ui/datasets/${dataset.id}`, 'See its flows')));
      form.reset();
      await load();
    } catch (e) {
      replace(status, message('error', e instanceof ApiError ? `The capture was refused. ${explain(e)}` : `The upload failed. ${explain(e)}`));
    } finally {
      submit.disabled = false;
    }
  }

  async function load() {
    try {
      const page = await api.get('/ml/datasets', {format: 'pcap', sort: 'createdat', order: 'desc', size: 100});
      if (!page.items.length) {
        replace(list, h('p', {class: 'muted'}, 'No capture uploaded yet.'));
        return;
      }
      replace(list, h('table', {class: 'captures'},
        h('thead', null, h('tr', null, ...['Capture', 'Flows', 'Size', 'Damage', 'Uploaded'].map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', null, ...page.items.map(d => h('tr', {'data-dataset': d.id},
          h('td', null, link(`/ui/datasets/${d.id}`, d.name)),
          h('td', {class: 'number'}, count(d.rows)),
          h('td', {class: 'number'}, bytes(d.sizeBytes)),
          h('td', null, d.parsing && d.parsing.keepFlowsBeforeDamage ? 'flows before it kept' : '\u2014'),
          h('td', null, time(d.createdAt)))))));
    } catch (e) {
      replace(list, message('error', `The captures could not be listed. ${explain(e)}`));
    }
  }

  await load();
}
