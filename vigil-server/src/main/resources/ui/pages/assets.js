// Monitored assets: every asset that has sent metrics, with its latest values, its anomaly state
// and threshold; a row opens the asset's page. Kept current by the security events on the stream
// (an event opening or ending changes an asset's state).

import {api, explain} from '../api.js';
import {h, link, message, replace} from '../dom.js';
import {watchEvents} from '../events.js';
import {count, number, time} from '../format.js';
import {keepInAddress, pageLoader, pager} from '../lists.js';
import {modelStyles} from '../models/styles.js';

const PAGE_SIZE = 50;
export const STATE_BADGES = {anomalous: 'bad', normal: 'ok', unscored: ''};

/** The path of an asset's page. */
export function assetPath(assetId) {
  return `/ui/asset-monitoring/${encodeURIComponent(assetId)}`;
}

/** "cpu 0.41 · memory 0.6": an asset's latest value of each metric. */
export function latestValues(latest) {
  return Object.entries(latest || {}).map(([metric, l]) => `${metric} ${number(l.value)}`).join(' · ');
}

export async function render(root, ctx) {
  await modelStyles();
  const state = {anomalous: ctx.query.anomalous === 'true', page: Math.max(1, parseInt(ctx.query.page, 10) || 1)};
  const onlyAnomalous = h('input', {type: 'checkbox', id: 'only-anomalous', checked: state.anomalous});
  const results = h('div', {class: 'results'});
  replace(root,
    h('div', {class: 'page-head'}, h('h1', {tabindex: '-1'}, 'Assets')),
    h('p', {class: 'muted'}, 'Hosts and services that send their metrics to Vigil, each scored against its own recent history.'),
    h('div', {class: 'filters'}, onlyAnomalous, h('label', {for: 'only-anomalous'}, 'Only anomalous assets')),
    results);

  const list = pageLoader(results, {
    fetch: signal => {
      keepInAddress({anomalous: state.anomalous ? 'true' : null, page: state.page > 1 ? state.page : null});
      return api.get('/ml/assets', {anomalous: state.anomalous ? 'true' : null, page: state.page, size: PAGE_SIZE}, {signal});
    },
    show: page => {
      if (page.total === 0) {
        replace(results, message('notice', state.anomalous ? 'No asset is anomalous now.'
          : 'No asset has sent metrics yet. Send some with POST /ml/assets/{assetId}/metrics or `vigil assets send`.'));
        return;
      }
      replace(results,
        h('div', {class: 'table-wrap'}, h('table', {class: 'assets'},
          h('caption', {class: 'visually-hidden'}, 'Assets by id'),
          h('thead', null, h('tr', null, ['Asset', 'State', 'Last score', 'Threshold', 'Latest values', 'Last seen'].map(t =>
            h('th', {scope: 'col', class: t === 'Last score' || t === 'Threshold' ? 'num' : null}, t)))),
          h('tbody', null, page.items.map(row)))),
        pager(page, p => { state.page = p; list.load(); }, 'Pages of assets'),
        h('p', {class: 'small muted'}, `${count(page.total)} asset${page.total === 1 ? '' : 's'}`));
    },
    fail: e => replace(results, message('error', `The assets cannot be listed. ${explain(e)}`)),
  });

  function row(a) {
    return h('tr', {dataset: {asset: a.assetId, state: a.state}},
      h('th', {scope: 'row'}, link(assetPath(a.assetId), a.assetId)),
      h('td', null, h('span', {class: `badge ${STATE_BADGES[a.state] || ''}`}, a.state)),
      h('td', {class: 'num'}, a.lastScore == null ? '–' : number(a.lastScore)),
      h('td', {class: 'num'}, number(a.threshold), a.ownThreshold ? null : h('span', {class: 'small muted'}, ' (default)')),
      h('td', null, latestValues(a.latest)),
      h('td', null, h('time', {datetime: a.lastSeen}, time(a.lastSeen))));
  }

  onlyAnomalous.addEventListener('change', () => {
    state.anomalous = onlyAnomalous.checked;
    state.page = 1;
    list.load();
  });
  await list.load();

  let pending = null;
  const stop = watchEvents({}, {
    onEvent: ({type}) => {
      if (type !== 'security.event') return;
      clearTimeout(pending);
      pending = setTimeout(list.load, 300);
    },
  });
  return () => {
    stop();
    clearTimeout(pending);
    list.stop();
  };
}
