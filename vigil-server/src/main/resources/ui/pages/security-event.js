// One security event: what and when, its entities and incident, the verdict (the model's score, the
// rules' score and the final one, the label, the rules that fired, divergence), the explanation's
// top features, the raw input it was made on, and the stored events most like it (POST /ml/events/similar).

import {api, explain} from '../api.js';
import {h, link, message, replace} from '../dom.js';
import {number, percent, time} from '../format.js';
import {modelStyles} from '../models/styles.js';
import {DIVERGENCE, eventPath, incidentPath, severityBadge} from '../security/events-table.js';
import {hitsTable} from '../security/hits.js';

const SIMILAR = 10;

export async function render(root, ctx) {
  await modelStyles();
  const id = ctx.params.id;
  const controller = new AbortController();
  const e = await api.get(`/ml/events/${encodeURIComponent(id)}`, null, {signal: controller.signal});
  const verdict = e.verdict || null;
  const similar = h('div', {'aria-live': 'polite'}, h('p', {class: 'muted'}, 'Looking for similar events…'));
  replace(root,
    h('p', {class: 'small'}, link('/ui/events', '← Security events')),
    h('div', {class: 'page-head'}, h('h1', {tabindex: '-1'}, e.title, ' ', severityBadge(e.severity))),
    facts(e),
    verdict ? verdictSection(e, verdict) : null,
    driversSection(e),
    inputSection(e.input),
    h('section', {'aria-labelledby': 'similar-title'}, h('h2', {id: 'similar-title'}, 'Similar events'), similar));

  api.post('/ml/events/similar', {eventId: id, k: SIMILAR}, {signal: controller.signal}).then(answer => {
    const hits = (answer.hits || []).filter(hit => hit.event.id !== id);
    replace(similar, hits.length ? hitsTable(hits, {caption: `Events most like ${e.title}`})
      : h('p', {class: 'muted', 'data-empty': 'similar'}, 'No similar event stored yet.'));
  }).catch(err => {
    if (err.name !== 'AbortError') replace(similar, message('notice', `Similar events cannot be found for this event. ${explain(err)}`));
  });
  return () => controller.abort();
}

function facts(e) {
  const item = (term, ...value) => [h('dt', null, term), h('dd', null, ...value)];
  const entities = [['Source host', e.sourceHost], ['Destination host', e.destinationHost], ['User', e.userName]]
    .filter(([, v]) => v).map(([term, v]) => item(term, v));
  return h('dl', {class: 'facts'},
    item('Kind', e.kind, e.source ? ` (from ${e.source})` : ''),
    item('When', time(e.startedAt), e.lastSeenAt && e.lastSeenAt !== e.startedAt ? ` to ${time(e.lastSeenAt)}` : '',
      e.kind === 'anomaly' ? (e.endedAt ? ' (ended)' : ' (going on)') : ''),
    item('Score', number(e.score), e.method ? h('span', {class: 'muted'}, ` (${e.method})`) : null),
    e.modelType ? item('Model type', e.modelType) : null,
    e.modelId ? item('Model', link(`/ui/models/${encodeURIComponent(e.modelId)}/versions/${e.version}`, `version ${e.version}`)) : null,
    e.assetId ? item('Asset', link(`/ui/asset-monitoring/${encodeURIComponent(e.assetId)}`, e.assetId)) : null,
    entities,
    item('Incident', e.incident ? link(incidentPath(e.incident), 'Open its incident') : 'none (no entity to group it by)'));
}

function verdictSection(e, v) {
  const item = (term, ...value) => [h('dt', null, term), h('dd', null, ...value)];
  const features = v.topFeatures || [];
  return h('section', {'aria-labelledby': 'verdict-title', class: 'verdict-section'},
    h('h2', {id: 'verdict-title'}, 'Verdict'),
    h('dl', {class: 'metrics big verdict-scores'},
      h('dt', null, 'Final'), h('dd', {dataset: {score: 'final'}}, number(e.score)),
      h('dt', null, 'ML'), h('dd', {dataset: {score: 'ml'}}, v.mlScore == null ? '–' : number(v.mlScore)),
      h('dt', null, 'Rules'), h('dd', {dataset: {score: 'rules'}}, v.ruleScore == null ? 'none' : number(v.ruleScore)),
      h('dt', null, 'Threshold'), h('dd', null, v.threshold == null ? '–' : number(v.threshold))),
    h('p', {class: 'small muted'}, 'The final threat is the higher of the model\'s and the rules\' (maximum threat wins).'),
    h('dl', {class: 'facts'},
      v.label ? item('Label', v.label, v.confidence == null ? '' : ` (confidence ${percent(v.confidence)})`) : null,
      item('Rules fired', v.rulesFired && v.rulesFired.length
        ? h('ul', {class: 'inline-list rules-fired'}, v.rulesFired.map(r => h('li', null, h('code', null, r)))) : 'none'),
      item('Divergence', v.divergence ? h('span', {class: 'badge warn', 'data-divergence': v.divergence}, v.divergence) : 'none: they agreed',
        v.divergence ? ` ${DIVERGENCE[v.divergence] || ''}` : '')),
    features.length ? [h('h3', null, 'Top contributing features'),
      h('div', {class: 'table-wrap'}, h('table', {class: 'top-features compact'},
        h('caption', {class: 'visually-hidden'}, 'The inputs that pushed the verdict most, largest first'),
        h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Feature'), h('th', {scope: 'col'}, 'Value'),
          h('th', {scope: 'col', class: 'num'}, 'Contribution'))),
        h('tbody', null, features.map(f => h('tr', null, h('th', {scope: 'row'}, f.feature), h('td', null, shown(f.value)),
          h('td', {class: 'num'}, `${f.contribution > 0 ? '+' : ''}${number(f.contribution)}`))))))] : null);
}

function driversSection(e) {
  const drivers = e.details && Array.isArray(e.details.drivers) ? e.details.drivers : [];
  if (!drivers.length) return null;
  return h('section', {'aria-labelledby': 'drivers-title'}, h('h2', {id: 'drivers-title'}, 'What drove it at its peak'),
    h('div', {class: 'table-wrap'}, h('table', {class: 'compact'},
      h('thead', null, h('tr', null, ['Metric', 'Score', 'Spreads out', 'Baseline', 'Spread'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', null, drivers.map(d => h('tr', null, h('th', {scope: 'row'}, d.name), h('td', null, number(d.score)),
        h('td', null, number(d.deviations)), h('td', null, number(d.mean ?? d.median)), h('td', null, number(d.spread))))))));
}

function inputSection(input) {
  if (!input || !Object.keys(input).length) return null;
  return h('section', {'aria-labelledby': 'input-title'}, h('h2', {id: 'input-title'}, 'Raw input'),
    h('div', {class: 'table-wrap'}, h('table', {class: 'raw-input compact'},
      h('caption', {class: 'visually-hidden'}, 'The record the verdict was made on'),
      h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Field'), h('th', {scope: 'col'}, 'Value'))),
      h('tbody', null, Object.entries(input).map(([k, v]) => h('tr', null, h('th', {scope: 'row'}, k), h('td', {class: 'mono'}, shown(v))))))));
}

function shown(value) {
  if (value === null || value === undefined) return '–';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export {eventPath};
