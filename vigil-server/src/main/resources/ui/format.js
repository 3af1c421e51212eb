// How numbers, sizes and times read on every page: one place, so they read the same everywhere.

const integer = new Intl.NumberFormat('en', {maximumFractionDigits: 0});
const decimal = new Intl.NumberFormat('en', {maximumSignificantDigits: 4});
const when = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});

/** 1234567 as "1,234,567". */
export function count(n) {
  return n === null || n === undefined ? '–' : integer.format(n);
}

/** A measured value with four significant digits: 0.04, 218.9, 1,407. */
export function number(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return Math.abs(n) >= 10_000 ? integer.format(n) : decimal.format(n);
}

/** A share (0..1) as a percentage: "56.9 %"; tiny shares stay visible ("< 0.1 %"). */
export function percent(fraction, digits = 1) {
  if (fraction === null || fraction === undefined) return '–';
  if (fraction > 0 && fraction * 100 < 10 ** -digits) return `< ${(10 ** -digits).toFixed(digits)} %`;
  return `${(fraction * 100).toFixed(digits)} %`;
}

/** Bytes in binary units: "18.2 MiB". */
export function bytes(n) {
  if (n === null || n === undefined) return '–';
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** An instant in the reader's time zone: "5 Dec 2026, 12:56". */
export function time(iso) {
  return iso ? when.format(new Date(iso)) : '–';
}

/** A duration in milliseconds, in words a person reads at a glance: "850 ms", "12.4 s", "3 min 5 s". */
export function duration(ms) {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
