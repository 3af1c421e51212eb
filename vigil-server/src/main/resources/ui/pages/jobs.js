// Jobs: the queue, newest first, kept live by the event stream (state changes and progress as they
// happen); a job's log; cancel and priority for the roles that change jobs (admins, data scientists).

import {api, explain} from '../api.js';
import {confirmDialog} from '../dialog.js';
import {h, link, message, replace} from '../dom.js';
import {watchEvents} from '../events.js';
import {count, duration, percent, time} from '../format.js';
import {keepInAddress, pageLoader, pager} from '../lists.js';
import {match, SCIENTISTS} from '../routes.js';
import {jobLog} from './job-log.js';

const PAGE_SIZE = 20;
const STATES = [['', 'All'], ['queued', 'Queued'], ['running', 'Running'], ['succeeded', 'Succeeded'], ['failed', 'Failed'], ['cancelled', 'Cancelled']];
const ACTIVE = new Set(['queued', 'running']);
const BADGES = {queued: 'info', running: 'warn', succeeded: 'ok', failed: 'bad', cancelled: ''};

export async function render(root, ctx) {
  const canChange = ctx.session.allowed(SCIENTISTS);
  const state = {
    filter: STATES.some(([v]) => v && v === ctx.query.state) ? ctx.query.state : '',
    page: Math.max(1, parseInt(ctx.query.page, 10) || 1),
  };
  const rows = new Map(); // job id -> {job, tr}
  let reloadTimer = null;
  let everLive = false;

  const live = h('span', {class: 'live badge', role: 'status'}, 'Connecting…');
  const filter = h('select', {id: 'job-state'}, STATES.map(([v, label]) => h('option', {value: v, selected: v === state.filter}, label)));
  const notice = h('div', {'aria-live': 'polite'});
  const results = h('div', {class: 'results'});
  const log = jobLog();

  replace(root,
    h('div', {class: 'page-head'}, h('h1', {tabindex: '-1'}, 'Jobs'), live),
    h('div', {class: 'toolbar'}, h('div', {class: 'field'}, h('label', {for: 'job-state'}, 'State'), filter)),
    notice,
    results,
    log.element);

  filter.addEventListener('change', () => {
    state.filter = filter.value;
    state.page = 1;
    load();
  });

  const list = pageLoader(results, {
    fetch: signal => {
      keepInAddress({state: state.filter, page: state.page > 1 ? state.page : null});
      return api.get('/ml/jobs', {state: state.filter || null, page: state.page, size: PAGE_SIZE}, {signal});
    },
    show: page => {
      rows.clear();
      if (page.total === 0) {
        replace(results, message('notice', state.filter ? `No ${state.filter} jobs.`
          : 'No jobs yet. Training a model queues one; it shows here as it runs.'));
        return;
      }
      const body = h('tbody', null, page.items.map(job => {
        const tr = row(job);
        rows.set(job.id, {job, tr});
        return tr;
      }));
      replace(results,
        h('div', {class: 'table-wrap'}, h('table', {class: 'jobs'},
          h('caption', {class: 'visually-hidden'}, 'Jobs, newest first'),
          h('thead', null, h('tr', null, ['Job', 'State', 'Progress', 'Priority', 'Queued', 'Run time', ''].map(t =>
            h('th', {scope: 'col', class: t === 'Priority' ? 'num' : null}, t)))),
          body)),
        pager(page, p => { state.page = p; list.load(); }, 'Pages of jobs'));
    },
    fail: e => replace(results, message('error', `The jobs cannot be listed. ${explain(e)}`)),
  });
  const load = list.load;

  /** Where a training ran, when not in the server's own process: "trained on Spark local[2]". */
  function ranOn(job) {
    const r = job.result;
    if (!r || !r.engine || r.engine === 'local') return null;
    const engine = r.engine.charAt(0).toUpperCase() + r.engine.slice(1);
    return h('div', {class: 'small muted ran-on'}, `trained on ${engine}${r.ranOn ? ` ${r.ranOn}` : ''}`);
  }

  /** One job's row: drawn anew whenever the job changes. */
  function row(job) {
    const active = ACTIVE.has(job.state);
    return h('tr', {dataset: {job: job.id}, class: job.id === log.jobId() ? 'selected' : null},
      h('th', {scope: 'row'}, h('span', {class: 'kind'}, job.kind), ' ', h('code', {class: 'short-id', title: job.id}, job.id.slice(0, 8)),
        job.modelId ? h('div', {class: 'small'}, 'model ', modelLink(job.modelId)) : null,
        job.createdBy ? h('div', {class: 'small muted'}, `by ${job.createdBy}`) : null),
      h('td', null, h('span', {class: `badge ${BADGES[job.state] || ''}`}, job.cancelRequested && active ? 'cancelling' : job.state),
        job.error ? h('div', {class: 'small job-error'}, job.error) : null,
        ranOn(job)),
      h('td', {class: 'progress-cell'}, progressOf(job)),
      h('td', {class: 'num'}, canChange && job.state === 'queued' ? priorityForm(job) : String(job.priority)),
      h('td', null, h('time', {datetime: job.createdAt}, time(job.createdAt))),
      h('td', {class: 'run-time', dataset: job.state === 'running' && job.startedAt ? {since: job.startedAt} : {}}, runTime(job)),
      h('td', {class: 'row-actions'},
        h('button', {type: 'button', class: 'quiet', 'aria-pressed': String(job.id === log.jobId()),
          onclick: () => showLog(job)}, h('span', {class: 'visually-hidden'}, `${job.kind} job ${job.id.slice(0, 8)}: `), 'Log'),
        canChange && active && !job.cancelRequested
          ? h('button', {type: 'button', class: 'danger', onclick: () => cancel(job)},
            h('span', {class: 'visually-hidden'}, `${job.kind} job ${job.id.slice(0, 8)}: `), 'Cancel…')
          : null));
  }

  function priorityForm(job) {
    const input = h('input', {type: 'number', min: '-1000', max: '1000', step: '1', value: String(job.priority), class: 'priority',
      'aria-label': `Priority of ${job.kind} job ${job.id.slice(0, 8)}`});
    return h('form', {class: 'priority-form', onsubmit: async e => {
      e.preventDefault();
      try {
        show(await api.patch(`/ml/jobs/${job.id}`, {priority: Number(input.value)}));
        replace(notice, message('success', `Job ${job.id.slice(0, 8)} now has priority ${input.value}.`));
      } catch (err) {
        replace(notice, message('error', `The priority was not changed. ${explain(err)}`));
      }
    }}, input, h('button', {type: 'submit', class: 'quiet'}, 'Set'));
  }

  async function cancel(job) {
    const sure = await confirmDialog(job.state === 'running'
      ? `The ${job.kind} job ${job.id.slice(0, 8)} stops where it is; what it made so far is not kept.`
      : `The ${job.kind} job ${job.id.slice(0, 8)} leaves the queue without running.`,
    {title: 'Cancel this job?', confirm: 'Cancel job', danger: true});
    if (!sure) return;
    try {
      show(await api.post(`/ml/jobs/${job.id}/cancel`));
    } catch (e) {
      replace(notice, message('error', `The job was not cancelled. ${explain(e)}`));
    }
  }

  function showLog(job) {
    log.show(job.id === log.jobId() ? null : job);
    for (const {job: j} of rows.values()) show(j); // the pressed Log button follows
  }

  /** A job as the server now has it: its row drawn again, if it is on this page. */
  function show(job) {
    const known = rows.get(job.id);
    // an answer can arrive after the event that followed it (a cancel's answer after the job's end): the newer wins
    if (!known || Date.parse(job.updatedAt) < Date.parse(known.job.updatedAt)) return;
    const tr = row(job);
    const focused = known.tr.contains(document.activeElement) ? document.activeElement.textContent : null;
    known.tr.replaceWith(tr);
    rows.set(job.id, {job, tr});
    if (focused) { // keep the keyboard on the same control of the row
      const again = [...tr.querySelectorAll('button')].find(b => b.textContent === focused);
      if (again) again.focus();
    }
    log.update(job);
  }

  function onEvent({type, data}) {
    if (type === 'job.state' && data.data) {
      const job = data.data;
      if (rows.has(job.id)) show(job);
      else if (state.page === 1 && (!state.filter || state.filter === job.state)) reloadSoon(); // a new job, or one that now fits the filter
    } else if (type === 'job.progress') {
      const known = rows.get(data.jobId);
      if (known && known.job.state === 'running') {
        known.job = {...known.job, progress: data.progress};
        replace(known.tr.querySelector('.progress-cell'), progressOf(known.job));
      }
    }
  }

  function reloadSoon() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(load, 300);
  }

  const stopEvents = watchEvents(null, {
    onEvent,
    onStatus: (status, error) => {
      live.className = `live badge ${status === 'live' ? 'ok' : status === 'refused' ? 'bad' : 'warn'}`;
      live.textContent = {connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', refused: 'Not live'}[status];
      if (status === 'refused') replace(notice, message('error', `Live updates are off. ${explain(error)}`));
      if (status === 'live' && everLive) load(); // events may have been missed while the stream was down
      if (status === 'live') everLive = true;
    },
  });
  // the run time of running jobs goes on between events
  const clock = setInterval(() => {
    for (const cell of results.querySelectorAll('td.run-time[data-since]')) {
      cell.textContent = duration(Date.now() - Date.parse(cell.dataset.since));
    }
  }, 1000);

  await load();
  if (ctx.query.job) {
    const known = rows.get(ctx.query.job);
    showLog(known ? known.job : await api.get(`/ml/jobs/${encodeURIComponent(ctx.query.job)}`));
  }
  return () => {
    stopEvents();
    clearInterval(clock);
    clearTimeout(reloadTimer);
    list.stop();
    log.stop();
  };
}

function progressOf(job) {
  const p = job.progress || {};
  if (job.state === 'queued') return h('span', {class: 'muted'}, 'waiting');
  if (job.state !== 'running') return job.state === 'succeeded' ? h('span', {class: 'muted'}, 'done') : h('span', {class: 'muted'}, '–');
  const words = [p.phase, p.round != null && p.totalRounds ? `round ${count(p.round)} of ${count(p.totalRounds)}` : null, percent(p.fraction || 0)]
    .filter(Boolean).join(' · ');
  return h('div', {class: 'job-progress'},
    h('progress', {max: '1', value: String(p.fraction || 0), 'aria-label': `Progress: ${words}`}),
    h('span', {class: 'small'}, words));
}

function runTime(job) {
  if (!job.startedAt) return '–';
  const end = job.finishedAt ? Date.parse(job.finishedAt) : Date.now();
  return duration(end - Date.parse(job.startedAt));
}

/** A link to the model's page when the dashboard has one, else its id. */
function modelLink(modelId) {
  const path = `/ui/models/${modelId}`;
  return match(path) ? link(path, h('code', null, modelId.slice(0, 8))) : h('code', {title: modelId}, modelId.slice(0, 8));
}
