// Strip chart: every repetition of each variant as a dot, with a line at the server's median.

import { translucent } from '../../chart-theme.js';
import { fmt, exact, unitTitle } from '../format.js';
import { timedItems } from '../model.js';
import { baseOptions, axis, POINT_STYLES, fromMetrics, groupsOf, groupTick, repetitionUnit, runColour } from './common.js';
import { wantsLog, logAxis, logNote } from './scale.js';
import { bar } from './bar.js';

/** Repeatable horizontal scatter so dots of one variant do not sit on top of each other. */
const jitter = (j) => (((j * 0.618034) % 1) - 0.5) * 0.3;

function datasetsOf(entries, theme, groups) {
  const slot = 0.8 / entries.length;
  return entries.flatMap((entry, i) => {
    const color = runColour(theme, i);
    const placed = groups.map((g, at) => [g.items[i], at]).filter(([r]) => r);
    const centre = (at) => at + (entries.length > 1 ? (i - (entries.length - 1) / 2) * slot : 0);
    const half = Math.min(0.3, slot * 0.45);
    return [{
      type: 'scatter',
      label: entry.label || 'repetition',
      data: placed.flatMap(([r, at]) => r.values.map((y, j) => ({ x: centre(at) + jitter(j) * Math.min(1, slot * 1.2), y, variant: r.variant, rep: j + 1 }))),
      backgroundColor: translucent(color, 0.7),
      borderColor: color,
      pointRadius: 4,
      pointHoverRadius: 6,
      pointStyle: POINT_STYLES[i % POINT_STYLES.length],
    }, {
      type: 'line',
      label: entry.label ? `${entry.label} median` : 'median',
      data: placed.flatMap(([r, at]) => [
        { x: centre(at) - half, y: r.median }, { x: centre(at) + half, y: r.median }, { x: centre(at) + half, y: null },
      ]),
      borderColor: entries.length > 1 ? color : theme.text,
      borderWidth: 3,
      pointRadius: 0,
      pointHitRadius: 0,
      spanGaps: false,
      isMedian: true,
    }];
  });
}

export const strip = {
  name: 'strip',
  hasData: bar.hasData,
  dataIsMetrics: fromMetrics,
  height: 280,
  note(entries) {
    const medians = entries.flatMap((e) => timedItems(e.run).map((r) => r.median));
    const scale = wantsLog(medians, entries) ? ` ${logNote(medians, false)}` : '';
    return fromMetrics(entries) ? scale.trim() || null : `Dots: each repetition. Line: median.${scale}`;
  },
  chart(entries, theme) {
    const groups = groupsOf(entries);
    const values = entries.flatMap((e) => timedItems(e.run).flatMap((r) => r.values));
    const medians = entries.flatMap((e) => timedItems(e.run).map((r) => r.median));
    const unit = repetitionUnit(entries);
    const options = baseOptions(theme);
    options.plugins.legend.display = entries.length > 1;
    options.plugins.legend.labels.filter = (item, data) => !data.datasets[item.datasetIndex].isMedian;
    options.plugins.tooltip.filter = (item) => !item.dataset.isMedian;
    options.plugins.tooltip.callbacks = {
      label(item) {
        const who = entries.length > 1 ? `${item.dataset.label}: ` : '';
        return `${who}${item.raw.variant}, repetition ${item.raw.rep}: ${fmt(item.raw.y)} ${unit}`;
      },
    };
    options.scales = {
      x: axis(theme, null, { type: 'linear', min: -0.5, max: groups.length - 0.5, grid: { display: false } }),
      y: wantsLog(medians, entries) ? logAxis(axis(theme, unitTitle(unit)), values) : axis(theme, unitTitle(unit), { grace: '5%' }),
    };
    options.scales.x.afterBuildTicks = (scale) => {
      scale.ticks = groups.map((g, i) => ({ value: i }));
    };
    options.scales.x.ticks.callback = (value) => groupTick(groups[value]);
    options.scales.y.ticks.callback = (value) => fmt(value);
    return { type: 'scatter', data: { datasets: datasetsOf(entries, theme, groups) }, options };
  },
  table(entries) {
    const unit = repetitionUnit(entries);
    const count = Math.max(0, ...entries.flatMap((e) => timedItems(e.run).map((r) => r.values.length)));
    const reps = Array.from({ length: count }, (_, j) => j);
    return {
      caption: 'Every repetition of each variant',
      columns: ['Variant', ...reps.map((j) => `Repetition ${j + 1} (${unit})`), `Median (${unit})`],
      formats: [String, ...reps.map(() => exact), exact],
      rowsOf: (entry) => timedItems(entry.run).map((r) => [r.variant, ...reps.map((j) => r.values[j] ?? null), r.median]),
    };
  },
};
