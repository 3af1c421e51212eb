// One model as a card: the serving version's headline figures (hold-out and, when validated, on
// other data), status, version, when it was trained and deployed, and the inputs it reads.
import { h } from '../dom.js';
import { api } from '../api.js';
import { HEADLINE, metric, when, ago } from './format.js';

/** A status as a badge; the class gives its colour, the text says it (colour is never alone). */
export function statusBadge(status) {
  return h('span', { class: `badge status-${status}` }, status);
}

/**
 * The card of a {@code listing} (GET /ml/models item). Times and inputs are filled in once the card
 * is on screen ({@link fillDetails}): the listing does not carry them.
 */
export function modelCard(listing) {
  const hl = listing.headline;
  const figures = hl ? (hl.validation ? hl.validation.metrics : hl.holdOut) || {} : {};
  const basis = !hl ? 'no version yet' : hl.validation
    ? `on ${hl.validation.datasetName} (validation ${hl.validation.passed ? 'passed' : 'failed'})`
    : 'on held-out rows';
  const version = hl ? `v${hl.version}${hl.deployed ? ' (deployed)' : ' (latest)'}` : '—';
  const link = `/ui/models/${listing.id}`;
  const card = h('article', { class: 'card model-card', 'data-model': listing.modelName, 'aria-labelledby': `model-${listing.id}` },
    h('header', { class: 'card-head' },
      h('h3', { id: `model-${listing.id}` }, h('a', { 'data-link': true, href: link }, listing.modelName)),
      statusBadge(listing.status)),
    h('p', { class: 'muted' }, `${listing.algorithm} · ${version}`),
    h('dl', { class: 'metrics' }, ...HEADLINE.flatMap((name) => [
      h('dt', {}, name === 'f1' ? 'F1' : name),
      h('dd', { 'data-metric': name }, metric(figures[name])),
    ])),
    h('p', { class: 'muted small' }, basis),
    h('dl', { class: 'facts small' },
      h('dt', {}, 'trained'), h('dd', { 'data-fact': 'trained' }, hl ? '…' : 'never'),
      h('dt', {}, 'deployed'), h('dd', { 'data-fact': 'deployed' }, listing.deployedVersion ? '…' : 'no'),
      h('dt', {}, 'inputs'), h('dd', { 'data-fact': 'inputs' }, hl ? '…' : inputsOfDefinition(listing))));
  return card;
}

function inputsOfDefinition(listing) {
  if (listing.features && listing.features.length) return `${listing.features.length} chosen`;
  return listing.dropColumns && listing.dropColumns.length ? `all but ${listing.dropColumns.length} dropped` : 'all columns';
}

/**
 * Fills in a card's trained time, deployed time and inputs: the serving version, its inputs and the
 * model's active deployment. Failures leave "n/a": a card is still useful without them.
 */
export async function fillDetails(card, listing, signal) {
  const hl = listing.headline;
  const set = (fact, text, title) => {
    const dd = card.querySelector(`[data-fact="${fact}"]`);
    dd.textContent = text;
    if (title) dd.title = title;
  };
  const base = `/ml/models/${listing.id}`;
  const jobs = [];
  if (hl) {
    jobs.push(api.get(`${base}/versions/${hl.version}`, undefined, { signal })
      .then((v) => set('trained', ago(v.createdAt), when(v.createdAt)), () => set('trained', 'n/a')));
    jobs.push(api.get(`${base}/versions/${hl.version}/inputs`, undefined, { signal })
      .then((s) => set('inputs', `${s.inputs.length} (${s.inputs.filter((i) => i.required).length} required)`,
        s.inputs.map((i) => i.name).join(', ')), () => set('inputs', 'n/a')));
  }
  if (listing.deployedVersion) {
    jobs.push(api.get(`${base}/deployments`, undefined, { signal })
      .then((list) => {
        const active = list.find((d) => d.active);
        set('deployed', active ? `v${active.version}, ${ago(active.createdAt)}` : 'no', active ? when(active.createdAt) : undefined);
      }, () => set('deployed', 'n/a')));
  }
  await Promise.all(jobs);
}
