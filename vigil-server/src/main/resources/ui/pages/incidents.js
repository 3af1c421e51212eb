// Incidents: related security events of one entity grouped in time, the latest first, with filters
// (status, severity, entity, assignee, model type, time) and pages kept in the address; each opens
// the incident's page. Live: a new event or a triage change on the stream reads the page again.

import {api, explain} from '../api.js';
import {h, link, message, replace} from '../dom.js';
import {watchEvents} from '../events.js';
import {count, number, time} from '../format.js';
import {keepInAddress, pageLoader, pager} from '../lists.js';
import {modelStyles} from '../models/styles.js';
import {incidentPath, severityBadge} from '../security/events-table.js';
import {statusBadge} from '../security/triage.js';
import {choice, hoursAgo, SEVERITIES, SINCE} from './security-events.js';

const PAGE_SIZE = 50;
const STATUSES = [['', 'Any'], ['open', 'Open'], ['acknowledged', 'Acknowledged'], ['resolved', 'Resolved'],
  ['false_positive', 'False positive']];
const TEXT_FILTERS = [['entity', 'Entity', '10.0.0.5'], ['assignee', 'Assignee', 'dana'], ['modelType', 'Model type', 'intrusion']];

export async function render(root, ctx) {
  await modelStyles();
  const known = (options, v) => (options.some(([o]) => o && o === v) ? v : '');
  const state = {
    status: known(STATUSES, ctx.query.status),
    severity: known(SEVERITIES, ctx.query.severity),
    since: known(SINCE, ctx.query.since),
    page: Math.max(1, parseInt(ctx.query.page, 10) || 1),
  };
  for (const [name] of TEXT_FILTERS) state[name] = ctx.query[name] || '';
  const status = choice('incident-status', 'Status', STATUSES, state.status);
  const severity = choice('incident-severity', 'Severity', SEVERITIES, state.severity);
  const since = choice('incident-since', 'Active', SINCE, state.since);
  const texts = Object.fromEntries(TEXT_FILTERS.map(([name, , placeholder]) =>
    [name, h('input', {type: 'search', id: `incident-${name}`, class: 'narrow', value: state[name], placeholder, autocomplete: 'off'})]));
  const results = h('div', {class: 'results'});
  replace(root,
    h('div', {class: 'page-head'}, h('h1', {tabindex: '-1'}, 'Incidents')),
    h('p', {class: 'muted'}, 'Security events of one host, asset or user close in time are one incident: what an analyst works on.'),
    h('form', {class: 'toolbar', role: 'search', onsubmit: e => { e.preventDefault(); apply(); }},
      status.field, severity.field, since.field,
      TEXT_FILTERS.map(([name, label]) => h('div', {class: 'field'}, h('label', {for: `incident-${name}`}, label), texts[name])),
      h('div', {class: 'field'}, h('button', {type: 'submit', class: 'quiet'}, 'Filter'))),
    results);

  function apply() {
    Object.assign(state, {status: status.select.value, severity: severity.select.value, since: since.select.value, page: 1});
    for (const [name] of TEXT_FILTERS) state[name] = texts[name].value.trim();
    list.load();
  }
  [status.select, severity.select, since.select].forEach(s => s.addEventListener('change', apply));

  const list = pageLoader(results, {
    fetch: signal => {
      keepInAddress({status: state.status, severity: state.severity, since: state.since, entity: state.entity,
        assignee: state.assignee, modelType: state.modelType, page: state.page > 1 ? state.page : null});
      return api.get('/ml/incidents', {
        status: state.status || null, severity: state.severity || null, since: hoursAgo(state.since), entity: state.entity || null,
        assignee: state.assignee || null, modelType: state.modelType || null, page: state.page, size: PAGE_SIZE,
      }, {signal});
    },
    show: page => {
      if (page.total === 0) {
        const filtered = state.status || state.severity || state.since || TEXT_FILTERS.some(([name]) => state[name]);
        replace(results, message('notice', filtered ? 'No incident matches these filters.'
          : 'No incident yet. Security events with a host, asset or user are grouped into incidents as they arrive.'));
        return;
      }
      replace(results,
        h('div', {class: 'table-wrap'}, h('table', {class: 'incidents'},
          h('caption', {class: 'visually-hidden'}, 'Incidents, the latest first'),
          h('thead', null, h('tr', null, ['Incident', 'Status', 'Severity', 'Entity', 'Events', 'Max score', 'Model types', 'Assignee',
            'Last seen'].map(t => h('th', {scope: 'col', class: t === 'Events' || t === 'Max score' ? 'num' : null}, t)))),
          h('tbody', null, page.items.map(row)))),
        pager(page, p => { state.page = p; list.load(); }, 'Pages of incidents'),
        h('p', {class: 'small muted'}, `${count(page.total)} incident${page.total === 1 ? '' : 's'}`));
    },
    fail: e => replace(results, message('error', `The incidents cannot be listed. ${explain(e)}`)),
  });

  function row(i) {
    return h('tr', {dataset: {incident: i.id, status: i.status}},
      h('th', {scope: 'row'}, link(incidentPath(i.id), i.title)),
      h('td', null, statusBadge(i.status)),
      h('td', null, severityBadge(i.severity)),
      h('td', null, i.entity, h('div', {class: 'small muted'}, (i.entityKind || '').replace('_', ' '))),
      h('td', {class: 'num'}, count(i.eventCount)),
      h('td', {class: 'num'}, number(i.maxScore)),
      h('td', null, (i.modelTypes || []).join(', ') || '–'),
      h('td', null, i.assignee || '–'),
      h('td', null, h('time', {datetime: i.lastSeenAt}, time(i.lastSeenAt))));
  }
  await list.load();

  let pending = null;
  const stop = watchEvents({}, {
    onEvent: ({type}) => {
      if (type !== 'security.event' && type !== 'incident.changed') return;
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
