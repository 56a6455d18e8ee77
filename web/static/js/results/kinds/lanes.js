// The measured thread lanes of a timeline: rows, bars by kernel state, the code's lab.span labels as outlined
// boxes on the lane of the same name, and thinning so a run's 12,000 intervals still draw quickly.

import { hatch, translucent } from '../../chart-theme.js';
import { extent, unique } from '../format.js';
import { lanes, spans, sortLanes, fingerprintOf } from '../model.js';

// On a build with the GIL a thread of a process with several threads may be waiting for the GIL, or for a Lock
// or a join: the kernel sees a futex either way, so the legend names all three rather than guessing.
const GIL = ' (the GIL, a Lock or a join)';
const MEASURED = {
  running: 'running (or ready to run)',
  lock: 'waiting on a lock',
  syscall: 'in a system call (sleep, I/O, waiting for a child)',
};
const INFERRED = { running: 'running (inferred)', waiting: 'waiting (inferred)', io: 'I/O or sleep (inferred)' };
// Spans of one label closer than this are one box: lab.spin writes a run of contiguous running/waiting pieces.
const JOIN_S = 0.0005;
// Above this many intervals a chart draws slowly; narrower ones are folded into their neighbours.
const DRAW_LIMIT = 3000;

export const hasLanes = (entries) => entries.some((e) => lanes(e.run).length);

/**
 * One row per measured lane in the server's order, then a row per span lane no thread is named after.
 * A row knows its process (named by the process's first lane) and whether the GIL may be what it waits on.
 */
export function laneRows(entries) {
  return entries.flatMap((entry, e) => {
    const measured = lanes(entry.run);
    const gilOn = fingerprintOf(entry.run).gilEnabled === true;
    const byPid = new Map();
    measured.forEach((lane) => byPid.set(lane.pid, [...(byPid.get(lane.pid) || []), lane]));
    const rows = measured.map((lane, i) => {
      const family = byPid.get(lane.pid);
      return {
        entry, name: lane.name, pid: lane.pid, tid: lane.tid, lane, key: `${e}:${i}`,
        process: family[0].name, gil: gilOn && family.length > 1, inferred: false,
      };
    });
    const names = new Set(measured.map((l) => l.name));
    sortLanes(unique(spans(entry.run).map((s) => s.lane)).filter((name) => !names.has(name))).forEach((name, i) => rows.push({
      entry, name, pid: null, tid: null, lane: null, key: `${e}:s${i}`, process: null, gil: false, inferred: true,
    }));
    return rows;
  });
}

/** The row a span belongs on: the first measured lane of its name, else its own inferred row. */
function rowOfSpan(rows, entry, span) {
  return rows.find((r) => r.entry === entry && r.name === span.lane && !r.inferred)
    || rows.find((r) => r.entry === entry && r.name === span.lane);
}

/** Contiguous spans of one label on one lane as one box. */
function boxes(list) {
  const sorted = [...list].sort((a, b) => a.start - b.start);
  const out = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && last.label === s.label && s.start - last.end <= JOIN_S) last.end = Math.max(last.end, s.end);
    else out.push({ label: s.label, start: s.start, end: s.end });
  }
  return out;
}

/** Folds intervals shorter than `min` seconds into one bar of the state that took most of their time. */
export function thin(intervals, min) {
  const out = [];
  const push = (iv) => {
    const last = out[out.length - 1];
    if (last && last.state === iv.state && iv.start - last.end < 1e-9) {
      last.end = iv.end;
      last.folded = (last.folded || 1) + (iv.folded || 1);
    } else out.push({ ...iv });
  };
  let pending = null;
  const flush = () => {
    if (!pending) return;
    const state = Object.entries(pending.time).sort((a, b) => b[1] - a[1])[0][0];
    push({ start: pending.start, end: pending.end, state, folded: pending.count });
    pending = null;
  };
  for (const iv of intervals) {
    if (iv.end - iv.start >= min) {
      flush();
      push(iv);
      continue;
    }
    pending = pending || { start: iv.start, end: iv.end, time: {}, count: 0 };
    pending.end = iv.end;
    pending.time[iv.state] = (pending.time[iv.state] || 0) + (iv.end - iv.start);
    pending.count += 1;
    if (pending.end - pending.start >= min) flush();
  }
  flush();
  return out;
}

function drawnIntervals(rows) {
  const measured = rows.filter((r) => r.lane);
  const count = measured.reduce((n, r) => n + r.lane.intervals.length, 0);
  const [, end] = extent(measured.flatMap((r) => r.lane.intervals.map((i) => i.end)));
  // A lane thinned at `min` keeps at most about 2 × end / min bars: one per `min` folded, one per longer interval.
  const min = count > DRAW_LIMIT ? (2 * end * measured.length) / DRAW_LIMIT : 0;
  return measured.flatMap((row) => (min ? thin(row.lane.intervals, min) : row.lane.intervals).map((iv) => ({ row, iv })));
}

const bar = (extra) => Object.assign({ borderWidth: 0, grouped: false, barPercentage: 0.5, categoryPercentage: 0.9, minBarLength: 1 }, extra);

