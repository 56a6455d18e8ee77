// Reads a run as GET /api/runs/{id} sends it (docs/api.md). Every statistic and the summary come from the
// server; this module only gives each field one shape, so the chart kinds read the same fields.

import { numeric, orNull, unique, byNaturalOrder } from './format.js';

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

/** Names runs by what differs between them: their params, else their interpreter, else their order. */
export function runLabels(runs) {
  const paramsOf = (run) => (run && run.params) || {};
  const show = (v) => (typeof v === 'string' ? v : JSON.stringify(v));
  const keys = unique(runs.flatMap((run) => Object.keys(paramsOf(run))));
  const differing = keys.filter((k) => new Set(runs.map((run) => show(paramsOf(run)[k]))).size > 1);
  const interpreter = (run) => {
    const fp = fingerprintOf(run);
    return fp.implementation ? `${fp.implementation} ${fp.version || ''}`.trim() : String(run.interpreter || '');
  };
  const interpretersDiffer = new Set(runs.map(interpreter)).size > 1;
  const labels = runs.map((run, i) => {
    const parts = differing.map((k) => `${k}=${show(paramsOf(run)[k])}`);
    if (interpretersDiffer) parts.unshift(interpreter(run));
    return parts.join(', ') || `run ${i + 1}`;
  });
  return labels.map((label, i) => (labels.indexOf(label) !== i || labels.lastIndexOf(label) !== i ? `${label} (#${i + 1})` : label));
}
