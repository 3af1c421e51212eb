// Live events from GET /ml/events, read with fetch and a stream reader: an EventSource cannot send
// the bearer token, and the token must never go in a URL.
import { api } from '../api.js';

/**
 * Calls {@code onEvent({type, ...data})} for each event of the stream narrowed by {@code query}
 * ({modelId} and/or {jobId}) until {@code signal} aborts or the server ends the stream (a job's
 * stream ends after its final state); then {@code onEnd(error?)}. A dropped connection is retried
 * after a pause while not aborted and not ended by the server.
 */
export function watchEvents(query, onEvent, { signal, onEnd = () => {} } = {}) {
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v != null));
  const run = async () => {
    for (let attempt = 0; !signal || !signal.aborted; attempt++) {
      try {
        const response = await api.stream(`/ml/events?${params}`, { signal });
        await readEvents(response.body, onEvent);
        onEnd();
        return; // the server closed it: nothing more will come
      } catch (e) {
        if (signal && signal.aborted) return;
        if (e && e.status && e.status < 500) { onEnd(e); return; } // refused: retrying changes nothing
        await new Promise((r) => setTimeout(r, Math.min(10000, 1000 * 2 ** attempt)));
      }
    }
  };
  run();
}

/** Parses a text/event-stream body: "event:" and "data:" lines, a blank line ends an event. */
async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let type = 'message';
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (data.length) {
          let parsed;
          try { parsed = JSON.parse(data.join('\n')); } catch { parsed = { text: data.join('\n') }; }
          onEvent({ type, ...parsed, type: parsed.type || type });
        }
        type = 'message';
        data = [];
      } else if (line.startsWith('event:')) {
        type = line.slice(6).trim();
      } else if (line.startsWith('data:')) {
        data.push(line.slice(5).replace(/^ /, ''));
      } // ": comment" lines (connected, heartbeat) are ignored
    }
  }
}
