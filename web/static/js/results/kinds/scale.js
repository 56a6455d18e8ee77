// The value axis of a bar or strip chart: linear from zero, or logarithmic once the medians span ten times or
// more across compared runs (PyPy's bars beside CPython's would be a sliver on one linear time axis). A log axis gets ticks at whole
// powers of ten (0.01, 0.1, 1, 10 s; with 2 and 5 between them over a short range) and a caption that says so.

import { fmt, numeric } from '../format.js';

/**
 * The span (largest ÷ smallest) from which an axis turns logarithmic: 10× between compared runs (PyPy beside
 * CPython), 100× within one run, whose point is often how many times faster one variant is, which a linear
 * axis shows best as long as the short bar is still visible.
 */
export const LOG_SPAN = { compared: 10, single: 100 };

const positive = (values) => values.filter((v) => numeric(v) && v > 0);

/** Largest ÷ smallest of the positive values; 1 when there are fewer than two. */
export function spanOf(values) {
  const list = positive(values);
  return list.length > 1 ? Math.max(...list) / Math.min(...list) : 1;
}

export const wantsLog = (values, entries) => spanOf(values) >= (entries.length > 1 ? LOG_SPAN.compared : LOG_SPAN.single);

/** Ticks at 1, 2 and 5 (or only 1 over more than two decades) times the powers of ten from lo to hi. */
export function logTicks(lo, hi) {
  const decades = Math.log10(hi / lo);
  const steps = decades > 2 ? [1] : [1, 2, 5];
  const ticks = [];
  for (let p = Math.floor(Math.log10(lo)); p <= Math.ceil(Math.log10(hi)); p++) {
    // Rounded through toPrecision so 0.1 is 0.1, not 0.1000000000000001.
    steps.forEach((m) => ticks.push(Number((m * 10 ** p).toPrecision(3))));
  }
  return ticks.filter((t) => t >= lo * 0.999 && t <= hi * 1.001);
}

/**
 * Bounds of a log axis for values from lo to hi: from the power of ten below the smallest (one more decade down
 * when the smallest sits close above it, so its bar still stands), to the power of ten above the largest, so the
 * top of the axis carries a labelled tick.
 */
export function logBounds(lo, hi) {
  let min = 10 ** Math.floor(Math.log10(lo));
  if (lo < 3 * min) min /= 10;
  return { min: Number(min.toPrecision(1)), max: Number((10 ** Math.ceil(Math.log10(hi * 1.15))).toPrecision(1)) };
}

/** A Chart.js logarithmic axis over `values` (every number drawn, whiskers included), ticks as fmt writes them. */
export function logAxis(base, values) {
  const list = positive(values);
  const { min, max } = logBounds(Math.min(...list), Math.max(...list));
  return Object.assign(base, {
    type: 'logarithmic',
    min,
    max,
    afterBuildTicks: (scale) => {
      scale.ticks = logTicks(min, max).map((value) => ({ value, major: true }));
    },
  });
}

/** The caption of a log axis: what is shown and how to read it. */
export function logNote(values, bars) {
  return `Log scale: the medians span ${fmt(spanOf(values), 2)}×, so every tenfold (0.1 → 1 → 10) takes the same `
    + `height and small values stay visible; read the values off the axis${bars ? ', not the bar lengths' : ''}.`;
}
