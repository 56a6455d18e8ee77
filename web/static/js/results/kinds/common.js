// What every chart kind shares: Chart.js options in the page's theme, axes, marker shapes, and the
// variants of a bar or strip chart.
//
// A kind turns entries ({run, label}; label is null for a single run) into a Chart.js config (chart), the
// columns of a data table listing exactly the numbers drawn (table; rowsOf gives one entry's rows), a note
// under the chart, and its height. A kind whose chart draws the metrics has no table of its own (dataIsMetrics).

import { unique, wrap } from '../format.js';
import { repetitions, timedItems } from '../model.js';

/** Options every chart shares: theme colours, no global Chart.defaults changes, motion only if wanted. */
export function baseOptions(theme) {
  const font = { family: theme.font };
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: theme.still ? false : { duration: 250 },
    color: theme.text,
    font,
    plugins: {
      legend: { labels: { color: theme.text, font, boxWidth: 14, boxHeight: 10 } },
      tooltip: { titleFont: font, bodyFont: font },
    },
  };
}

export function axis(theme, title, extra) {
  return Object.assign({
    title: { display: Boolean(title), text: title, color: theme.text, font: { family: theme.font } },
    ticks: { color: theme.text, font: { family: theme.font } },
    grid: { color: theme.grid },
    border: { color: theme.grid },
  }, extra);
}

// Runs in a comparison differ by marker shape as well as colour.
export const POINT_STYLES = ['circle', 'triangle', 'rect', 'rectRot', 'star', 'crossRot'];

export const fromMetrics = (entries) => entries.every((e) => !repetitions(e.run).length);

export function variantsOf(entries) {
  return unique(entries.flatMap((e) => timedItems(e.run).map((r) => r.variant)));
}

/** A variant's tick label, marked when the server found its timings noisy in any run. */
export function variantTick(variant, entries) {
  const noisy = entries.some((e) => timedItems(e.run).some((r) => r.variant === variant && r.noisy));
  return wrap(noisy ? `${variant} (noisy)` : variant, 14);
}

export function repetitionUnit(entries) {
  const first = entries.flatMap((e) => timedItems(e.run))[0];
  return first ? first.unit : '';
}
