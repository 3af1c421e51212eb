// What the security-event pages share: an event's path, its entity, its scores in words, and the
// table of events (the events page, an asset's page, an incident's page).

import {h, link} from '../dom.js';
import {count, number, time} from '../format.js';

/** The path of an event's page and of an incident's. */
export const eventPath = id => `/ui/events/${encodeURIComponent(id)}`;
export const incidentPath = id => `/ui/incidents/${encodeURIComponent(id)}`;

const ENTITY_FIELDS = [['sourceHost', 'source host'], ['assetId', 'asset'], ['userName', 'user'], ['destinationHost', 'destination host']];

/** The entity an event is about: its source host, else its asset, user or destination host; {kind, value} or null. */
export function entityOf(e) {
  const found = ENTITY_FIELDS.find(([field]) => e[field]);
  return found ? {kind: found[1], value: e[found[0]]} : null;
}

/** Words for a divergence: who said attack. */
export const DIVERGENCE = {
  rules_only: 'Rules said attack, the model benign',
  ml_only: 'The model said attack, the rules benign',
};

/** "ML 0.12 · rules 0.95": a verdict's two scores (the final one is the higher); null without a verdict's scores. */
export function scoreParts(verdict) {
  if (!verdict) return null;
  const parts = [];
  if (verdict.mlScore != null) parts.push(`ML ${number(verdict.mlScore)}`);
  if (verdict.ruleScore != null) parts.push(`rules ${number(verdict.ruleScore)}`);
  return parts.length ? parts.join(' · ') : null;
}

/** A severity badge. */
export function severityBadge(severity) {
  return h('span', {class: `badge severity-${severity}`}, severity);
}

/** "cpu 19.3 spreads out": what drove an anomaly at its peak. */
function drivers(e) {
  const list = (e.details && Array.isArray(e.details.drivers) ? e.details.drivers : []).slice(0, 3)
    .map(d => typeof d.deviations === 'number' ? `${d.name} ${number(d.deviations)} spreads out` : `${d.name} ${number(d.score)}`);
  return list.length ? h('div', {class: 'small muted'}, list.join(' · ')) : null;
}

function entityCell(e) {
  const entity = entityOf(e);
  if (!entity) return '–';
  const value = entity.kind === 'asset' ? link(`/ui/asset-monitoring/${encodeURIComponent(entity.value)}`, entity.value) : entity.value;
  return [value, h('div', {class: 'small muted'}, entity.kind)];
}

/**
 * A table of security events of every kind: when, kind and state, severity, the entity (withEntity),
 * model type, the final score with the model's and the rules' beneath, divergence, what (a link
 * to the event's page) and its incident (withIncident).
 */
export function eventsTable(events, {withEntity = true, withIncident = true, caption = 'Security events, the latest started first'} = {}) {
  const headers = ['Started', 'Kind', 'Severity', ...(withEntity ? ['Entity'] : []), 'Model type', 'Score', 'Divergence', 'What',
    ...(withIncident ? ['Incident'] : [])];
  return h('div', {class: 'table-wrap'}, h('table', {class: 'security-events'},
    h('caption', {class: 'visually-hidden'}, caption),
    h('thead', null, h('tr', null, headers.map(t => h('th', {scope: 'col', class: t === 'Score' ? 'num' : null}, t)))),
    h('tbody', null, events.map(e => {
      const open = e.endedAt == null;
      const divergence = e.verdict && e.verdict.divergence;
      return h('tr', {dataset: {event: e.id, kind: e.kind, state: open ? 'open' : 'ended', divergence: divergence || null}},
        h('td', null, h('time', {datetime: e.startedAt}, time(e.startedAt))),
        h('td', null, e.kind, e.kind === 'anomaly'
          ? h('div', null, h('span', {class: `badge ${open ? 'bad' : ''}`}, open ? 'open' : 'ended'), ' ',
            h('span', {class: 'small muted'}, `${count(e.points)} point${e.points === 1 ? '' : 's'}`)) : null),
        h('td', null, severityBadge(e.severity)),
        withEntity ? h('td', null, entityCell(e)) : null,
        h('td', null, e.modelType || '–'),
        h('td', {class: 'num'}, number(e.score), scoreParts(e.verdict) ? h('div', {class: 'small muted'}, scoreParts(e.verdict)) : null),
        h('td', null, divergence ? h('span', {class: 'badge warn', title: DIVERGENCE[divergence] || divergence}, divergence) : '–'),
        h('td', null, link(eventPath(e.id), e.title), drivers(e)),
        withIncident ? h('td', null, e.incident ? link(incidentPath(e.incident), 'Incident') : '–') : null);
    }))));
}
