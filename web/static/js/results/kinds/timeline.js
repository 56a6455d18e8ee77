// Timeline: one row per thread, process or task. With the server's measured thread lanes, a bar per interval
// coloured by what the kernel said the thread was doing, and the code's spans as labelled boxes on top (lanes.js);
// without them, the spans the harness recorded, where lab.spin's waiting is inferred from stalls of its loop.

import { hatch } from '../../chart-theme.js';
import { fmt, exact, unique, extent, shorten } from '../format.js';
import { spans, sortLanes, lanes, lanesUnavailable, fingerprintOf } from '../model.js';
import { baseOptions, axis } from './common.js';
import { switchScaleBar } from './marks.js';
import { hasLanes, laneRows as measuredRows, laneDatasets, laneDecorations, describe, lanesSentence } from './lanes.js';

const STATES = {
  running: { label: 'running', order: 0 },
  waiting: { label: 'waiting (inferred)', order: 1 },
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

/** Horizontal bars on a seconds axis, drawn at once: the options both kinds of timeline start from. */
function barOptions(theme) {
  const options = baseOptions(theme);
  options.animation = false;
  options.indexAxis = 'y';
  options.normalized = true;
  options.interaction = { mode: 'nearest', intersect: true };
  return options;
}

/** Lanes as the server measured them: one row each, their spans as labelled boxes. */
function lanesChart(entries, theme) {
  const rows = measuredRows(entries);
  const { datasets, end } = laneDatasets(entries, theme, rows);
  const options = barOptions(theme);
  options.plugins.tooltip.callbacks = {
    title: (items) => describe(items[0].raw).title,
    label(item) {
      const d = describe(item.raw);
      return [...d.where, d.what, `start ${fmt(d.start, 4)} s, end ${fmt(d.end, 4)} s`, `duration ${fmt(d.end - d.start, 3)} s`];
    },
  };
  // A thread of a child process sits under its process's first lane and is named without the process again.
  const tick = (row) => {
    if (row.inferred) return `${shorten(row.name, 20)} (inferred)`;
    const own = row.name !== row.process && row.name.startsWith(`${row.process}/`);
    return own ? `↳ ${shorten(row.name.slice(row.process.length + 1), 24)}` : shorten(row.name, 26);
  };
  options.scales = {
    x: axis(theme, 'seconds since the run started', { type: 'linear', min: 0, max: end }),
    y: axis(theme, null, { type: 'category', labels: rows.map((r) => r.key), grid: { display: false } }),
  };
  options.scales.x.ticks.callback = (value) => fmt(value);
  options.scales.y.ticks.callback = (value, index) => (rows[index].entry.label
    ? [shorten(rows[index].entry.label, 22), tick(rows[index])] : tick(rows[index]));
  // Threads taking turns at one GIL: a bar one switch interval long to hold their turns against.
  const turns = rows.find((r) => r.gil);
  const plugins = [laneDecorations(theme, rows)];
  if (turns) {
    const interval = fingerprintOf(turns.entry.run).switchInterval;
    plugins.push(switchScaleBar(theme, typeof interval === 'number' && interval > 0 ? interval : 0.005));
    options.layout = { padding: { top: 18 } };
  }
  return { type: 'bar', data: { labels: rows.map((r) => r.key), datasets }, options, plugins };
}

/** Every measured interval, one row each, then every span (a box, or a bar of an inferred lane). */
function lanesTable() {
  return {
    caption: 'Every interval of every thread, lane by lane, then the spans the code recorded',
    columns: ['Name', 'PID', 'TID', 'Start (s)', 'End (s)', 'State'],
    formats: [String, String, String, exact, exact, String],
    rowsOf(entry) {
      const measured = lanes(entry.run);
      const byName = new Map(measured.map((l) => [l.name, l]).reverse());
      const intervals = measured.flatMap((l) => l.intervals.map((iv) => [l.name, l.pid, l.tid, iv.start, iv.end, iv.state]));
      const labelled = spans(entry.run).map((s) => {
        const lane = byName.get(s.lane);
        return lane ? [s.lane, lane.pid, lane.tid, s.start, s.end, `span "${s.label}"`]
          : [s.lane, null, null, s.start, s.end, `${s.state} (inferred), span "${s.label}"`];
      });
      return [...intervals, ...labelled];
    },
  };
}

export const timeline = {
  name: 'timeline',
  dataIsMetrics: () => false,
  hasData: (entries) => hasLanes(entries) || entries.some((e) => spans(e.run).length),
  height(entries, width) {
    // Measured rows are taller: a span's label is written above the lane's bars, inside its box.
    const rows = hasLanes(entries) ? measuredRows(entries).length * 1.3 : laneRows(entries).length;
    return Math.max(160, rows * (entries.length > 1 ? 36 : 30) + (width && width < 600 ? 150 : 90));
  },
  /** Added to the chart's text for screen readers: which threads the rows are. */
  describe: lanesSentence,
  /** The server's sentence for each run drawn without measured lanes. */
  notices: (entries) => unique(entries.map((e) => lanesUnavailable(e.run)).filter(Boolean)),
  note(entries) {
    if (!hasLanes(entries)) return 'One row per thread, process or task, from the spans the harness recorded. Solid: running; striped: waiting, inferred from stalls of the loop; orange: I/O or sleep.';
    const rows = measuredRows(entries);
    return ['One row per thread, processes apart; each bar is what the kernel said the thread was doing, sampled by the server.',
      entries.some((e) => spans(e.run).length) && rows.some((r) => !r.inferred && spans(r.entry.run).some((s) => s.lane === r.name)) ? 'Outlined boxes: the spans the code labelled.' : '',
      rows.some((r) => r.inferred) ? 'Rows marked inferred are drawn from the spans the code recorded, not measured.' : ''].filter(Boolean).join(' ');
  },
  chart(entries, theme) {
    if (hasLanes(entries)) return lanesChart(entries, theme);
    const rows = laneRows(entries);
    const { datasets, end } = datasetsOf(entries, theme, rows);
    const options = barOptions(theme);
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
    if (hasLanes(entries)) return lanesTable();
    const names = sortLanes(unique(entries.flatMap((entry) => spans(entry.run).map((s) => s.lane))));
    const order = new Map(names.map((lane, i) => [lane, i]));
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
