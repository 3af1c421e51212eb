// Kafka streams: each configured stream as the instance that answers sees it (its consumer's state, the lag of
// each partition it holds, records per second, counts and the last error), read again every few seconds.
// Streams are configured in vigil.yaml or the streams settings section (/ml/config/streams).

import {api, explain} from '../api.js';
import {h, message, replace} from '../dom.js';
import {count, number, time} from '../format.js';

const REFRESH_MS = 5000;
const BADGES = {running: 'ok', backpressure: 'warn', starting: 'info', retrying: 'bad', disabled: '', stopped: ''};

export async function render(root) {
  const controller = new AbortController();
  const updated = h('span', {class: 'muted small', 'aria-live': 'off'});
  const results = h('div', {class: 'results'});
  replace(root,
    h('div', {class: 'page-head'}, h('h1', {tabindex: '-1'}, 'Kafka streams'), updated),
    h('p', {class: 'muted'}, 'Events read from Kafka, scored by the model deployed to each stream\u2019s model type, '
      + 'written back as verdicts. Figures are this instance\u2019s consumer\u2019s; several instances share a stream\u2019s partitions.'),
    results);

  const load = async () => {
    try {
      const answer = await api.get('/ml/streams', null, {signal: controller.signal});
      show(answer.items);
      updated.textContent = `updated ${new Date().toLocaleTimeString()}`;
    } catch (e) {
      if (e.name !== 'AbortError') replace(results, message('error', `The streams cannot be read. ${explain(e)}`));
    }
  };

  function show(streams) {
    if (!streams.length) {
      replace(results, message('notice', 'No streams are configured. Add them under streams in vigil.yaml, '
        + 'or in the streams settings section (PUT /ml/config/streams).'));
      return;
    }
    replace(results, h('div', {class: 'table-wrap'}, h('table', {class: 'streams'},
      h('caption', {class: 'visually-hidden'}, 'Kafka streams'),
      h('thead', null, h('tr', null, ['Stream', 'State', 'Model type', 'Topics', 'Lag', 'Records/s', 'Scored', 'Alerts',
        'Dead letters', 'Errors'].map(t => h('th', {scope: 'col', class: ['Lag', 'Records/s', 'Scored', 'Alerts', 'Dead letters',
        'Errors'].includes(t) ? 'num' : null}, t)))),
      h('tbody', null, streams.flatMap(row)))));
  }

  function row(s) {
    const d = s.definition || {};
    const main = h('tr', {dataset: {stream: s.name}},
      h('th', {scope: 'row'}, s.name),
      h('td', null, h('span', {class: `badge ${BADGES[s.state] || ''}`}, s.state)),
      h('td', null, d.modelType),
      h('td', null, h('code', null, d.inputTopic), ' \u2192 ', h('code', null, d.outputTopic)),
      h('td', {class: 'num', title: partitions(s)}, count(s.lag)),
      h('td', {class: 'num'}, number(s.recordsPerSecond)),
      h('td', {class: 'num'}, count(s.scored)),
      h('td', {class: 'num'}, count(s.alerts)),
      h('td', {class: 'num'}, count(s.deadLettered)),
      h('td', {class: 'num'}, count(s.errors)));
    if (!s.lastError) return [main];
    return [main, h('tr', {class: 'stream-error'}, h('td', {colspan: '10'},
      message('error', `Last error ${time(s.lastError.at)}: ${s.lastError.message}`)))];
  }

  function partitions(s) {
    return (s.partitions || []).map(p => `partition ${p.partition}: ${p.lag == null ? 'unknown' : p.lag}`).join(', ');
  }

  await load();
  const timer = setInterval(() => { if (!document.hidden) load(); }, REFRESH_MS);
  return () => {
    controller.abort();
    clearInterval(timer);
  };
}
