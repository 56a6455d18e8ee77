// Table "chart": the metrics themselves, one row each; for several runs, one column per run.

import { fmt, withUnit } from '../format.js';
import { metrics, pairUp } from '../model.js';

/** The metrics table every result shows; for a table chart it is the main (and data) table. */
export function metricsTable(entries) {
  if (entries.length === 1) {
    return {
      caption: 'Measured values',
      columns: ['Metric', 'Value', 'Unit'],
      formats: [String, (v) => fmt(v), String],
      rows: metrics(entries[0].run).map((m) => [m.name, m.value, m.unit]),
    };
  }
  // Metrics named after a parameter ("CPU time, 4 threads") pair up by position, like the bars.
  const rows = pairUp(entries.map((e) => metrics(e.run)), (m) => m.name);
  return {
    caption: 'Measured values by run',
    columns: ['Metric', ...entries.map((e) => e.label)],
    columnRuns: [null, ...entries.map((e, i) => i)],
    formats: [String, ...entries.map(() => String)],
    rows: rows.map((row) => [row.names.join(' / '), ...row.items.map((m) => (m ? withUnit(m.value, m.unit) : '–'))]),
  };
}

export const table = {
  name: 'table',
  hasData: () => false,
  dataIsMetrics: () => true,
};
