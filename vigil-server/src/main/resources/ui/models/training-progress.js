// A training job as it runs, live from the event stream: its phase, a progress bar, the boosting
// round or epoch, and during a hyperparameter search the combination being cross-validated.
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { watchEvents } from '../events.js';
import { duration, metric } from './format.js';

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** What a progress report says in words: "tuning: combination 3 of 12", "training: round 40 of 100". */
export function describeProgress(progress) {
  if (!progress) return 'queued';
  const phase = progress.phase || 'working';
  if (progress.round != null && progress.totalRounds) {
    const unit = phase === 'tuning' ? 'combination' : 'round';
    return `${phase}: ${unit} ${progress.round} of ${progress.totalRounds}`;
  }
  return phase;
}

/**
 * A live view of {@code job} (as POST /ml/models/{id}/train answered it). {@code onDone(job)} is
 * called once with the job's final state. Answers {element, stop()}.
 */
export function trainingProgress(job, { onDone = () => {} } = {}) {
  const bar = h('progress', { max: '100', value: '0', 'aria-label': 'training progress' });
  const phase = h('p', { class: 'phase', 'data-testid': 'training-phase', 'aria-live': 'polite' }, 'queued');
  const outcome = h('div', { class: 'outcome' });
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel training');
  const element = h('section', { class: 'training-progress', 'data-job': job.id, 'data-state': job.state, 'aria-label': 'training' },
    h('h3', {}, 'Training'), bar, phase, h('div', { class: 'actions' }, cancel), outcome);
  let stopWatching = () => {};
  let finished = false;
  let combinationsSeen = 0;

  const show = (state, progress) => {
    element.dataset.state = state;
    if (progress && progress.fraction != null) {
      bar.value = Math.round(progress.fraction * 100);
      bar.textContent = `${bar.value} %`;
    }
    if (progress && progress.phase === 'tuning' && progress.totalRounds) {
      combinationsSeen = Math.max(combinationsSeen, progress.round || 0);
      element.dataset.combinations = `${combinationsSeen}/${progress.totalRounds}`;
    }
    phase.textContent = state === 'running' || state === 'queued' ? `${describeProgress(progress)} · ${bar.value} %` : state;
  };

  const finish = async () => {
    if (finished) return;
    finished = true;
    stopWatching();
    cancel.remove();
    let final = job;
    try { final = await api.get(`/ml/jobs/${job.id}`); } catch { /* the stream's state is enough */ }
    show(final.state, final.progress);
    if (final.state === 'succeeded' && final.result) {
      bar.value = 100;
      const r = final.result;
      // a short search can end before the stream opens: the result still says what was tried
      if (r.tuning) element.dataset.combinations = `${r.tuning.trials.length}/${r.tuning.trials.length}`;
      replace(outcome, 
        h('p', {}, `Version ${r.version} trained in ${duration(final.durationMs)}: accuracy ${metric(r.metrics && r.metrics.accuracy)}, F1 ${metric(r.metrics && r.metrics.f1)}.`),
        r.tuning ? h('p', { class: 'small' }, `Search (${r.tuning.method}, ${r.tuning.folds} folds, ${r.tuning.metric}) tried ${r.tuning.trials.length} combinations; best ${JSON.stringify(r.tuning.best.params)} scored ${metric(r.tuning.best.score)}.`) : null,
        h('a', { 'data-link': true, href: `/ui/models/${r.modelId}/versions/${r.version}`, class: 'button' }, `Open version ${r.version}`));
    } else if (final.state !== 'succeeded') {
      replace(outcome, h('p', { class: 'error', role: 'alert' }, final.error || `the training was ${final.state}`));
    }
    onDone(final);
  };

  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    try { await api.post(`/ml/jobs/${job.id}/cancel`); } catch (e) { outcome.textContent = e.message; cancel.disabled = false; }
  });

  show(job.state, job.progress);
  stopWatching = watchEvents({ jobId: job.id }, {
    onEvent: ({ type, data }) => {
      if (type !== 'job.progress' && type !== 'job.state') return;
      show(data.state, data.progress);
      if (FINAL.has(data.state)) finish();
    },
    onStatus: (status) => { if (status === 'refused') finish(); },
  });

  return { element, stop: () => stopWatching() };
}
