// Line chart: each series as measured, the ideal speedup min(x, cap) capped at the parallelism this machine
// measured, and the naive y = x for contrast.

import { fmt, exact, unique } from '../format.js';
import { series, parallelism } from '../model.js';
import { baseOptions, axis, POINT_STYLES } from './common.js';

/** The ideal speedup y = min(x, cap): a straight rise that flattens at the cores this machine really has. */
function idealPoints(xs, cap) {
  const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
  const corners = unique([lo, ...(cap > lo && cap < hi ? [cap] : []), hi]);
  return corners.map((x) => ({ x, y: Math.min(x, cap) }));
}

function lineTop(all, caps) {
  const top = Math.max(1, ...all.flatMap((s) => s.points.map((p) => p[1])), ...caps.map((c) => c.cap)) * 1.2;
  return top > 4 ? Math.ceil(top) : Math.ceil(top * 2) / 2;
}

function measured(entries, theme) {
  const palette = theme.series.filter((c) => c !== theme.ideal);
  let colour = 0;
  return entries.flatMap((entry, i) => series(entry.run).map((s) => {
    const color = palette[colour++ % palette.length];
    return {
      type: 'line',
      label: entry.label ? (series(entry.run).length > 1 ? `${entry.label} · ${s.name}` : entry.label) : s.name,
      data: s.points.map(([x, y]) => ({ x, y })),
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2,
      pointRadius: 3.5,
      pointStyle: POINT_STYLES[i % POINT_STYLES.length],
      tension: 0,
    };
  }));
}

function references(entries, theme, first, xs, caps) {
  if (!xs.length || !caps.length) return [];
  const distinct = caps.filter((c, i) => caps.findIndex((o) => fmt(o.cap) === fmt(c.cap)) === i);
  const style = { borderWidth: 2, pointRadius: 0, pointStyle: 'line', tension: 0, reference: true };
  const ideal = distinct.map((c) => ({
    type: 'line', label: `${distinct.length > 1 && c.label ? `${c.label}: ` : ''}ideal here: min(${first.xLabel}, ${fmt(c.cap)})`,
    data: idealPoints(xs, c.cap), borderColor: theme.ideal, backgroundColor: theme.ideal, borderDash: [7, 4], ...style,
  }));
  return [...ideal, {
    type: 'line', label: `naive: ${first.yLabel} = ${first.xLabel}`, data: [Math.min(...xs), Math.max(...xs)].map((x) => ({ x, y: x })),
    borderColor: theme.naive, backgroundColor: theme.naive, borderDash: [2, 3], ...style,
  }];
}

export const line = {
  name: 'line',
  dataIsMetrics: () => false,
  hasData: (entries) => entries.some((e) => series(e.run).some((s) => s.points.length)),
  // On a phone the legend wraps to one row per line; grow the chart so the plot keeps its height.
  height: (entries, width) => 300 + (width < 600 ? 20 * entries.reduce((n, e) => n + series(e.run).length + 1, 0) : 0),
  note: () => null,
  // Jargon on an axis gets one plain sentence under the chart.
  notices: (entries) => (entries.some((e) => series(e.run).some((s) => /\bPSS\b/.test(s.yLabel)))
    ? ['PSS (proportional set size): the memory a process uses, with the pages it shares with other processes split '
      + 'evenly among them, so adding up several processes does not count shared memory twice.'] : []),
  chart(entries, theme) {
    const all = entries.flatMap((e) => series(e.run));
    const first = all[0] || { xLabel: 'x', yLabel: 'y' };
    const xs = all.flatMap((s) => s.points.map((p) => p[0]));
    const caps = entries.filter((e) => series(e.run).some((s) => s.ideal) && parallelism(e.run))
      .map((e) => ({ label: e.label, cap: parallelism(e.run) }));
    const options = baseOptions(theme);
    options.interaction = { mode: 'nearest', intersect: false };
    // Legend entries as line samples, so the dashed ideal and the dotted naive line read as such.
    options.plugins.legend.labels.usePointStyle = true;
    options.plugins.legend.labels.pointStyleWidth = 24;
    options.plugins.legend.labels.generateLabels = (chart) => window.Chart.defaults.plugins.legend.labels.generateLabels(chart)
      .map((item) => Object.assign(item, { pointStyle: 'line' }));
    options.plugins.tooltip.filter = (item) => !item.dataset.reference;
    options.plugins.tooltip.callbacks = {
      label: (item) => `${item.dataset.label}: ${first.yLabel} ${fmt(item.raw.y)} at ${first.xLabel} ${fmt(item.raw.x)}`,
    };
    options.scales = {
      x: axis(theme, first.xLabel, { type: 'linear', beginAtZero: true }),
      // The naive y = x line may leave through the top: scaling to it would flatten the measured lines.
      y: axis(theme, first.yLabel, { beginAtZero: true, max: lineTop(all, caps) }),
    };
    options.scales.x.ticks.callback = (value) => fmt(value);
    // Workers, threads and calls come whole: no tick at half a worker when every x is a whole number.
    if (xs.every((x) => Number.isInteger(x))) options.scales.x.ticks.precision = 0;
    options.scales.y.ticks.callback = (value) => fmt(value);
    const datasets = [...measured(entries, theme), ...references(entries, theme, first, xs, caps)];
    return { type: 'line', data: { datasets }, options };
  },
  table(entries) {
    const all = entries.flatMap((e) => series(e.run));
    const first = all[0] || { xLabel: 'x', yLabel: 'y' };
    const ideal = all.some((s) => s.ideal);
    return {
      caption: `${first.yLabel} by ${first.xLabel}`,
      columns: ['Series', first.xLabel, first.yLabel, ...(ideal ? ['Ideal'] : [])],
      formats: [String, exact, exact, exact],
      rowsOf: (entry) => series(entry.run).flatMap((s) => s.points.map(([x, y]) => {
        const cap = parallelism(entry.run);
        return [s.name, x, y, ...(ideal ? [s.ideal && cap ? Math.min(x, cap) : null] : [])];
      })),
    };
  },
};
