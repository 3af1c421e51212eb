// Security events: runs of anomalies on an asset (one event from its first anomalous point to its
// last), the latest started first, with filters kept in the address. Live: an event that opens,
// escalates or ends on the stream (security.event) is shown at once.

import {api, explain} from '../api.js';
import {h, link, message, replace} from '../dom.js';
import {watchEvents} from '../events.js';
import {count, number, time} from '../format.js';
import {keepInAddress, pageLoader, pager} from '../lists.js';
import {modelStyles} from '../models/styles.js';

const PAGE_SIZE = 50;
const SEVERITIES = [['', 'Any'], ['critical', 'Critical'], ['warning', 'Warning'], ['info', 'Info']];
const STATES = [['', 'Any'], ['open', 'Open'], ['ended', 'Ended']];
const SINCE = [['', 'Any time'], ['1', 'Last hour'], ['24', 'Last 24 hours'], ['168', 'Last 7 days'], ['720', 'Last 30 days']];
const HOUR_MS = 3_600_000;

/** A table of security events; withAsset adds the asset column (a link to its page). */
export function eventsTable(events, {withAsset = true, caption = 'Security events, the latest started first'} = {}) {
  const headers = ['Started', 'State', 'Severity', ...(withAsset ? ['Asset'] : []), 'Score', 'Points', 'What', 'Last seen'];
  return h('div', {class: 'table-wrap'}, h('table', {class: 'security-events'},
    h('caption', {class: 'visually-hidden'}, caption),
    h('thead', null, h('tr', null, headers.map(t => h('th', {scope: 'col', class: t === 'Score' || t === 'Points' ? 'num' : null}, t)))),
    h('tbody', null, events.map(e => {
      const open = e.endedAt == null;
      return h('tr', {dataset: {event: e.id, state: open ? 'open' : 'ended'}},
        h('td', null, h('time', {datetime: e.startedAt}, time(e.startedAt))),
        h('td', null, h('span', {class: `badge ${open ? 'bad' : ''}`}, open ? 'open' : 'ended')),
        h('td', null, h('span', {class: `badge severity-${e.severity}`}, e.severity)),
        withAsset ? h('td', null, e.assetId ? link(`/ui/asset-monitoring/${encodeURIComponent(e.assetId)}`, e.assetId) : '–') : null,
        h('td', {class: 'num'}, number(e.score)),
        h('td', {class: 'num'}, count(e.points)),
        h('td', null, e.title, drivers(e)),
        h('td', null, h('time', {datetime: e.lastSeenAt}, time(e.lastSeenAt))));
    }))));
}

/** "cpu 19.3 spreads out": what drove an event at its peak. */
function drivers(e) {
  const list = (e.details && Array.isArray(e.details.drivers) ? e.details.drivers : []).slice(0, 3)
    .map(d => typeof d.deviations === 'number' ? `${d.name} ${number(d.deviations)} spreads out` : `${d.name} ${number(d.score)}`);
  return list.length ? h('div', {class: 'small muted'}, list.join(' · ')) : null;
}

function choice(id, label, options, value) {
  const select = h('select', {id}, options.map(([v, text]) => h('option', {value: v, selected: v === value}, text)));
  return {select, field: h('div', {class: 'field'}, h('label', {for: id}, label), select)};
}

export async function render(root, ctx) {
  await modelStyles();
  const known = (options, v) => (options.some(([o]) => o && o === v) ? v : '');
  const state = {
    severity: known(SEVERITIES, ctx.query.severity),
    state: known(STATES, ctx.query.state),
    since: known(SINCE, ctx.query.since),
    asset: ctx.query.asset || '',
    page: Math.max(1, parseInt(ctx.query.page, 10) || 1),
  };
  const severity = choice('event-severity', 'Severity', SEVERITIES, state.severity);
  const open = choice('event-state', 'State', STATES, state.state);
  const since = choice('event-since', 'Going on', SINCE, state.since);
  const asset = h('input', {type: 'search', id: 'event-asset', value: state.asset, placeholder: 'web-01', autocomplete: 'off'});
  const live = h('span', {class: 'live badge', role: 'status'}, 'Connecting…');
  const results = h('div', {class: 'results'});
  replace(root,
    h('div', {class: 'page-head'}, h('h1', {tabindex: '-1'}, 'Security events'), live),
    h('form', {class: 'toolbar', role: 'search', onsubmit: e => { e.preventDefault(); apply(); }},
      severity.field, open.field, since.field,
      h('div', {class: 'field'}, h('label', {for: 'event-asset'}, 'Asset'), asset),
      h('div', {class: 'field'}, h('button', {type: 'submit', class: 'quiet'}, 'Filter'))),
    results);

  function apply() {
    Object.assign(state, {severity: severity.select.value, state: open.select.value, since: since.select.value,
      asset: asset.value.trim(), page: 1});
    list.load();
  }
  [severity.select, open.select, since.select].forEach(s => s.addEventListener('change', apply));

  const list = pageLoader(results, {
    fetch: signal => {
      keepInAddress({severity: state.severity, state: state.state, since: state.since, asset: state.asset,
        page: state.page > 1 ? state.page : null});
      return api.get('/ml/events', {
        severity: state.severity || null, state: state.state || null, assetId: state.asset || null,
        since: state.since ? new Date(Date.now() - Number(state.since) * HOUR_MS).toISOString() : null,
        page: state.page, size: PAGE_SIZE,
      }, {signal});
    },
    show: page => {
      if (page.total === 0) {
        const filtered = state.severity || state.state || state.since || state.asset;
        replace(results, message('notice', filtered ? 'No security event matches these filters.'
          : 'No security event yet. An anomaly on an asset opens one; it shows here as it happens.'));
        return;
      }
      replace(results, eventsTable(page.items),
        pager(page, p => { state.page = p; list.load(); }, 'Pages of security events'),
        h('p', {class: 'small muted'}, `${count(page.total)} event${page.total === 1 ? '' : 's'}`));
    },
    fail: e => replace(results, message('error', `The security events cannot be listed. ${explain(e)}`)),
  });
  await list.load();

  let pending = null;
  let everLive = false;
  const soon = () => { clearTimeout(pending); pending = setTimeout(list.load, 250); };
  const stop = watchEvents({}, {
    onEvent: ({type}) => { if (type === 'security.event') soon(); },
    onStatus: (status, error) => {
      live.textContent = {connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…',
        refused: `Not live: ${error ? explain(error) : 'refused'}`}[status] || status;
      live.className = `live badge ${status === 'live' ? 'ok' : status === 'refused' ? 'bad' : 'warn'}`;
      if (status === 'live' && everLive) soon(); // read again what may have been missed meanwhile
      if (status === 'live') everLive = true;
    },
  });
  return () => {
    stop();
    clearTimeout(pending);
    list.stop();
  };
}
