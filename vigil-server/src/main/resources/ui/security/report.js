// An incident's report (GET /ml/incidents/{id}/report), drawn from its JSON: the models and versions
// involved with their scores and their health and drift at the time, the top contributing features
// as a bar chart with their figures, the rules that fired, divergence, and the most similar past
// events with how their incidents ended; Markdown and HTML renderings to download.

import {api, explain} from '../api.js';
import {h, link, message, replace} from '../dom.js';
import {barOption} from '../charts.js';
import {saveAs} from '../download.js';
import {count, number, percent, time} from '../format.js';
import {DIVERGENCE, eventPath, incidentPath, severityBadge} from './events-table.js';
import {STATUS_WORDS} from './triage.js';

const TOP = 12;

/** {section, draw()}: the report's section, and the drawing of its chart once the section is on the page. */
export function reportSection(r, {charts, path}) {
  const features = (r.topFeatures || []).slice(0, TOP);
  const chartBox = h('div', {class: 'chart report-features'});
  const downloads = h('div', {'aria-live': 'polite'});
  const section = h('section', {'aria-labelledby': 'report-title', class: 'incident-report'},
    h('div', {class: 'page-head'}, h('h2', {id: 'report-title'}, 'Report'),
      h('div', {class: 'actions'},
        h('button', {type: 'button', class: 'quiet', onclick: () => download(path, 'markdown', downloads)}, 'Download Markdown'),
        h('button', {type: 'button', class: 'quiet', onclick: () => download(path, 'html', downloads)}, 'Download HTML'))),
    downloads,
    h('p', {class: 'small muted'}, `Made ${time(r.generatedAt)} from ${count(r.eventsRead)} event${r.eventsRead === 1 ? '' : 's'}: `,
      pairs(r.kinds), '; severities ', pairs(r.severities), '.'),
    entities(r.entities),
    h('h3', null, 'Models and versions'),
    models(r.models || []),
    h('h3', null, 'Top contributing features'),
    features.length ? h('div', {class: 'two-columns'},
      h('figure', {class: 'panel'}, h('figcaption', {class: 'small muted'},
        'Mean contribution to the verdicts over the incident\'s explained events (towards attack is positive)'), chartBox),
      featureTable(features)) : h('p', {class: 'muted', 'data-empty': 'features'}, 'No explanations recorded (no model verdicts).'),
    h('h3', null, 'Rules and divergence'),
    rules(r.rules || []),
    divergence(r.divergence || {}, r.divergentExamples || []),
    h('h3', null, 'Similar past events'),
    similar(r.similarPast || []));
  return {
    section,
    draw: () => (features.length ? charts.draw(chartBox, 'report-features',
      barOption(features.map(f => ({name: f.feature, value: f.meanContribution})), {name: 'mean contribution', signed: true})) : null),
  };
}

function pairs(counts) {
  const entries = Object.entries(counts || {});
  return entries.length ? entries.map(([k, n]) => `${k} ${count(n)}`).join(', ') : 'none';
}

function entities(e) {
  if (!e) return null;
  const rows = [['Source hosts', e.sourceHosts], ['Destination hosts', e.destinationHosts], ['Assets', e.assets], ['Users', e.users]]
    .filter(([, list]) => list && list.length);
  if (!rows.length) return null;
  return h('dl', {class: 'facts small'}, rows.map(([term, list]) => [h('dt', null, term), h('dd', null, list.join(', '))]));
}

