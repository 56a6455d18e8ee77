// Timeline: one row per thread, process or task, a bar per span, coloured by what it was doing.

import { hatch } from '../../chart-theme.js';
import { fmt, exact, unique, extent, shorten } from '../format.js';
import { spans, sortLanes } from '../model.js';
import { baseOptions, axis } from './common.js';

const STATES = {
  running: { label: 'running', order: 0 },
  waiting: { label: 'waiting (for the GIL)', order: 1 },
  io: { label: 'I/O or sleep', order: 2 },
};
const orderOf = (state) => (STATES[state] ? STATES[state].order : 9);

function laneRows(entries) {
  return entries.flatMap((entry) => sortLanes(unique(spans(entry.run).map((s) => s.lane)))
    .map((lane) => ({ entry, lane, key: entry.label ? `${entry.label} · ${lane}` : lane })));
}

function datasetsOf(entries, theme, rows) {
  const keyOf = new Map(rows.map((r) => [`${r.entry.label}\u0000${r.lane}`, r.key]));
  const all = entries.flatMap((entry) => spans(entry.run).map((s) => ({ span: s, key: keyOf.get(`${entry.label}\u0000${s.lane}`) })));
  const states = unique(all.map((a) => a.span.state)).sort((a, b) => orderOf(a) - orderOf(b));
  const colourOf = (state, i) => {
    if (state === 'running') return theme.running;
    if (state === 'waiting') return hatch(theme.waiting, theme.naive);
    if (state === 'io') return theme.io;
    return theme.series[(i + 3) % theme.series.length];
  };
  const datasets = states.map((state, i) => ({
    label: STATES[state] ? STATES[state].label : state,
    data: all.filter((a) => a.span.state === state).map((a) => ({ x: [a.span.start, a.span.end], y: a.key, span: a.span })),
    backgroundColor: colourOf(state, i),
    borderWidth: 0,
    grouped: false,
    barPercentage: 0.9,
    categoryPercentage: 0.85,
    minBarLength: 1,
  }));
  return { datasets, end: extent(all.map((a) => a.span.end))[1] };
}

export const timeline = {
  name: 'timeline',
  dataIsMetrics: () => false,
  hasData: (entries) => entries.some((e) => spans(e.run).length),
  height: (entries) => Math.max(160, laneRows(entries).length * (entries.length > 1 ? 36 : 30) + 90),
  note: () => 'One row per thread, process or task. Solid: running; striped: waiting; orange: I/O or sleep.',
  chart(entries, theme) {
    const rows = laneRows(entries);
    const { datasets, end } = datasetsOf(entries, theme, rows);
    const options = baseOptions(theme);
    options.animation = false;
    options.indexAxis = 'y';
    options.normalized = true;
    options.interaction = { mode: 'nearest', intersect: true };
    options.plugins.tooltip.callbacks = {
      title: (items) => items[0].raw.span.label,
      label(item) {
        const s = item.raw.span;
        return [`lane: ${s.lane}`, `state: ${s.state}`, `start ${fmt(s.start, 4)} s, end ${fmt(s.end, 4)} s`, `duration ${fmt(s.end - s.start, 3)} s`];
      },
    };
    options.scales = {
      x: axis(theme, 'seconds since the run started', { type: 'linear', min: 0, max: end }),
      y: axis(theme, null, { type: 'category', labels: rows.map((r) => r.key), grid: { display: false } }),
    };
    options.scales.x.ticks.callback = (value) => fmt(value);
    options.scales.y.ticks.callback = (value, index) => (rows[index].entry.label
      ? [shorten(rows[index].entry.label, 22), shorten(rows[index].lane, 22)] : shorten(rows[index].lane, 24));
    return { type: 'bar', data: { labels: rows.map((r) => r.key), datasets }, options };
  },
  table(entries) {
    const lanes = sortLanes(unique(entries.flatMap((entry) => spans(entry.run).map((s) => s.lane))));
    const order = new Map(lanes.map((lane, i) => [lane, i]));
    return {
      caption: 'Every span, lane by lane',
      columns: ['Lane', 'Label', 'State', 'Start (s)', 'End (s)', 'Duration (s)'],
      formats: [String, String, String, exact, exact, exact],
      rowsOf: (entry) => spans(entry.run)
        .sort((a, b) => order.get(a.lane) - order.get(b.lane) || a.start - b.start)
        .map((s) => [s.lane, s.label, s.state, s.start, s.end, s.end - s.start]),
    };
  },
};
