// One incident: its summary, triage (status, assignee, notes) for roles that may, its events, what
// happened to it, and its report: the models involved with their health and drift then, the top
// contributing features as a chart, the rules that fired, divergence, and the most similar past
// events with how their incidents ended; the report downloads as Markdown or HTML.

import {api, explain} from '../api.js';
import {h, link, message, replace} from '../dom.js';
import {watchEvents} from '../events.js';
import {count, number, time} from '../format.js';
import {chartSet} from '../charts.js';
import {modelStyles} from '../models/styles.js';
import {eventsTable, severityBadge} from '../security/events-table.js';
import {reportSection} from '../security/report.js';
import {mayTriage, statusBadge, STATUS_WORDS, triageForm} from '../security/triage.js';

const ACTIONS = {created: 'created it', status: 'changed the status', assignee: 'changed the assignee', note: 'noted'};

export async function render(root, ctx) {
  await modelStyles();
  const id = ctx.params.id;
  const path = `/ml/incidents/${encodeURIComponent(id)}`;
  const controller = new AbortController();
  const signal = controller.signal;
  const charts = chartSet();
  const notice = h('div', {'aria-live': 'polite'});
  const body = h('div', null);
  const heading = h('h1', {tabindex: '-1'}, 'Incident');
  replace(root, h('p', {class: 'small'}, link('/ui/incidents', '← Incidents')), h('div', {class: 'page-head'}, heading), notice, body);
  const triage = await mayTriage(signal).catch(() => false);

  async function load(view) {
    const [shown, report] = await Promise.all([
      view ? Promise.resolve(view) : api.get(path, null, {signal}),
      api.get(`${path}/report`, null, {signal}).catch(e => (e.name === 'AbortError' ? Promise.reject(e) : {failed: e})),
    ]);
    const i = shown.incident;
    charts.dispose();
    replace(heading, i.title, ' ', statusBadge(i.status), ' ', severityBadge(i.severity));
    const insights = report.failed ? null : reportSection(report, {charts, path});
    replace(body,
      summary(i),
      triage ? triageForm(i, async (answer, said) => {
        await load(answer && answer.incident ? answer : null);
        replace(notice, message('success', said));
      }).form : null,
      h('section', {'aria-labelledby': 'incident-events-title'},
        h('h2', {id: 'incident-events-title'}, 'Events'),
        shown.events.length ? eventsTable(shown.events, {withIncident: false, caption: `The latest events of ${i.title}`})
          : h('p', {class: 'muted'}, 'No events.'),
        i.eventCount > shown.events.length ? h('p', {class: 'small'}, link(`/ui/events?incident=${encodeURIComponent(id)}`,
          `All ${count(i.eventCount)} events of this incident`)) : null),
      activity(shown.activity),
      insights ? insights.section
        : h('section', null, h('h2', null, 'Report'), message('error', `The report cannot be made. ${explain(report.failed)}`)));
    if (insights) await insights.draw();
  }

  function summary(i) {
    const item = (term, ...value) => [h('dt', null, term), h('dd', null, ...value)];
    return h('dl', {class: 'facts incident-facts'},
      item('Status', STATUS_WORDS[i.status] || i.status, i.closedAt ? ` (closed ${time(i.closedAt)})` : ''),
      item('Entity', i.entity, h('span', {class: 'muted'}, ` (${(i.entityKind || '').replace('_', ' ')})`)),
      item('Seen', `${time(i.firstSeenAt)} to ${time(i.lastSeenAt)}`),
      item('Events', count(i.eventCount), `, highest threat ${number(i.maxScore)}`),
      item('Model types', (i.modelTypes || []).join(', ') || 'none (no model verdicts)'),
      item('Assignee', i.assignee || 'nobody'));
  }

  try {
    await load();
  } catch (e) {
    if (e.name === 'AbortError') return undefined;
    throw e;
  }
  let pending = null;
  const stop = watchEvents({}, {
    onEvent: ({type, data}) => {
      const about = data && data.data;
      const ours = type === 'incident.changed' ? about && about.id === id : type === 'security.event' && about && about.incident === id;
      if (!ours || root.querySelector('#triage-note:focus')) return; // never redraw under a note being written
      clearTimeout(pending);
      pending = setTimeout(() => load().catch(() => {}), 400);
    },
  });
  return () => {
    controller.abort();
    stop();
    clearTimeout(pending);
    charts.dispose();
  };
}

function activity(items) {
  return h('section', {'aria-labelledby': 'activity-title'},
    h('h2', {id: 'activity-title'}, 'Activity'),
    h('ol', {class: 'activity plain-list'}, items.map(a => h('li', {dataset: {action: a.action}},
      h('time', {datetime: a.at}, time(a.at)), ' ', h('strong', null, a.actor), ' ', ACTIONS[a.action] || a.action,
      a.action === 'status' ? [': ', STATUS_WORDS[a.from] || a.from, ' → ', STATUS_WORDS[a.to] || a.to] : null,
      a.action === 'assignee' ? [': ', a.to || 'nobody'] : null,
      a.note ? h('blockquote', {class: 'note'}, a.note) : null))));
}
