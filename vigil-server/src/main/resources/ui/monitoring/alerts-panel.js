// Alerts: the open ones (firing or acknowledged) with acknowledge and resolve for the roles that
// may (every role that reads: analysts too), and the last resolved ones. Reloaded by the page when
// an alert event arrives.
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { when, ago, count } from '../models/format.js';
import { mayHandleAlerts } from '../models/roles.js';

function detailsText(details) {
  if (!details) return '';
  return Object.entries(details).filter(([, v]) => v == null || typeof v !== 'object')
    .map(([k, v]) => `${k} ${v}`).join(' · ');
}

function alertRow(alert, session, reload, say) {
  const actions = h('td', { class: 'actions' });
  if (mayHandleAlerts(session) && alert.state !== 'resolved') {
    const act = (label, verb) => {
      const b = h('button', { type: 'button', class: 'secondary small', 'data-action': verb }, label);
      b.addEventListener('click', async () => {
        b.disabled = true;
        try {
          await api.post(`/ml/alerts/${alert.id}/${verb}`);
          say(`${alert.ruleName}: ${verb === 'acknowledge' ? 'acknowledged' : 'resolved'}.`);
          await reload();
        } catch (e) {
          b.disabled = false;
          say((e.problem && e.problem.detail) || e.message, true);
        }
      });
      return b;
    };
    if (alert.state === 'firing') actions.append(act('Acknowledge', 'acknowledge'));
    actions.append(act('Resolve', 'resolve'));
  }
  const who = alert.state === 'acknowledged' ? `acknowledged by ${alert.acknowledgedBy} ${ago(alert.acknowledgedAt)}`
    : alert.state === 'resolved' ? `resolved by ${alert.resolvedBy || 'vigil'} ${ago(alert.resolvedAt)}${alert.resolution ? `: ${alert.resolution}` : ''}` : '';
  return h('tr', { 'data-alert': alert.id, 'data-state': alert.state, class: `severity-${alert.severity}` },
    h('td', {}, h('span', { class: `badge severity-${alert.severity}` }, alert.severity)),
    h('td', {}, h('strong', {}, alert.summary), h('br', {}),
      h('span', { class: 'small muted' }, `${alert.ruleName} · ${alert.kind}${alert.modelName ? ` · ${alert.modelName}${alert.version ? ` v${alert.version}` : ''}` : ''}`),
      detailsText(alert.details) ? h('br', {}) : null, h('span', { class: 'small muted' }, detailsText(alert.details))),
    h('td', {}, alert.state, who ? h('br', {}) : null, h('span', { class: 'small muted' }, who)),
    h('td', { title: `first ${when(alert.firstSeen)}` }, `${ago(alert.lastSeen)}`, h('br', {}), h('span', { class: 'small muted' }, `${count(alert.occurrences)}×`)),
    actions);
}

function alertTable(caption, alerts, session, reload, say) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'alerts' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...['severity', 'alert', 'state', 'last seen', ''].map((t, i) => h('th', { scope: 'col' }, t || h('span', { class: 'visually-hidden' }, i === 4 ? 'actions' : t))))),
    h('tbody', {}, ...alerts.map((a) => alertRow(a, session, reload, say)))));
}

/** The alerts section; answers {section, reload()}. */
export function alertsPanel(session, signal) {
  const message = h('p', { class: 'action-message', role: 'status', 'aria-live': 'polite' });
  const body = h('div', {});
  const say = (text, error) => { message.className = `action-message${error ? ' error' : ''}`; message.textContent = text; };
  const reload = async () => {
    const [open, resolved] = await Promise.all([
      api.get('/ml/alerts', { state: 'open', size: 100 }, { signal }),
      api.get('/ml/alerts', { state: 'resolved', size: 10 }, { signal })]);
    replace(body, 
      open.items.length ? alertTable(`Open alerts (${count(open.total)})`, open.items, session, reload, say) : h('p', { class: 'muted', 'data-empty': 'alerts' }, 'No open alert.'),
      resolved.items.length ? h('details', {}, h('summary', {}, `Recently resolved (${count(resolved.total)} in all)`),
        alertTable('Resolved alerts, the most recently seen first', resolved.items, session, reload, say)) : null);
  };
  const section = h('section', { class: 'alerts-panel', 'aria-labelledby': 'alerts-title' }, h('h2', { id: 'alerts-title' }, 'Alerts'), message, body);
  return { section, reload };
}
