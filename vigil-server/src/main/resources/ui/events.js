// Vigil's live events (GET /ml/stream, Server-Sent Events read with fetch: an EventSource cannot
// send the bearer token), kept open: a dropped stream is opened again, waiting longer after each
// failure (1 s doubling to 30 s). The stream starts with the current state of what it watches.

import {api, ApiError} from './api.js';

const FIRST_WAIT_MS = 1000;
const LONGEST_WAIT_MS = 30_000;

/**
 * Watches events matching query ({modelId, jobId}, or all): onEvent({type, data}) for each,
 * onStatus('connecting' | 'live' | 'reconnecting' | 'refused', error) as the connection goes.
 * After a reconnection the caller should read again what it shows (events may have been missed):
 * onStatus('live') says when. Returns stop().
 */
export function watchEvents(query, {onEvent, onStatus = () => {}}) {
  let stopped = false;
  let controller = null;
  let timer = null;
  let wait = FIRST_WAIT_MS;

  async function connect() {
    if (stopped) return;
    controller = new AbortController();
    onStatus('connecting');
    try {
      await api.stream('/ml/stream', query, {
        signal: controller.signal,
        onOpen: () => {
          wait = FIRST_WAIT_MS;
          onStatus('live');
        },
        onEvent,
      });
    } catch (e) {
      if (stopped || e.name === 'AbortError') return;
      if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 429) {
        onStatus('refused', e); // asking again would get the same answer
        return;
      }
    }
    if (stopped) return;
    onStatus('reconnecting');
    timer = setTimeout(connect, wait);
    wait = Math.min(wait * 2, LONGEST_WAIT_MS);
  }

  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    if (controller) controller.abort();
  };
}
