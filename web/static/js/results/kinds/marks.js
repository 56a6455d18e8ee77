// The reference lines of a line chart, drawn where the lesson's prose refers to them and named on the chart:
// - the ideal speedup min(x, cap) of a series marked `ideal`, capped at the parallelism the machine measured just
//   before the run (once when the compared runs share the cap, else once per run, in that run's colour), with the
//   naive y = x for contrast;
// - on a switch-interval axis, the interpreter's default interval (5 ms) as a vertical mark, and the diagonal
//   "one whole interval late" that the delays climb along.

import { fmt, unique } from '../format.js';
import { series, parallelism, fingerprintOf } from '../model.js';
import { translucent } from '../../chart-theme.js';
import { runColour } from './common.js';

const REFERENCE = { borderWidth: 1.5, pointRadius: 0, pointStyle: 'line', tension: 0, reference: true };

/** The ideal speedup y = min(x, cap): a straight rise that flattens at the cores this machine really has. */
function idealPoints(xs, cap) {
  const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
  const corners = unique([lo, ...(cap > lo && cap < hi ? [cap] : []), hi]);
  return corners.map((x) => ({ x, y: Math.min(x, cap) }));
}

/** The caps of the ideal line: one per run whose series ask for it, runs with the same cap merged. */
export function idealCaps(entries) {
  const caps = entries.map((e, i) => ({ label: e.label, index: i, cap: parallelism(e.run) }))
    .filter((c) => c.cap && series(entries[c.index].run).some((s) => s.ideal));
  return caps.filter((c, i) => caps.findIndex((o) => fmt(o.cap) === fmt(c.cap)) === i);
}

function ideals(entries, theme, first, xs) {
  const caps = idealCaps(entries);
  if (!xs.length || !caps.length) return [];
  const several = caps.length > 1;
  const lines = caps.map((c) => {
    const color = several ? runColour(theme, c.index) : theme.ideal;
    return {
      type: 'line', label: `ideal${several && c.label ? `, ${c.label}` : ''}: min(${first.xLabel}, ${fmt(c.cap)})`,
      endLabel: several ? `ideal ${fmt(c.cap)}×` : `ideal: ${fmt(c.cap)}× here`,
      data: idealPoints(xs, c.cap), borderColor: color, backgroundColor: color, borderDash: [7, 4], ...REFERENCE,
    };
  });
  return [...lines, {
    type: 'line', label: `naive: ${first.yLabel} = ${first.xLabel}`, data: [Math.min(...xs), Math.max(...xs)].map((x) => ({ x, y: x })),
    borderColor: theme.naive, backgroundColor: theme.naive, borderDash: [2, 3], ...REFERENCE,
  }];
}

/** 1000 for an axis in milliseconds, 1 for seconds, null for an axis that is not a switch interval. */
function switchAxisScale(label) {
  const m = /switch interval \((ms|s)\)/i.exec(label);
  return m ? (m[1] === 'ms' ? 1000 : 1) : null;
}

function switchMarks(entries, theme, first, xs, top) {
  const scale = switchAxisScale(first.xLabel);
  if (!scale || !xs.length) return [];
  const given = entries.map((e) => fingerprintOf(e.run).switchInterval).find((v) => typeof v === 'number' && v > 0);
  const at = (given || 0.005) * scale;
  const unit = scale === 1000 ? 'ms' : 's';
  const marks = [{
    type: 'line', label: `default switch interval, ${fmt(at)} ${unit}`, endLabel: `default ${fmt(at)} ${unit}`,
    data: [{ x: at, y: 0 }, { x: at, y: top }], borderColor: theme.naive, backgroundColor: theme.naive, borderDash: [4, 4], ...REFERENCE,
  }];
  // The delay of a thread that waits one whole interval for the lock: y = x, when both axes share the unit.
  if ((/\((ms|s)\)/i.exec(first.yLabel) || [])[1] === unit) {
    const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
    marks.push({
      type: 'line', label: 'one whole interval late (y = x)', endLabel: 'one interval late',
      data: [{ x: lo, y: lo }, { x: hi, y: hi }], borderColor: theme.ideal, backgroundColor: theme.ideal, borderDash: [7, 4], ...REFERENCE,
    });
  }
  return marks;
}

