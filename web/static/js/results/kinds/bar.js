// Bar chart: one bar per variant at the server's median, whiskers from the fastest to the slowest repetition,
// hatched where the server found the timings noisy. Without timings, one bar per metric. Compared runs stand
// side by side in each variant's group, one dataset (and colour) per run; times far apart get a log axis (scale.js).

import { hatch, translucent } from '../../chart-theme.js';
import { fmt, exact, withUnit, unitTitle, numeric } from '../format.js';
import { repetitions, timedItems } from '../model.js';
import { baseOptions, axis, fromMetrics, groupsOf, groupTick, repetitionUnit, runColour } from './common.js';
import { wantsLog, logAxis, logNote } from './scale.js';

/** Draws min–max whiskers over each bar; Chart.js has no error bars without plugins. */
const whiskerPlugin = {
  id: 'gilWhiskers',
  afterDatasetsDraw(chart, args, options) {
    const { ctx } = chart;
    const y = chart.scales.y;
    ctx.save();
    ctx.strokeStyle = options.color;
    ctx.lineWidth = 1.5;
    chart.data.datasets.forEach((dataset, d) => {
      if (!dataset.whiskers || !chart.isDatasetVisible(d)) return;
      chart.getDatasetMeta(d).data.forEach((bar, i) => {
        const range = dataset.whiskers[i];
        if (!range || !Number.isFinite(bar.x)) return;
        const top = y.getPixelForValue(range[1]);
        const bottom = y.getPixelForValue(range[0]);
        const cap = Math.min(bar.width * 0.3, 10);
        ctx.beginPath();
        ctx.moveTo(bar.x, bottom);
        ctx.lineTo(bar.x, top);
        ctx.moveTo(bar.x - cap, top);
        ctx.lineTo(bar.x + cap, top);
        ctx.moveTo(bar.x - cap, bottom);
        ctx.lineTo(bar.x + cap, bottom);
        ctx.stroke();
      });
    });
    ctx.restore();
  },
};

function tooltips(entries) {
  return {
    label(item) {
      const r = item.dataset.reps[item.dataIndex];
      const who = entries.length > 1 ? `${item.dataset.label}: ` : '';
      if (r.metric) return `${who}${withUnit(r.median, r.unit)}`;
      return `${who}median ${fmt(r.median)} ${r.unit}, min ${fmt(r.min)}, max ${fmt(r.max)}`;
    },
    afterLabel(item) {
      const r = item.dataset.reps[item.dataIndex];
      if (r.metric) return '';
      const cv = numeric(r.cv) ? `CV ${fmt(r.cv * 100, 2)} %` : '';
      return `${r.values.length} repetitions${cv ? `, ${cv}` : ''}${r.noisy ? ' (noisy)' : ''}`;
    },
  };
}

/** Every number a bar chart draws: medians and whisker ends; they decide between a linear and a log axis. */
const drawn = (datasets) => datasets.flatMap((d) => [...d.data, ...d.whiskers.filter(Boolean).flat()]);

function datasetsOf(entries, theme, groups) {
  return entries.map((entry, i) => {
    const color = runColour(theme, i);
    const reps = groups.map((g) => g.items[i]);
    return {
      label: entry.label || 'median',
      data: reps.map((r) => (r ? r.median : null)),
      backgroundColor: reps.map((r) => (r && r.noisy ? hatch(translucent(color, 0.35), color) : translucent(color, 0.8))),
      borderColor: color,
      borderWidth: 1.5,
      maxBarThickness: 96,
      skipNull: true,
      whiskers: reps.map((r) => (r && numeric(r.min) && numeric(r.max) ? [r.min, r.max] : null)),
      reps,
    };
  });
}

export const bar = {
  name: 'bar',
  hasData: (entries) => entries.some((e) => timedItems(e.run).length),
  height: 280,
  dataIsMetrics: fromMetrics,
  note(entries) {
    const medians = entries.flatMap((e) => timedItems(e.run).map((r) => r.median));
    const scale = wantsLog(medians, entries) ? ` ${logNote(medians, true)}` : '';
    if (fromMetrics(entries)) return scale.trim() || null;
    const noisy = entries.some((e) => timedItems(e.run).some((r) => r.noisy));
    return `Bars: median. Whiskers: fastest to slowest repetition.${noisy ? ' Hatched: noisy, the repetitions disagree.' : ''}${scale}`;
  },
  chart(entries, theme) {
    const groups = groupsOf(entries);
    const datasets = datasetsOf(entries, theme, groups);
    const top = Math.max(0, ...datasets.flatMap((d) => d.whiskers.filter(Boolean).map((w) => w[1])));
    const options = baseOptions(theme);
    options.plugins.legend.display = entries.length > 1;
    // A run's legend key in its plain colour: the hatching of a noisy bar is not the run's mark.
    options.plugins.legend.labels.generateLabels = (chart) => window.Chart.defaults.plugins.legend.labels.generateLabels(chart)
      .map((item) => Object.assign(item, { fillStyle: translucent(item.strokeStyle, 0.8) }));
    options.plugins.gilWhiskers = { color: theme.text };
    options.plugins.tooltip.callbacks = tooltips(entries);
    const y = axis(theme, unitTitle(repetitionUnit(entries)), { beginAtZero: true, suggestedMax: top * 1.05 });
    // Bars a tenth of the tallest beside other runs' would be slivers on a linear axis: a log axis instead.
    const medians = datasets.flatMap((d) => d.data);
    options.scales = {
      x: axis(theme, null, { grid: { display: false } }),
      y: wantsLog(medians, entries) ? logAxis(y, drawn(datasets)) : y,
    };
    options.scales.x.ticks.callback = (value, index) => groupTick(groups[index]);
    options.scales.y.ticks.callback = (value) => fmt(value);
    return { type: 'bar', data: { labels: groups.map((g) => g.label), datasets }, options, plugins: [whiskerPlugin] };
  },
  table(entries) {
    const unit = repetitionUnit(entries);
    return {
      caption: 'Median and spread of each variant',
      columns: ['Variant', `Median (${unit})`, `Min (${unit})`, `Q1 (${unit})`, `Q3 (${unit})`, `Max (${unit})`, 'CV', 'Repetitions', 'Noisy'],
      formats: [String, exact, exact, exact, exact, exact, exact, String, (v) => (v ? 'yes' : 'no')],
      rowsOf: (entry) => repetitions(entry.run).map((r) => [r.variant, r.median, r.min, r.q1, r.q3, r.max, r.cv, r.values.length, r.noisy]),
    };
  },
};
