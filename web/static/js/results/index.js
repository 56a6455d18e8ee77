// Draws an experiment run (the JSON of GET /api/runs/{id}, see docs/api.md) in the browser.
//
//   render(container, run, options)    one run: summary, chart, data table, fingerprint, warnings, metrics,
//                                       CSV/JSON downloads, stdout/stderr
//   compare(container, runs, options)  two or more runs of one experiment on one chart
//   destroy(container)                 frees the Chart.js instances and empties the container
//
// Needs Chart.js 4 as window.Chart; without it the tables are still shown. The numbers and the one-line
// summary are the server's; nothing is recomputed here.

import { h, tableElement, fingerprintLine, callout, problem, output, swatch } from './dom.js';
import { resultOf, hasResult, summaryOf, runLabels } from './model.js';
import { mount, free } from './lifecycle.js';
import { downloads, fileName } from './export.js';
import { bar } from './kinds/bar.js';
import { strip } from './kinds/strip.js';
import { line } from './kinds/line.js';
import { timeline } from './kinds/timeline.js';
import { table, metricsTable } from './kinds/table.js';
import { verdictBlock, verdictTable } from './verdict.js';
import { conditionsBadge } from './conditions.js';

export { runLabels };

const KINDS = { bar, strip, line, timeline, table };
const kindOf = (run) => KINDS[resultOf(run).chart] || table;

function chartFigure(entries, kind, label, width) {
  if (!kind.hasData(entries)) return null;
  const note = kind.note(entries);
  const figure = h('figure', { class: `gr-figure gr-${kind.name}` });
  if (!window.Chart) {
    figure.append(h('p', { class: 'gr-note' }, 'The chart could not be drawn because the chart library did not load; the data table has every number.'));
    return { element: figure, canvas: null };
  }
  const described = [label, kind.describe ? kind.describe(entries) : ''].filter(Boolean).join(' ');
  const canvas = h('canvas', { role: 'img', 'aria-label': described }, described);
  const box = h('div', { class: 'gr-chart' }, canvas);
  box.style.height = `${typeof kind.height === 'function' ? kind.height(entries, width) : kind.height}px`;
  figure.append(box);
  if (note) figure.append(h('figcaption', { class: 'gr-note' }, note));
  return { element: figure, canvas, configFor: (theme) => kind.chart(entries, theme) };
}

/** The data table of a kind; a comparison gets a leading Run column. */
function dataTable(kind, entries) {
  const model = kind.table(entries);
  const many = entries.length > 1;
  const rows = entries.map((entry, i) => model.rowsOf(entry).map((row) => ({ i, row: many ? [entry.label, ...row] : row })));
  return {
    caption: many ? `${model.caption}, run by run` : model.caption,
    columns: many ? ['Run', ...model.columns] : model.columns,
    formats: many ? [String, ...model.formats] : model.formats,
    rows: rows.flat().map((r) => r.row),
    // The Run column carries each run's colour in the chart.
    runOf: many ? rows.flat().map((r) => r.i) : null,
    swatchColumn: 0,
  };
}

/** The server's summary of each run, labelled in a comparison; "" when no run carries one. */
function summaryText(entries) {
  if (entries.length === 1) return summaryOf(entries[0].run);
  return entries.filter((e) => summaryOf(e.run)).map((e) => `${e.label}: ${summaryOf(e.run)}`).join(' ');
}

/** A comparison's summaries, one line per run marked with its colour, after the chart: the chart comes first. */
function summaryList(entries) {
  const items = entries.map((e, i) => [e, i]).filter(([e]) => summaryOf(e.run))
    .map(([e, i]) => h('li', null, [swatch(i), h('strong', null, `${e.label}: `), summaryOf(e.run)]));
  return items.length ? h('ul', { class: 'gr-summaries', 'aria-label': 'Summary of each run' }, items) : null;
}

/**
 * Builds everything for one or more entries ({run, label}) inside the container. The chart is created last,
 * once its canvas is in the document, so Chart.js can measure it.
 */
function draw(container, entries, options) {
  destroy(container);
  container.classList.add('gil-results');
  const runs = entries.map((e) => e.run);
  const parts = runs.map((run, i) => problem(run, entries[i].label));
  if (!runs.some(hasResult)) {
    container.append(...(parts.some(Boolean) ? parts.filter(Boolean) : [callout('error', 'This run has no result to show.')]));
    return;
  }
  const kind = kindOf(runs[0]);
  const summary = summaryText(entries);
  // The server's verdict leads, with its interval; a comparison folds every run's verdict into one small table.
  // A single run's summary (a ratio of medians) follows quietly; a comparison's summaries come after the chart.
  const many = entries.length > 1;
  const verdicts = (many ? [verdictTable(entries)] : [verdictBlock(runs[0], null)]).filter(Boolean);
  parts.push(...verdicts);
  if (summary && !many) parts.push(h('p', { class: verdicts.length ? 'gr-summary gr-summary-detail' : 'gr-summary' }, summary));
  if (kind.notices) kind.notices(entries).forEach((text) => parts.push(h('p', { class: 'gr-note gr-notice' }, text)));

  const figure = chartFigure(entries, kind, summary || 'Chart of the result; the data table has every number.', container.clientWidth);
  if (figure) parts.push(figure.element);
  if (many) parts.push(summaryList(entries));
  // The conditions follow the chart: the result first, then how far to trust it, in one badge that opens.
  parts.push(conditionsBadge(entries));

  const metrics = metricsTable(entries);
  if (metrics.rows.length) parts.push(tableElement(metrics, kind === table ? 'gr-metrics gr-main-table' : 'gr-metrics'));
  // When the chart draws the metrics themselves, the metrics table is the data table.
  const metricsOnly = kind.dataIsMetrics(entries);
  const data = metricsOnly ? metrics : dataTable(kind, entries);
  if (!metricsOnly && data.rows.length) {
    parts.push(h('details', { class: 'gr-data', open: figure && !figure.canvas ? true : null }, [h('summary', null, 'Data table'), tableElement(data)]));
  }

  const footer = h('div', { class: 'gr-footer' });
  entries.forEach((entry, i) => {
    const fingerprint = fingerprintLine(entry.run, entry.label, many ? i : null);
    if (fingerprint) footer.append(fingerprint);
  });
  footer.append(downloads(data, entries.length === 1 ? runs[0] : runs, fileName(runs, options)));
  parts.push(footer);

  if (entries.length === 1) {
    const result = resultOf(runs[0]);
    // A failure the callout already quotes keeps its traceback folded, so the message is read once.
    const failed = runs[0].status && runs[0].status !== 'done' && !runs[0].error;
    parts.push(output('Output (stdout)', result.stdout), output('Errors (stderr)', result.stderr, failed));
  }
  container.append(...parts.filter(Boolean));
  if (figure && figure.canvas) mount(figure.canvas, figure.configFor);
}

export function render(container, run, options) {
  if (!run) throw new TypeError('render needs a run');
  draw(container, [{ run, label: null }], options);
}

/** options.labels may name the runs; by default they are named by the params that differ. */
export function compare(container, runs, options) {
  if (!Array.isArray(runs) || !runs.length) throw new TypeError('compare needs a list of runs');
  const labels = (options && options.labels) || runLabels(runs);
  draw(container, runs.map((run, i) => ({ run, label: runs.length > 1 ? String(labels[i]) : null })), options);
}

export function destroy(container) {
  container.querySelectorAll('canvas').forEach(free);
  container.replaceChildren();
}