function models(list) {
  if (!list.length) return h('p', {class: 'muted', 'data-empty': 'models'}, 'No model verdicts in this incident.');
  return h('div', {class: 'table-wrap'}, h('table', {class: 'report-models compact'},
    h('caption', {class: 'visually-hidden'}, 'The model versions whose verdicts the incident holds'),
    h('thead', null, h('tr', null, ['Model', 'Type', 'Events', 'Mean / max threat', 'Mean ML score', 'Mean confidence', 'Labels',
      'Health then', 'Drift then'].map(t => h('th', {scope: 'col'}, t)))),
    h('tbody', null, list.map(m => {
      const state = m.state || {};
      return h('tr', {dataset: {model: m.modelId}},
        h('th', {scope: 'row'}, link(`/ui/models/${encodeURIComponent(m.modelId)}/versions/${m.version}`,
          `${state.name || m.modelId} v${m.version}`)),
        h('td', null, m.modelType || '–'),
        h('td', null, count(m.events)),
        h('td', null, `${number(m.meanScore)} / ${number(m.maxScore)}`),
        h('td', null, m.meanMlScore == null ? '–' : number(m.meanMlScore)),
        h('td', null, m.meanConfidence == null ? '–' : percent(m.meanConfidence)),
        h('td', null, pairs(m.labels)),
        h('td', null, state.health || 'unknown'),
        h('td', null, state.drift || 'unknown'));
    }))));
}

function featureTable(features) {
  return h('div', {class: 'table-wrap'}, h('table', {class: 'report-features-table compact'},
    h('caption', {class: 'visually-hidden'}, 'The top contributing features, in figures'),
    h('thead', null, h('tr', null, ['Feature', 'Events', 'Mean', 'Mean |contribution|'].map(t =>
      h('th', {scope: 'col', class: t === 'Feature' ? null : 'num'}, t)))),
    h('tbody', null, features.map(f => h('tr', null, h('th', {scope: 'row'}, f.feature), h('td', {class: 'num'}, count(f.events)),
      h('td', {class: 'num'}, number(f.meanContribution)), h('td', {class: 'num'}, number(f.meanAbsContribution)))))));
}

function rules(list) {
  if (!list.length) return h('p', {class: 'muted'}, 'No rule fired.');
  return h('ul', {class: 'inline-list report-rules'}, list.map(r => h('li', null, h('code', null, r.rule), ` (${count(r.events)})`)));
}

function divergence(counts, examples) {
  const entries = Object.entries(counts);
  if (!entries.length) return h('p', {class: 'muted'}, 'The model and the rules agreed on every verdict.');
  return h('div', {class: 'report-divergence'},
    h('ul', null, entries.map(([kind, n]) => h('li', null, h('span', {class: 'badge warn'}, kind), ` ${count(n)}: ${DIVERGENCE[kind] || ''}`))),
    examples.length ? h('p', {class: 'small'}, 'Examples: ', examples.slice(0, 5).map((id, n) => [n ? ', ' : '', link(eventPath(id), `event ${n + 1}`)]))
      : null);
}

function similar(list) {
  if (!list.length) return h('p', {class: 'muted', 'data-empty': 'similar'}, 'None found.');
  return h('div', {class: 'table-wrap'}, h('table', {class: 'report-similar compact'},
    h('caption', {class: 'visually-hidden'}, 'The most similar earlier events and how their incidents ended'),
    h('thead', null, h('tr', null, ['Similarity', 'Event', 'When', 'Severity', 'Its incident', 'How it ended'].map(t =>
      h('th', {scope: 'col', class: t === 'Similarity' ? 'num' : null}, t)))),
    h('tbody', null, list.map(s => h('tr', {dataset: {event: s.eventId}},
      h('td', {class: 'num'}, number(s.similarity)),
      h('td', null, link(eventPath(s.eventId), s.title)),
      h('td', null, h('time', {datetime: s.at}, time(s.at))),
      h('td', null, severityBadge(s.severity)),
      h('td', null, s.incidentId ? link(incidentPath(s.incidentId), s.incidentTitle || 'its incident') : '–'),
      h('td', null, s.incidentStatus ? STATUS_WORDS[s.incidentStatus] || s.incidentStatus : '–'))))));
}

/** Fetches a rendering with the session's token and hands it to the browser as a file. */
async function download(path, format, status) {
  try {
    await saveAs(await api.fetch(`${path}/report`, {format}), `incident-report.${format === 'markdown' ? 'md' : 'html'}`);
    replace(status);
  } catch (e) {
    replace(status, message('error', `The download failed. ${explain(e)}`));
  }
}
