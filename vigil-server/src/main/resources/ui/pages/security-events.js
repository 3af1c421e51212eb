// Security events of every source (verdicts, rule hits, anomalies, alerts, detections from outside),
// the latest started first, with filters kept in the address; each row links to the event's page
// and its incident. Live: an event that opens, escalates or ends on the stream (security.event)
// is shown at once.

import {api, explain} from '../api.js';
import {h, message, replace} from '../dom.js';
import {watchEvents} from '../events.js';
import {count} from '../format.js';
import {keepInAddress, pageLoader, pager} from '../lists.js';
import {modelStyles} from '../models/styles.js';
import {eventsTable} from '../security/events-table.js';

export {eventsTable};

const PAGE_SIZE = 50;
export const KINDS = [['', 'Any'], ['prediction', 'Prediction'], ['rule', 'Rule hit'], ['anomaly', 'Anomaly'], ['alert', 'Alert'],
  ['external', 'External']];
export const SEVERITIES = [['', 'Any'], ['critical', 'Critical'], ['warning', 'Warning'], ['info', 'Info']];
const STATES = [['', 'Any'], ['open', 'Open'], ['ended', 'Ended']];
export const SINCE = [['', 'Any time'], ['1', 'Last hour'], ['24', 'Last 24 hours'], ['168', 'Last 7 days'], ['720', 'Last 30 days']];
const HOUR_MS = 3_600_000;
const TEXT_FILTERS = [['modelType', 'Model type', 'intrusion'], ['rule', 'Rule', 'ssh-burst'], ['entity', 'Entity', '10.0.0.5'],
  ['asset', 'Asset', 'web-01']];

/** A labelled select of [value, text] options. */
export function choice(id, label, options, value) {
  const select = h('select', {id}, options.map(([v, text]) => h('option', {value: v, selected: v === value}, text)));
  return {select, field: h('div', {class: 'field'}, h('label', {for: id}, label), select)};
}

/** The ISO time so many hours ago, or null. */
export function hoursAgo(hours) {
  return hours ? new Date(Date.now() - Number(hours) * HOUR_MS).toISOString() : null;
}

export async function render(root, ctx) {
  await modelStyles();
  const known = (options, v) => (options.some(([o]) => o && o === v) ? v : '');
  const state = {
    kind: known(KINDS, ctx.query.kind),
    severity: known(SEVERITIES, ctx.query.severity),
    state: known(STATES, ctx.query.state),
    since: known(SINCE, ctx.query.since),
    divergent: ctx.query.divergent === 'true',
    incident: ctx.query.incident || '',
    page: Math.max(1, parseInt(ctx.query.page, 10) || 1),
  };
  for (const [name] of TEXT_FILTERS) state[name] = ctx.query[name] || '';
  const kind = choice('event-kind', 'Kind', KINDS, state.kind);
  const severity = choice('event-severity', 'Severity', SEVERITIES, state.severity);
  const open = choice('event-state', 'State', STATES, state.state);
  const since = choice('event-since', 'Going on', SINCE, state.since);
  const texts = Object.fromEntries(TEXT_FILTERS.map(([name, , placeholder]) =>
    [name, h('input', {type: 'search', id: `event-${name}`, class: 'narrow', value: state[name], placeholder, autocomplete: 'off'})]));
  const divergent = h('input', {type: 'checkbox', id: 'event-divergent', checked: state.divergent});
  const live = h('span', {class: 'live badge', role: 'status'}, 'Connecting…');
  const results = h('div', {class: 'results'});
  replace(root,
    h('div', {class: 'page-head'}, h('h1', {tabindex: '-1'}, 'Security events'), live),
    h('form', {class: 'toolbar', role: 'search', onsubmit: e => { e.preventDefault(); apply(); }},
      kind.field, severity.field, open.field, since.field,
      TEXT_FILTERS.map(([name, label]) => h('div', {class: 'field'}, h('label', {for: `event-${name}`}, label), texts[name])),
      h('div', {class: 'field check'}, divergent, h('label', {for: 'event-divergent'}, 'Divergent only')),
      h('div', {class: 'field'}, h('button', {type: 'submit', class: 'quiet'}, 'Filter'))),
    state.incident ? h('p', {class: 'small'}, `Only the events of incident ${state.incident}.`) : null,
    results);

  function apply() {
    Object.assign(state, {kind: kind.select.value, severity: severity.select.value, state: open.select.value,
      since: since.select.value, divergent: divergent.checked, page: 1});
    for (const [name] of TEXT_FILTERS) state[name] = texts[name].value.trim();
    list.load();
  }
  [kind.select, severity.select, open.select, since.select, divergent].forEach(s => s.addEventListener('change', apply));

  const filtered = () => state.kind || state.severity || state.state || state.since || state.divergent || state.incident
    || TEXT_FILTERS.some(([name]) => state[name]);
  const list = pageLoader(results, {
    fetch: signal => {
      keepInAddress({kind: state.kind, severity: state.severity, state: state.state, since: state.since, modelType: state.modelType,
        rule: state.rule, entity: state.entity, asset: state.asset, divergent: state.divergent ? 'true' : null,
        incident: state.incident, page: state.page > 1 ? state.page : null});
      return api.get('/ml/events', {
        kind: state.kind || null, severity: state.severity || null, state: state.state || null, assetId: state.asset || null,
        modelType: state.modelType || null, rule: state.rule || null, entity: state.entity || null,
        divergent: state.divergent ? 'true' : null, incident: state.incident || null, since: hoursAgo(state.since),
        page: state.page, size: PAGE_SIZE,
      }, {signal});
    },
    show: page => {
      if (page.total === 0) {
        replace(results, message('notice', filtered() ? 'No security event matches these filters.'
          : 'No security event yet. A threat verdict, a rule hit, an anomaly on an asset, an alert or a detection posted to'
            + ' POST /ml/events opens one; it shows here as it happens.'));
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