export function laneDatasets(entries, theme, rows) {
  const drawn = drawnIntervals(rows);
  const colourOf = { running: theme.running, lock: hatch(theme.waiting, theme.naive), syscall: theme.io };
  const labelOf = ({ row, iv }) => (iv.state === 'lock' && row.gil ? MEASURED.lock + GIL : MEASURED[iv.state] || iv.state);
  const labels = unique(drawn.map(labelOf)).sort((a, b) => Object.values(MEASURED).indexOf(a.replace(GIL, '')) - Object.values(MEASURED).indexOf(b.replace(GIL, '')));
  const datasets = labels.map((label, i) => {
    const data = drawn.filter((d) => labelOf(d) === label);
    return bar({
      label,
      data: data.map(({ row, iv }) => ({ x: [iv.start, iv.end], y: row.key, row, iv })),
      backgroundColor: colourOf[data[0].iv.state] || theme.series[(i + 3) % theme.series.length],
    });
  });
  const inferredSpans = [];
  const annotations = [];
  entries.forEach((entry) => {
    const byRow = new Map();
    spans(entry.run).forEach((s) => {
      const row = rowOfSpan(rows, entry, s);
      if (row.inferred) inferredSpans.push({ row, span: s });
      else byRow.set(row, [...(byRow.get(row) || []), s]);
    });
    byRow.forEach((list, row) => boxes(list).forEach((box) => annotations.push({ row, box })));
  });
  const inferredColour = { running: translucent(theme.running, 0.55), waiting: hatch(theme.surface, theme.naive), io: translucent(theme.io, 0.55) };
  unique(inferredSpans.map((d) => d.span.state)).forEach((state, i) => datasets.push(bar({
    label: INFERRED[state] || `${state} (inferred)`,
    data: inferredSpans.filter((d) => d.span.state === state).map(({ row, span }) => ({ x: [span.start, span.end], y: row.key, row, span })),
    backgroundColor: inferredColour[state] || theme.series[(i + 4) % theme.series.length],
  })));
  if (annotations.length) {
    datasets.push(bar({
      label: 'labelled span (lab.span)',
      data: annotations.map(({ row, box }) => ({ x: [box.start, box.end], y: row.key, row, box })),
      backgroundColor: 'rgba(0,0,0,0)',
      borderColor: theme.text,
      borderWidth: 1.5,
      barPercentage: 0.95,
      isAnnotation: true,
    }));
  }
  const ends = datasets.flatMap((d) => d.data.map((p) => p.x[1]));
  return { datasets, end: extent(ends)[1] };
}

/** "Measured thread lanes: MainThread, thread 1, thread 2 (3 threads in 1 process)." for screen readers. */
export function lanesSentence(entries) {
  const rows = laneRows(entries).filter((r) => !r.inferred);
  if (!rows.length) return '';
  const processes = new Set(rows.map((r) => `${r.entry.label}\u0000${r.pid}`)).size;
  const names = rows.slice(0, 8).map((r) => r.name).join(', ') + (rows.length > 8 ? ', …' : '');
  return `Measured thread lanes: ${names} (${rows.length} ${rows.length === 1 ? 'thread' : 'threads'} in ${processes} ${processes === 1 ? 'process' : 'processes'}).`;
}

/** What the tooltip says about one drawn bar. */
export function describe(raw) {
  const where = raw.row.pid == null ? [`lane: ${raw.row.name} (inferred from spans, no thread of this name was measured)`]
    : [`thread: ${raw.row.name} (pid ${raw.row.pid}, tid ${raw.row.tid})`, `process: ${raw.row.process}`];
  if (raw.box) return { title: raw.box.label, where, start: raw.box.start, end: raw.box.end, what: 'labelled by the code (lab.span)' };
  if (raw.span) return { title: raw.span.label, where, start: raw.span.start, end: raw.span.end, what: `${raw.span.state} (recorded by the harness, not measured)` };
  const folded = raw.iv.folded ? ` (${raw.iv.folded} short intervals drawn as one; mostly ${raw.iv.state})` : '';
  return { title: raw.row.name, where, start: raw.iv.start, end: raw.iv.end, what: `state: ${raw.iv.state}${folded}` };
}

/** Chart.js plugin: writes each box's label inside it and rules a line between processes. */
export function laneDecorations(theme, rows) {
  return {
    id: 'laneDecorations',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      ctx.save();
      ctx.strokeStyle = theme.grid;
      ctx.lineWidth = 1;
      rows.forEach((row, i) => {
        if (i === 0 || (row.pid === rows[i - 1].pid && row.entry === rows[i - 1].entry)) return;
        const y = (scales.y.getPixelForValue(i) + scales.y.getPixelForValue(i - 1)) / 2;
        ctx.beginPath();
        ctx.moveTo(chartArea.left, y);
        ctx.lineTo(chartArea.right, y);
        ctx.stroke();
      });
      ctx.font = `10px ${theme.font}`;
      ctx.textBaseline = 'top';
      ctx.lineWidth = 3;
      ctx.strokeStyle = theme.surface;
      ctx.fillStyle = theme.text;
      chart.data.datasets.forEach((dataset, d) => {
        if (!dataset.isAnnotation || !chart.isDatasetVisible(d)) return;
        chart.getDatasetMeta(d).data.forEach((element, j) => {
          const { x, base, y, height } = element.getProps(['x', 'base', 'y', 'height'], true);
          const left = Math.max(Math.min(x, base), chartArea.left) + 3;
          const room = Math.min(Math.max(x, base), chartArea.right) - left - 3;
          const text = dataset.data[j].box.label;
          if (room < 16 || ctx.measureText(text).width > room) return;
          ctx.strokeText(text, left, y - height / 2 + 2);
          ctx.fillText(text, left, y - height / 2 + 2);
        });
      });
      ctx.restore();
    },
  };
}
