// Live events from GET /ml/events (read by api.stream: fetch with the bearer token, never a token
// in a URL), kept open across dropped connections until the page stops watching.
import { api } from '../api.js';

/**
 * Calls {@code onEvent(event)} with each event of the stream narrowed by {@code query} ({modelId}
 * and/or {jobId}): the event's JSON ({type, modelId, jobId, state, progress, data, at}; for an
 * alert event, the alert) with {@code type} set from the stream. Runs until {@code signal} aborts
 * or the server ends the stream (a job's stream ends after its final state), then calls
 * {@code onEnd(error?)}. A dropped connection is opened again after a growing pause.
 */
export function watchEvents(query, onEvent, { signal, onEnd = () => {} } = {}) {
  const deliver = ({ type, data }) => onEvent(data && typeof data === 'object' ? { ...data, type: data.type || type } : { type, data });
  (async () => {
    for (let attempt = 0; !(signal && signal.aborted); attempt++) {
      try {
        await api.stream('/ml/events', query, { onEvent: deliver, signal });
        if (!(signal && signal.aborted)) onEnd();
        return; // the server closed it: nothing more will come
      } catch (e) {
        if (signal && signal.aborted) return;
        if (e && e.status >= 400 && e.status < 500) { onEnd(e); return; } // refused: trying again changes nothing
        await new Promise((r) => setTimeout(r, Math.min(10000, 1000 * 2 ** attempt)));
      }
    }
  })();
}
