// Table "chart": the metrics themselves, one row each; for several runs, one column per run.

import { fmt, withUnit, unique } from '../format.js';
import { metrics } from '../model.js';

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
  const names = unique(entries.flatMap((e) => metrics(e.run).map((m) => m.name)));
  return {
    caption: 'Measured values by run',
    columns: ['Metric', ...entries.map((e) => e.label)],
    formats: [String, ...entries.map(() => String)],
    rows: names.map((name) => [name, ...entries.map((e) => {
      const m = metrics(e.run).find((x) => x.name === name);
      return m ? withUnit(m.value, m.unit) : '–';
    })]),
  };
}

export const table = {
  name: 'table',
  hasData: () => false,
  dataIsMetrics: () => true,
};
