// How the model pages write numbers, times and states: one place, so every page reads alike.

/** A metric in [0, 1] as the data scientist reads it: 0.9871; null is "n/a", never 0. */
export function metric(v, digits = 4) {
  return v == null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(digits);
}

/** A share as a percentage: 12.5 %. */
export function percent(v, digits = 1) {
  return v == null || Number.isNaN(v) ? 'n/a' : `${(Number(v) * 100).toFixed(digits)} %`;
}

/** A count with thousands separators. */
export function count(v) {
  return v == null ? 'n/a' : Number(v).toLocaleString('en-US');
}

/** Milliseconds, to one decimal below 10 ms. */
export function millis(v) {
  if (v == null) return 'n/a';
  return v < 10 ? `${Number(v).toFixed(1)} ms` : `${Math.round(v)} ms`;
}

/** Bytes in binary units. */
export function bytes(v) {
  if (v == null) return 'n/a';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let n = Number(v);
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

/** An ISO instant in the reader's time zone, to the minute; the full instant stays in the title. */
export function when(iso) {
  if (!iso) return 'never';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
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

/** A duration in milliseconds as "2 min 5 s". */
export function duration(ms) {
  if (ms == null) return 'n/a';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
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