/** Every reference line of the chart; `top` is the y axis' top, for vertical marks. */
export function references(entries, theme, first, xs, top) {
  return [...ideals(entries, theme, first, xs), ...switchMarks(entries, theme, first, xs, top)];
}

/** Writes each reference line's endLabel beside its last point inside the plot, so the chart names its marks. */
export const endLabels = {
  id: 'gilEndLabels',
  afterDatasetsDraw(chart, args, options) {
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.font = `12px ${options.font || 'sans-serif'}`;
    ctx.textBaseline = 'bottom';
    chart.data.datasets.forEach((dataset, d) => {
      const points = chart.getDatasetMeta(d).data;
      if (!dataset.endLabel || !chart.isDatasetVisible(d) || !points.length) return;
      const last = points[points.length - 1];
      const width = ctx.measureText(dataset.endLabel).width;
      const x = Math.max(chartArea.left + 2, Math.min(last.x - width - 4, chartArea.right - width - 2));
      const y = Math.max(chartArea.top + 14, Math.min(last.y - 4, chartArea.bottom - 2));
      // On a backing of the chart's surface, so the words stay legible where lines cross them.
      if (options.surface) {
        ctx.fillStyle = translucent(options.surface, 0.85);
        ctx.fillRect(x - 2, y - 14, width + 4, 15);
      }
      ctx.fillStyle = dataset.borderColor;
      ctx.fillText(dataset.endLabel, x, y);
    });
    ctx.restore();
  },
};

/**
 * A legend key drawn like its line: the dash, and the marker in the middle. Chart.js draws a legend's point
 * style without the dash, so compared runs (told apart by dash) would look alike in the legend otherwise.
 */
export function lineSample(dataset) {
  const sample = document.createElement('canvas');
  sample.width = 34;
  sample.height = 12;
  const g = sample.getContext('2d');
  g.strokeStyle = dataset.borderColor;
  g.fillStyle = dataset.backgroundColor;
  g.lineWidth = dataset.borderWidth || 2;
  g.setLineDash(dataset.borderDash || []);
  g.beginPath();
  g.moveTo(1, 6);
  g.lineTo(33, 6);
  g.stroke();
  g.setLineDash([]);
  if (dataset.pointRadius && window.Chart.helpers && window.Chart.helpers.drawPoint) {
    window.Chart.helpers.drawPoint(g, { pointStyle: dataset.pointStyle, radius: 3.5, borderWidth: 1 }, 17, 6);
    g.fill();
  }
  return sample;
}

/**
 * On a timeline of threads that share a GIL, a scale bar as long as the interpreter's default switch interval
 * (5 ms) above the plot's right end, so the turns the prose describes ("they swap about once per switch
 * interval") can be held against it. Drawn only where it is at least 3 px wide on the run's time axis.
 */
export function switchScaleBar(theme, interval) {
  return {
    id: 'gilSwitchScale',
    afterDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      const width = scales.x.getPixelForValue(interval) - scales.x.getPixelForValue(0);
      if (!(width >= 3)) return;
      // The fingerprint reads the interval as the run starts, before the code may set its own: the default.
      const label = `${fmt(interval * 1000)} ms = default switch interval`;
      const right = chartArea.right;
      const y = 9;
      ctx.save();
      ctx.font = `11px ${theme.font}`;
      ctx.textBaseline = 'middle';
      ctx.fillStyle = theme.text;
      ctx.strokeStyle = theme.text;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(right - width, y - 4);
      ctx.lineTo(right - width, y + 4);
      ctx.moveTo(right - width, y);
      ctx.lineTo(right, y);
      ctx.moveTo(right, y - 4);
      ctx.lineTo(right, y + 4);
      ctx.stroke();
      ctx.fillText(label, right - width - 6 - ctx.measureText(label).width, y);
      ctx.restore();
    },
  };
}
