// A job's log under the jobs table: its lines as the job writes them (GET /ml/jobs/{id}/logs with
// since = the last line seen, every 2 s while the job is queued or running; once more when it ends).

import {api, explain} from '../api.js';
import {h, message, replace} from '../dom.js';
import {keepInAddress} from '../lists.js';

const POLL_MS = 2000;
const LINES_PER_READ = 1000;
const ACTIVE = new Set(['queued', 'running']);
const clock = new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit', second: '2-digit'});

/** {element, show(job or null), update(job), jobId(), stop()}. */
export function jobLog() {
  let job = null;
  let since = 0;
  let timer = null;
  let controller = null;
  const heading = h('h2', {id: 'log-title', tabindex: '-1'});
  const about = h('p', {class: 'muted small'});
  const lines = h('ol', {class: 'log-lines', 'aria-label': 'Log lines'});
  const problem = h('div');
  const element = h('section', {class: 'card job-log', hidden: true, 'aria-labelledby': 'log-title'},
    h('div', {class: 'page-head'}, heading, h('button', {type: 'button', class: 'quiet', onclick: () => show(null)}, 'Close log')),
    about, problem, lines);

  async function read() {
    if (!job) return;
    const reading = job;
    controller = new AbortController();
    try {
      const page = await api.get(`/ml/jobs/${encodeURIComponent(reading.id)}/logs`, {since, limit: LINES_PER_READ}, {signal: controller.signal});
      if (job !== reading && (!job || job.id !== reading.id)) return;
      replace(problem);
      const atBottom = lines.scrollTop + lines.clientHeight >= lines.scrollHeight - 8;
      for (const line of page.lines) {
        lines.append(h('li', {class: `log-line ${line.level ? line.level.toLowerCase() : ''}`},
          h('time', {datetime: line.at}, clock.format(new Date(line.at))), ' ',
          h('span', {class: 'level'}, line.level || ''), ' ', h('span', {class: 'text'}, line.message)));
      }
      if (page.lines.length === 0 && lines.children.length === 0) about.textContent = describe(job) + ' No lines yet.';
      since = page.next;
      if (atBottom) lines.scrollTop = lines.scrollHeight; // follow the end unless the reader scrolled up
      if (page.lines.length === LINES_PER_READ) return read(); // more are waiting
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(problem, message('error', `The log cannot be read. ${explain(e)}`));
    }
    if (job && ACTIVE.has(job.state)) timer = setTimeout(read, POLL_MS);
  }

  function stop() {
    clearTimeout(timer);
    timer = null;
    if (controller) controller.abort();
  }

  function show(next) {
    stop();
    job = next;
    since = 0;
    lines.replaceChildren();
    keepInAddress({job: next ? next.id : null});
    element.hidden = !next;
    if (!next) return;
    heading.textContent = `Log of ${next.kind} job ${next.id.slice(0, 8)}`;
    about.textContent = describe(next);
    heading.focus();
    read();
  }

  function update(changed) {
    if (!job || changed.id !== job.id) return;
    const wasActive = ACTIVE.has(job.state);
    job = changed;
    about.textContent = describe(job);
    if (wasActive && !ACTIVE.has(job.state)) { // its last lines
      stop();
      read();
    }
  }

  return {element, show, update, stop, jobId: () => (job ? job.id : null)};
}

function describe(job) {
  return `The job is ${job.state}${ACTIVE.has(job.state) ? '; new lines appear as it writes them.' : '.'}`;
}
