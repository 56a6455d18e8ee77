// The page parts of a result, built as DOM nodes: every string from a run is written as text, never as HTML.

import { fmt, seconds, numeric } from './format.js';
import { RUN_COLOURS } from '../chart-theme.js';
import { resultOf, hasResult, fingerprintOf } from './model.js';

/** Builds an element; attributes are set literally and children appended as nodes or plain text. */
export function h(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of [].concat(children == null ? [] : children)) {
    if (child != null) node.append(child);
  }
  return node;
}

/** The colour mark of compared run i: the run's colour in the charts (--series-N, so it follows the theme). */
export function swatch(i) {
  return h('span', { class: `gr-swatch gr-run-${(i % RUN_COLOURS) + 1}`, 'aria-hidden': 'true' });
}

/**
 * A table model ({caption, columns, formats, rows}) as a scrollable table; the first column heads its row.
 * A model with `runOf` (row index → compared run's index) and `swatchColumn` marks that column with run colours.
 */
export function tableElement(model, className) {
  const head = h('tr', null, model.columns.map((c, i) => h('th', { scope: 'col' },
    model.columnRuns && model.columnRuns[i] != null ? [swatch(model.columnRuns[i]), c] : c)));
  const body = model.rows.map((row, r) => h('tr', null, row.map((cell, i) => {
    const text = cell == null ? '–' : model.formats[i](cell);
    const content = model.runOf && i === model.swatchColumn ? [swatch(model.runOf[r]), text] : text;
    return i === 0 ? h('th', { scope: 'row' }, content) : h('td', { class: typeof cell === 'number' ? 'gr-num' : null }, content);
  })));
  return h('div', { class: `gr-table-wrap ${className || ''}`.trim() },
    h('table', { class: 'gr-table' }, [h('caption', null, model.caption), h('thead', null, head), h('tbody', null, body)]));
}

function fingerprintItems(run) {
  const fp = fingerprintOf(run);
  const items = [];
  if (fp.implementation || fp.version) items.push({ text: `${fp.implementation || ''} ${fp.version || ''}`.trim(), title: fp.executable });
  if (typeof fp.gilEnabled === 'boolean') {
    // A free-threaded build turns the GIL back on when the run imports an extension that needs it.
    const on = fp.gilChangedDuringRun ? 'GIL on (turned back on during the run)' : 'GIL on';
    items.push({ text: fp.gilEnabled ? on : 'GIL off (free-threaded)' });
  }
  if (numeric(fp.usableCores)) {
    const of = numeric(fp.cpuCount) && fp.cpuCount !== fp.usableCores ? ` of ${fp.cpuCount}` : '';
    items.push({ text: `${fp.usableCores}${of} usable ${fp.usableCores === 1 ? 'core' : 'cores'}` });
  }
  if (numeric(fp.effectiveParallelism)) items.push({ text: `effective parallelism ${fmt(fp.effectiveParallelism)}×`, title: 'How much faster several processes of a fixed loop finished than one, measured just before this run' });
  if (numeric(fp.switchInterval)) items.push({ text: `switch interval ${fmt(fp.switchInterval * 1000)} ms` });
  if (fp.startMethod) items.push({ text: `start method ${fp.startMethod}` });
  if (numeric(fp.loadAverage)) items.push({ text: `load ${fmt(fp.loadAverage, 2)}`, title: 'Load average when the run started' });
  if (fp.sandbox) items.push({ text: `sandbox: ${fp.sandbox}` });
  if (numeric(resultOf(run).wallSeconds)) items.push({ text: `run took ${seconds(resultOf(run).wallSeconds)}` });
  return items;
}

/** "Measured on: CPython 3.11.2 · GIL on · 2 usable cores …", or null when the run says nothing of it. */
export function fingerprintLine(run, label, index) {
  const items = fingerprintItems(run);
  if (!items.length) return null;
  return h('div', { class: 'gr-fingerprint' }, [
    h('span', { class: 'gr-fingerprint-label' }, [index != null ? swatch(index) : null, label ? `${label}:` : 'Measured on']),
    h('ul', { 'aria-label': label ? `Environment of ${label}` : 'Environment' }, items.map((i) => h('li', { title: i.title }, String(i.text)))),
  ]);
}

export function callout(kind, text) {
  return h('p', { class: `gr-callout gr-${kind}`, role: kind === 'error' ? 'alert' : null }, [
    h('strong', null, kind === 'error' ? 'Run problem: ' : 'Warning: '), text,
  ]);
}

const STATUS = {
  failed: 'This run failed.', timeout: 'This run ran out of time.', killed: 'This run was stopped.',
  interrupted: 'This run was interrupted when the server restarted.', queued: 'This run has not started yet.',
  running: 'This run has not finished yet.',
};

/** The callout of a run that did not finish well, with the server's sentence; null for a finished run. */
export function problem(run, label) {
  if (!run.status || run.status === 'done') return null;
  const lead = STATUS[run.status] || `This run ended as "${run.status}".`;
  const recorded = hasResult(run) ? 'What it recorded is shown below.' : '';
  const text = [label ? `${label}.` : '', lead, run.error ? String(run.error) : '', recorded].filter(Boolean).join(' ');
  return callout('error', text);
}

export function output(title, text, open) {
  if (!text) return null;
  return h('details', { class: 'gr-output', open }, [h('summary', null, title), h('pre', null, h('code', null, String(text)))]);
}
