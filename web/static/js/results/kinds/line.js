// Line chart: each series as measured, with the reference lines the lesson's prose names (marks.js): the ideal
// speedup capped at the parallelism this machine measured, the naive y = x, the default switch interval.

import { fmt, exact } from '../format.js';
import { series, parallelism } from '../model.js';
import { baseOptions, axis, POINT_STYLES, DASHES, runColour } from './common.js';
import { references, idealCaps, endLabels, lineSample } from './marks.js';

/** The top of the y axis: 20% above the highest point, rounded up to a step of 1, 2 or 5 × 10ⁿ (25, not 29). */
function lineTop(all, caps) {
  const top = Math.max(1, ...all.flatMap((s) => s.points.map((p) => p[1])), ...caps.map((c) => c.cap)) * 1.2;
  const rough = top / 8;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
  return Number((Math.ceil(top / step) * step).toPrecision(6));
}

/**
 * One line per series. A single run's series differ by colour and marker. In a comparison each run keeps its
 * colour and its own dash (the first solid), so a line drawn over another lets it show through, and the series
 * of one run differ by marker.
 */
function measured(entries, theme) {
  const many = entries.length > 1;
  return entries.flatMap((entry, i) => series(entry.run).map((s, j) => {
    const color = many ? runColour(theme, i) : runColour(theme, j);
    return {
      type: 'line',
      label: entry.label ? (series(entry.run).length > 1 ? `${entry.label} · ${s.name}` : entry.label) : s.name,
      data: s.points.map(([x, y]) => ({ x, y })),
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2,
      borderDash: many ? DASHES[i % DASHES.length] : [],
      pointRadius: 3.5,
      pointStyle: POINT_STYLES[j % POINT_STYLES.length],
      tension: 0,
    };
  }));
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
    const caps = idealCaps(entries);
    const top = lineTop(all, caps);
    const options = baseOptions(theme);
    options.interaction = { mode: 'nearest', intersect: false };
    // Legend entries as line samples with their dash and marker, so runs, the dashed ideal and the dotted naive
    // line read as they are drawn.
    options.plugins.legend.labels.usePointStyle = true;
    options.plugins.legend.labels.pointStyleWidth = 34;
    options.plugins.legend.labels.generateLabels = (chart) => window.Chart.defaults.plugins.legend.labels.generateLabels(chart)
      .map((item) => Object.assign(item, { pointStyle: lineSample(chart.data.datasets[item.datasetIndex]) }));
    options.plugins.gilEndLabels = { font: theme.font, surface: theme.surface };
    options.plugins.tooltip.filter = (item) => !item.dataset.reference;
    options.plugins.tooltip.callbacks = {
      label: (item) => `${item.dataset.label}: ${first.yLabel} ${fmt(item.raw.y)} at ${first.xLabel} ${fmt(item.raw.x)}`,
    };
    options.scales = {
      x: axis(theme, first.xLabel, { type: 'linear', beginAtZero: true }),
      // The naive y = x line may leave through the top: scaling to it would flatten the measured lines.
      y: axis(theme, first.yLabel, { beginAtZero: true, max: top }),
    };
    options.scales.x.ticks.callback = (value) => fmt(value);
    // Workers, threads and calls come whole: no tick at half a worker when every x is a whole number.
    if (xs.every((x) => Number.isInteger(x))) options.scales.x.ticks.precision = 0;
    options.scales.y.ticks.callback = (value) => fmt(value);
    const datasets = [...measured(entries, theme), ...references(entries, theme, first, xs, top)];
    return { type: 'line', data: { datasets }, options, plugins: [endLabels] };
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
