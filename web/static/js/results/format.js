// How the result views write numbers and labels: three significant digits, units, wrapped tick labels.

const significant = new Map();

/** A number with `digits` significant digits (whole numbers from 10^digits on), "–" for nothing. */
export function fmt(value, digits = 3) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return value == null ? '–' : String(value);
  if (Math.abs(value) >= 10 ** digits) return Math.round(value).toLocaleString('en');
  if (!significant.has(digits)) significant.set(digits, new Intl.NumberFormat('en', { maximumSignificantDigits: digits }));
  return significant.get(digits).format(value);
}

export const seconds = (value) => `${fmt(value)} s`;
export const exact = (value) => fmt(value, 6);
export const withUnit = (value, unit) => (!unit ? fmt(value, 4) : /^[×%]/.test(unit) ? `${fmt(value, 4)}${unit}` : `${fmt(value, 4)} ${unit}`);
export const unitTitle = (unit) => (unit === 's' ? 'time (s)' : unit);

export const numeric = (value) => typeof value === 'number' && Number.isFinite(value);
export const orNull = (value) => (numeric(value) ? value : null);
export const unique = (values) => [...new Set(values)];
export const byNaturalOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare;

/** Largest and smallest value without spreading into arguments, which overflows for long span lists. */
export function extent(values) {
  return values.reduce((acc, v) => [Math.min(acc[0], v), Math.max(acc[1], v)], [Infinity, -Infinity]);
}

export function shorten(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Splits a long tick label into lines so category axes stay readable on a phone. */
export function wrap(text, width) {
  if (text.length <= width) return text;
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && `${line} ${word}`.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines.map((l) => shorten(l, width + 4));
}
