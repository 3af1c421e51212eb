// How the model pages write numbers, times and states: the shell's format.js, and what only these
// pages need (metrics, latencies, how long ago, any JSON value).

export { count, percent, bytes, duration, time as when } from '../format.js';

/** A metric in [0, 1] as the data scientist reads it: 0.9871; null is "n/a", never 0. */
export function metric(v, digits = 4) {
  return v == null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(digits);
}

/** Milliseconds, to one decimal below 10 ms. */
export function millis(v) {
  if (v == null) return 'n/a';
  return v < 10 ? `${Number(v).toFixed(1)} ms` : `${Math.round(v)} ms`;
}

/** How long ago, for times within the last days: "5 min ago". */
export function ago(iso, now = Date.now()) {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** The headline metrics every model card and comparison shows, in this order. */
export const HEADLINE = ['accuracy', 'precision', 'recall', 'f1'];

/** A value of any JSON type as short text (hyperparameters, provenance). */
export function value(v) {
  if (v == null) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
