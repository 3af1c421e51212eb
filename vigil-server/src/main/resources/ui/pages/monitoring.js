// Serving and monitoring: what is loaded, the cache and the prediction log; per deployed model its
// traffic, latency, health, live accuracy over time and drift per input; and the alerts, with
// acknowledge and resolve. Alerts and health changes arrive live from the event stream.
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { modelStyles } from '../models/styles.js';
import { chartSet } from '../charts.js';
import { servingSection } from '../monitoring/serving-panel.js';
import { modelWatch } from '../monitoring/model-watch.js';
import { alertsPanel } from '../monitoring/alerts-panel.js';
import { watchEvents } from '../events.js';

const WINDOWS = ['15m', '1h', '24h', '7d'];
const REFRESH_MS = 30000;

export async function render(root, ctx) {
  await modelStyles();
  const controller = new AbortController();
  const signal = controller.signal;
  const charts = chartSet();
  const windowParam = ctx.query && (ctx.query.get ? ctx.query.get('window') : ctx.query.window);
  let span = WINDOWS.includes(windowParam) ? windowParam : '1h';

  const windowSelect = h('select', { id: 'monitoring-window' }, ...WINDOWS.map((w) => h('option', { value: w }, `last ${w}`)));
  windowSelect.value = span;
  const updated = h('span', { class: 'muted small', 'aria-live': 'off' });
  const serving = h('div', {});
  const watched = h('div', { class: 'watched' });
  const alerts = alertsPanel(ctx.session, signal);

  replace(root, 
    h('header', { class: 'page-head' }, h('h1', {}, 'Serving and monitoring'),
      h('div', {}, h('label', { for: 'monitoring-window' }, 'Window '), windowSelect, ' ', updated)),
    alerts.section, serving,
    h('section', { 'aria-labelledby': 'watched-title' }, h('h2', { id: 'watched-title' }, 'Deployed models'), watched));

  const refresh = async () => {
    const metrics = await api.get('/ml/metrics', { window: span }, { signal });
    replace(serving, await servingSection(metrics, signal));
    const watches = await Promise.all(metrics.models.map((m) => modelWatch(m, span, charts, signal)));
    charts.dispose();
    replace(watched, ...(watches.length ? watches.map((w) => w.section) : [h('p', { class: 'muted' }, 'No model is deployed.')]));
    await Promise.all(watches.map((w) => w.draw()));
    updated.textContent = `updated ${new Date().toLocaleTimeString()}`;
  };
  windowSelect.addEventListener('change', () => {
    span = windowSelect.value;
    history.replaceState(history.state, '', `${location.pathname}?window=${span}`);
    refresh().catch(() => {});
  });

  await Promise.all([alerts.reload(), refresh()]);

  // alerts and health changes as they happen; the figures every half minute
  let pending = null;
  const soon = (f) => { clearTimeout(pending); pending = setTimeout(() => f().catch(() => {}), 300); };
  let connected = false;
  const stopWatching = watchEvents({}, {
    onEvent: ({ type }) => {
      if (type.startsWith('alert.')) soon(alerts.reload);
      else if (type === 'model.health') soon(refresh);
    },
    onStatus: (status) => { // after a reconnection, read again what may have been missed
      if (status === 'live' && connected) { soon(alerts.reload); }
      if (status === 'live') connected = true;
    },
  });
  const timer = setInterval(() => { if (!document.hidden) refresh().catch(() => {}); }, REFRESH_MS);

  return () => {
    controller.abort();
    stopWatching();
    clearInterval(timer);
    clearTimeout(pending);
    charts.dispose();
  };
}
