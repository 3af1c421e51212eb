// A table of search hits (GET /ml/events/search, POST /ml/events/similar): each event with how like
// the query it is, linking to the event's page.

import {h, link} from '../dom.js';
import {number, time} from '../format.js';
import {eventPath, incidentPath, severityBadge} from './events-table.js';

export function hitsTable(hits, {caption = 'Events found, the most similar first'} = {}) {
  return h('div', {class: 'table-wrap'}, h('table', {class: 'event-hits'},
    h('caption', {class: 'visually-hidden'}, caption),
    h('thead', null, h('tr', null, ['Similarity', 'Time', 'Severity', 'What', 'Kind', 'Incident'].map(t =>
      h('th', {scope: 'col', class: t === 'Similarity' ? 'num' : null}, t)))),
    h('tbody', null, hits.map(({similarity, event: e}) => h('tr', {dataset: {event: e.id}},
      h('td', {class: 'num'}, number(similarity)),
      h('td', null, h('time', {datetime: e.startedAt}, time(e.startedAt))),
      h('td', null, severityBadge(e.severity)),
      h('td', null, link(eventPath(e.id), e.title)),
      h('td', null, e.kind, e.modelType ? h('div', {class: 'small muted'}, e.modelType) : null),
      h('td', null, e.incident ? link(incidentPath(e.incident), 'Incident') : '–'))))));
}
