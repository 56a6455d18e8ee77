// Reads a run as GET /api/runs/{id} sends it (docs/api.md). Every statistic and the summary come from the
// server; this module only gives each field one shape, so the chart kinds read the same fields.

import { numeric, orNull, unique, byNaturalOrder, shorten } from './format.js';

export const resultOf = (run) => (run && run.result) || {};
export const hasResult = (run) => Object.keys(resultOf(run)).length > 0;

/** The server's one-line reading of the chart ("" for a run stored without one). */
export const summaryOf = (run) => String(resultOf(run).summary || '');
export const warningsOf = (run) => (resultOf(run).warnings || []).map(String);
export const fingerprintOf = (run) => resultOf(run).fingerprint || {};

/** Each variant of lab.compare with the median, quartiles, extremes, CV and noise flag the server computed. */
export function repetitions(run) {
  return (resultOf(run).repetitions || []).map((rep) => ({
    variant: String(rep.variant),
    unit: rep.unit || 's',
    values: (rep.values || []).filter(numeric),
    median: orNull(rep.median),
    min: orNull(rep.min),
    max: orNull(rep.max),
    q1: orNull(rep.q1),
    q3: orNull(rep.q3),
    cv: orNull(rep.cv),
    noisy: Boolean(rep.noisy),
  }));
}

export function metrics(run) {
  return (resultOf(run).metrics || []).map((m) => ({ name: String(m.name), value: m.value, unit: m.unit ? String(m.unit) : '' }));
}

/** What a bar or strip chart draws: the timed repetitions, else (a bar chart "from metrics") the metrics. */
export function timedItems(run) {
  const reps = repetitions(run);
  if (reps.length) return reps;
  return metrics(run).filter((m) => numeric(m.value)).map((m) => ({
    variant: m.name, unit: m.unit, values: [m.value], median: m.value, min: null, max: null,
    q1: null, q3: null, cv: null, noisy: false, metric: true,
  }));
}

export function series(run) {
  return (resultOf(run).series || []).map((s) => ({
    name: String(s.name),
    xLabel: s.xLabel ? String(s.xLabel) : 'x',
    yLabel: s.yLabel ? String(s.yLabel) : 'y',
    ideal: Boolean(s.ideal),
    points: (s.points || []).filter((p) => numeric(p[0]) && numeric(p[1])),
  }));
}

export function spans(run) {
  return (resultOf(run).spans || [])
    .filter((s) => numeric(s.start) && numeric(s.end))
    .map((s) => ({ label: String(s.label), lane: String(s.lane), start: s.start, end: s.end, state: String(s.state || 'running') }));
}

/** The threads the server sampled (docs/api.md, "Thread lanes"), in the order it sent them: lanes of one pid adjacent. */
export function lanes(run) {
  return (resultOf(run).lanes || []).map((lane) => ({
    name: String(lane.name),
    pid: orNull(lane.pid),
    tid: orNull(lane.tid),
    intervals: (lane.intervals || []).filter((i) => numeric(i[0]) && numeric(i[1]))
      .map(([start, end, state]) => ({ start, end, state: String(state) })),
  }));
}

/** Why the run has no lanes, in the server's one sentence; null when it has them or never said. */
export const lanesUnavailable = (run) => (resultOf(run).lanesUnavailable ? String(resultOf(run).lanesUnavailable) : null);

/** Main thread or process first, then natural order, so Thread-2 comes before Thread-10. */
export function sortLanes(lanes) {
  const main = (lane) => (/^main/i.test(lane) ? 0 : 1);
  return [...lanes].sort((a, b) => main(a) - main(b) || byNaturalOrder(a, b));
}

/** The cap of the ideal speedup line: what this machine measured, else the cores it may use. */
export function parallelism(run) {
  const fp = fingerprintOf(run);
  return numeric(fp.effectiveParallelism) ? fp.effectiveParallelism : numeric(fp.usableCores) ? fp.usableCores : null;
}

/**
 * Lines up the named items of several runs (variants, metrics), run i's item or null in items[i]: by name, or,
 * when every run has as many items but the names differ (named after a parameter: "4 threads" in one run,
 * "2 threads" in another), by position, with every name the position has in `names`.
 */
export function pairUp(lists, nameOf) {
  const filled = lists.filter((l) => l.length);
  const nameSets = new Set(filled.map((l) => l.map(nameOf).sort().join('\n')));
  if (filled.length > 1 && nameSets.size > 1 && filled.every((l) => l.length === filled[0].length)) {
    return filled[0].map((_, i) => ({ names: unique(filled.map((l) => nameOf(l[i]))), items: lists.map((l) => l[i] || null) }));
  }
  return unique(lists.flat().map(nameOf)).map((name) => ({
    names: [name], items: lists.map((l) => l.find((x) => nameOf(x) === name) || null),
  }));
}

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 3 });

/** A parameter's value as a legend shows it: 8M for 8,000,000 when `short`, text cut to 12 characters. */
function shown(value, short) {
  if (typeof value === 'number' && Number.isFinite(value)) return short && Math.abs(value) >= 10000 ? compact.format(value) : String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return short ? shorten(text, 12) : text;
}

/**
 * Names runs by what differs between them, short enough for a phone's legend: the interpreter when the runs
 * used several ("python3.13t · threads=4"), then each differing parameter, else their order. Values are
 * shortened (8M) unless that would give two runs the same name.
 */
export function runLabels(runs) {
  const paramsOf = (run) => (run && run.params) || {};
  const keys = unique(runs.flatMap((run) => Object.keys(paramsOf(run))));
  const differing = keys.filter((k) => new Set(runs.map((run) => shown(paramsOf(run)[k], false))).size > 1);
  const interpreter = (run) => {
    if (run.interpreter) return String(run.interpreter);
    const fp = fingerprintOf(run);
    return `${fp.implementation || ''} ${fp.version || ''}`.trim();
  };
  const interpretersDiffer = new Set(runs.map(interpreter)).size > 1;
  const name = (short) => runs.map((run, i) => {
    const parts = differing.map((k) => `${k}=${shown(paramsOf(run)[k], short)}`);
    if (interpretersDiffer) parts.unshift(interpreter(run));
    return parts.join(' · ') || `run ${i + 1}`;
  });
  const distinct = (labels) => new Set(labels).size === labels.length;
  const labels = [name(true), name(false)].find(distinct) || name(false);
  return labels.map((label, i) => (labels.indexOf(label) !== i || labels.lastIndexOf(label) !== i ? `${label} (#${i + 1})` : label));
}
