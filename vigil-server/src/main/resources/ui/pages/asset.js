// One asset: its state and threshold, a chart per metric over the last 24 hours with the anomaly
// score against the threshold and the anomalous points marked, each metric's summary, and the
// asset's security events. Drawn again when one of its events opens, escalates or ends.

import {api, explain} from '../api.js';
import {h, link, message, replace} from '../dom.js';
import {watchEvents} from '../events.js';
import {count, number, time} from '../format.js';
import {chartSet} from '../charts.js';
import {modelStyles} from '../models/styles.js';
import {SCIENTISTS} from '../routes.js';
import {STATE_BADGES} from './assets.js';
import {eventsTable} from './security-events.js';

const HOURS = 24;

export async function render(root, ctx) {
  await modelStyles();
  const id = ctx.params.id;
  const path = encodeURIComponent(id);
  const controller = new AbortController();
  const signal = controller.signal;
  const charts = chartSet();
  const notice = h('div', {'aria-live': 'polite'});
  const body = h('div', null);
  replace(root, h('p', {class: 'small'}, link('/ui/asset-monitoring', '← Assets')),
    h('div', {class: 'page-head'}, h('h1', {tabindex: '-1'}, id)), notice, body);

  async function load() {
    const [asset, metrics, scores, events] = await Promise.all([
      api.get(`/ml/assets/${path}`, null, {signal}),
      api.get(`/ml/assets/${path}/metrics`, {hours: HOURS}, {signal}),
      api.get(`/ml/anomaly/scores/${path}`, {hours: HOURS}, {signal}),
      api.get('/ml/events', {assetId: id, size: 50}, {signal}),
    ]);
    charts.dispose();
    const heading = root.querySelector('h1');
    replace(heading, id, ' ', h('span', {class: `badge ${STATE_BADGES[asset.state] || ''}`, 'data-state': asset.state}, asset.state));
    const anomalies = scores.scores.filter(s => s.isAnomaly);
    const panels = metrics.metrics.map(series => metricPanel(series, scores.scores, asset.threshold, metrics));
    replace(body,
      facts(asset, scores, anomalies),
      ctx.session.allowed(SCIENTISTS) ? thresholdForm(asset) : null,
      h('section', {'aria-labelledby': 'metrics-title'},
        h('h2', {id: 'metrics-title'}, `Metrics, last ${HOURS} hours`),
        metrics.truncated ? message('notice', 'Only the first 50,000 values of this window are drawn.') : null,
        panels.length ? panels.map(p => p.figure) : h('p', {class: 'muted'}, `No metric in the last ${HOURS} hours.`)),
      h('section', {'aria-labelledby': 'asset-events-title'},
        h('h2', {id: 'asset-events-title'}, 'Security events'),
        events.items.length ? eventsTable(events.items, {withEntity: false, caption: `Security events of ${id}, the latest started first`})
          : h('p', {class: 'muted', 'data-empty': 'events'}, 'No security event on this asset.'),
        events.total > events.items.length ? h('p', {class: 'small'}, link(`/ui/events?asset=${encodeURIComponent(id)}`,
          `All ${count(events.total)} events of ${id}`)) : null));
    await Promise.all(panels.map(p => p.draw()));
  }

  function facts(asset, scores, anomalies) {
    const item = (term, ...value) => [h('dt', null, term), h('dd', null, ...value)];
    return h('dl', {class: 'facts'},
      item('Last score', asset.lastScore == null ? 'not scored yet'
        : `${number(asset.lastScore)} (${asset.lastMethod}, ${time(asset.lastScoredAt)})`),
      item('Threshold', number(asset.threshold), asset.ownThreshold ? ' (its own)' : ' (the default)'),
      item('Detector', asset.modelId ? link(`/ui/models/${asset.modelId}`, 'trained model') : 'none: scored against its own recent history'),
      item(`Anomalies, last ${HOURS} h`, `${count(anomalies.length)} of ${count(scores.count)} points scored`),
      item('Heard from', `${time(asset.firstSeen)} to ${time(asset.lastSeen)}`));
  }

  function thresholdForm(asset) {
    const input = h('input', {type: 'number', id: 'asset-threshold', min: '0.01', max: '0.99', step: '0.01', value: String(asset.threshold)});
    const save = async threshold => {
      try {
        await api.put(`/ml/assets/${path}`, {threshold});
        replace(notice, message('success', threshold == null ? 'The asset follows the default threshold again.'
          : `The threshold is now ${threshold}.`));
        await load();
      } catch (e) {
        replace(notice, message('error', `The threshold was not changed. ${explain(e)}`));
      }
    };
    return h('form', {class: 'toolbar', onsubmit: e => { e.preventDefault(); save(Number(input.value)); }},
      h('div', {class: 'field'}, h('label', {for: 'asset-threshold'}, 'Anomaly threshold'), input),
      h('div', {class: 'field'}, h('button', {type: 'submit', class: 'quiet'}, 'Set')),
      asset.ownThreshold ? h('div', {class: 'field'}, h('button', {type: 'button', class: 'quiet', onclick: () => save(null)}, 'Use the default')) : null);
  }

  try {
    await load();
  } catch (e) {
    if (e.name === 'AbortError') return undefined;
    replace(body, message('error', `This asset cannot be shown. ${explain(e)}`));
  }
  let pending = null;
  const stop = watchEvents({}, {
    onEvent: ({type, data}) => {
      if (type !== 'security.event' || !data || !data.data || data.data.assetId !== id) return;
      clearTimeout(pending);
      pending = setTimeout(() => load().catch(() => {}), 300);
    },
  });
  return () => {
    controller.abort();
    stop();
    clearTimeout(pending);
    charts.dispose();
  };

  /** One metric's figure: values, the asset's anomaly score and threshold on a second axis, anomalies marked. */
  function metricPanel(series, scored, threshold, window) {
    const box = h('div', {class: 'chart', dataset: {metric: series.metric}});
    const s = series.summary;
    const values = new Map(series.points.map(p => [Date.parse(p.timestamp), p.value]));
    // an anomalous point is marked on the charts of the metrics that drove it (all of them when none is named)
    const marked = scored.filter(p => p.isAnomaly && (!p.drivers || !p.drivers.length || p.drivers[0].name === series.metric))
      .map(p => [p.timestamp, values.get(Date.parse(p.timestamp))]).filter(([, v]) => v !== undefined);
    const summary = `${count(s.count)} values, mean ${number(s.mean)}, median ${number(s.median)}, 95th percentile ${number(s.p95)},`
      + ` from ${number(s.min)} to ${number(s.max)}`;
    const description = `${series.metric} over the last ${HOURS} hours: ${summary}. Anomaly score of ${count(scored.length)} points against`
      + ` the threshold ${number(threshold)}; ${count(marked.length)} anomalous point${marked.length === 1 ? '' : 's'} marked.`;
    const figure = h('figure', {class: 'metric-panel', dataset: {metric: series.metric}},
      h('figcaption', null, h('strong', null, series.metric), ' ', h('span', {class: 'small muted'}, summary)), box);
    const start = [...series.points.slice(0, 1), ...scored.slice(0, 1)].map(p => p.timestamp)
      .reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a), window.to);
    const option = () => {
      const danger = getComputedStyle(document.documentElement).getPropertyValue('--danger').trim() || '#dc2626';
      return {
        tooltip: {trigger: 'axis'},
        legend: {bottom: 0},
        grid: {left: 8, right: 8, top: 32, bottom: 40, containLabel: true},
        xAxis: {type: 'time', min: start}, // from the first value: an asset heard from for an hour is not a sliver of a day
        yAxis: [{type: 'value', name: series.metric, scale: true}, {type: 'value', name: 'score', min: 0, max: 1, splitLine: {show: false}}],
        series: [
          {name: series.metric, type: 'line', showSymbol: false, data: series.points.map(p => [p.timestamp, p.value])},
          {name: 'anomaly score', type: 'line', yAxisIndex: 1, showSymbol: false, lineStyle: {width: 1}, data: scored.map(p => [p.timestamp, p.score])},
          {name: 'threshold', type: 'line', yAxisIndex: 1, showSymbol: false, silent: true, lineStyle: {type: 'dashed', width: 1, color: danger},
            itemStyle: {color: danger}, data: [[start, threshold], [lastTime(series, scored, window), threshold]]},
          {name: 'anomalies', type: 'scatter', symbol: 'diamond', symbolSize: 12, itemStyle: {color: danger}, data: marked},
        ],
      };
    };
    return {figure, draw: () => charts.draw(box, 'asset-metric', option, description)};
  }
}

/** The end of the time shown: now, or a later point (an agent's clock ahead of the server's). */
function lastTime(series, scored, window) {
  const times = [window.to, ...series.points.slice(-1).map(p => p.timestamp), ...scored.slice(-1).map(p => p.timestamp)];
  return times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}
