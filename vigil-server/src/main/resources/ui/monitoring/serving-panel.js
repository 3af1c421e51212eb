// What this instance serves: the versions in memory against the budget, the prediction cache,
// the prediction log; and per deployed model its traffic and latency over the window.
import { h } from '../dom.js';
import { api } from '../api.js';
import { bytes, count, percent, millis } from '../models/format.js';

function figures(pairs) {
  return h('dl', { class: 'figures' }, ...pairs.flatMap(([k, v, key]) => [h('dt', {}, k), h('dd', key ? { 'data-figure': key } : {}, v)]));
}

/** The serving panel's section, filled from GET /ml/serving/stats and the window's /ml/metrics. */
export async function servingSection(metrics, signal) {
  const stats = await api.get('/ml/serving/stats', undefined, { signal });
  const mem = stats.modelMemory || {};
  const cache = stats.cache || {};
  const rec = stats.recording || {};
  const loaded = stats.loadedModels || [];
  return h('section', { class: 'serving', 'aria-labelledby': 'serving-title' },
    h('h2', { id: 'serving-title' }, 'Serving'),
    h('div', { class: 'cards' },
      h('article', { class: 'card' }, h('h3', {}, 'Loaded'),
        figures([['versions in memory', count(loaded.length), 'loaded'], ['memory', `${bytes(mem.usedBytes)} of ${bytes(mem.budgetBytes)}`]])),
      h('article', { class: 'card' }, h('h3', {}, 'Prediction cache'),
        cache.enabled ? figures([['entries', count(cache.size)], ['hits', count(cache.hits)], ['misses', count(cache.misses)],
          ['hit rate', percent(cache.hitRate), 'hit-rate']]) : h('p', { class: 'muted' }, 'off')),
      h('article', { class: 'card' }, h('h3', {}, 'Prediction log'),
        figures([['written', count(rec.written)], ['queued', count(rec.queued)], ['dropped', count(rec.dropped)], ['failed', count(rec.failed)]]))),
    loaded.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'numbers', 'data-table': 'loaded' },
      h('caption', {}, 'Versions in memory, least recently used first'),
      h('thead', {}, h('tr', {}, ...['model', 'slot', 'version', 'memory'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...loaded.map((v) => h('tr', {}, h('th', { scope: 'row' }, h('a', { 'data-link': true, href: `/ui/models/${v.modelId}/versions/${v.version}` }, v.name)),
        h('td', {}, v.modelType), h('td', {}, `v${v.version}`), h('td', {}, bytes(v.bytes))))))) : h('p', { class: 'muted' }, 'No version loaded yet: one loads at its first prediction.'),
    metrics.models.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'numbers', 'data-table': 'traffic' },
      h('caption', {}, `Traffic of the deployed models over the last ${metrics.window}`),
      h('thead', {}, h('tr', {}, ...['model', 'version', 'predictions', 'per minute', 'p50', 'p95', 'p99', 'with feedback'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...metrics.models.map((m) => h('tr', {}, h('th', { scope: 'row' }, m.modelName), h('td', {}, `v${m.version}`),
        h('td', {}, count(m.volume.predictions)), h('td', {}, m.volume.perMinute == null ? 'n/a' : Number(m.volume.perMinute).toFixed(1)),
        h('td', {}, millis(m.latency.p50Ms)), h('td', {}, millis(m.latency.p95Ms)), h('td', {}, millis(m.latency.p99Ms)),
        h('td', {}, count(m.feedback)))))))
      : h('p', { class: 'muted' }, 'No model is deployed.'));
}
