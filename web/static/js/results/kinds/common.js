// What every chart kind shares: Chart.js options in the page's theme, axes, marker shapes, and the
// variants of a bar or strip chart.
//
// A kind turns entries ({run, label}; label is null for a single run) into a Chart.js config (chart), the
// columns of a data table listing exactly the numbers drawn (table; rowsOf gives one entry's rows), a note
// under the chart, and its height. A kind whose chart draws the metrics has no table of its own (dataIsMetrics).

import { wrap } from '../format.js';
import { repetitions, timedItems, pairUp } from '../model.js';

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

// Lines differ by marker shape and dash as well as colour: colour is never the only cue, and a line drawn over
// another lets it show through its gaps.
export const POINT_STYLES = ['circle', 'triangle', 'rect', 'rectRot', 'star', 'crossRot', 'cross', 'rectRounded'];
export const DASHES = [[], [10, 4], [3, 3], [12, 3, 3, 3], [6, 2], [16, 4, 2, 4]];

/** Run i of a comparison has the same colour in every view: bars, lines, dots and the run tables' swatches. */
export const runColour = (theme, i) => theme.series[i % theme.series.length];

export const fromMetrics = (entries) => entries.every((e) => !repetitions(e.run).length);

/**
 * The groups of a bar or strip chart, one per variant, each holding every run's item (or null) side by side.
 * Variants named after a parameter pair up by position (model.pairUp), the group named by both
 * ("4 threads / 2 threads").
 */
export function groupsOf(entries) {
  return pairUp(entries.map((e) => timedItems(e.run)), (r) => r.variant)
    .map((g) => ({ names: g.names, label: g.names.join(' / '), items: g.items }));
}

/** A group's tick label, one name a line when it has several, marked when any run's timings were noisy. */
export function groupTick(group) {
  if (!group) return '';
  const noisy = group.items.some((r) => r && r.noisy);
  const names = group.names.map((name, i) => (i < group.names.length - 1 ? `${name} /` : name));
  if (noisy) names[names.length - 1] += ' (noisy)';
  return names.flatMap((name) => [].concat(wrap(name, 14)));
}

export function repetitionUnit(entries) {
  const first = entries.flatMap((e) => timedItems(e.run))[0];
  return first ? first.unit : '';
}
