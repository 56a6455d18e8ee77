// The result's downloads: its data table as CSV and the run (or runs) as the server sent them, as JSON.

import { h } from './dom.js';

/** CSV as spreadsheets read it: UTF-8 with a byte-order mark, and text that could be a formula defused. */
export function toCsv(model) {
  const cell = (value) => {
    if (value == null) return '';
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
    return `"${text.replace(/"/g, '""')}"`;
  };
  return `\ufeff${[model.columns, ...model.rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "cpu-threads-7f3c2a1b", "cpu-threads-compare", or the caller's own name; safe as a file name. */
export function fileName(runs, options) {
  const first = runs[0] || {};
  const base = (options && options.filename)
    || [first.experiment || 'run', runs.length > 1 ? 'compare' : String(first.id || '').slice(0, 8)].filter(Boolean).join('-');
  return base.replace(/[^\w.-]+/g, '_');
}

export function downloads(model, json, name) {
  const csv = h('button', { type: 'button', class: 'gr-button', 'aria-label': 'Download the data table as CSV' }, 'CSV');
  const raw = h('button', { type: 'button', class: 'gr-button', 'aria-label': 'Download the whole run as JSON' }, 'JSON');
  csv.addEventListener('click', () => download(`${name}.csv`, 'text/csv;charset=utf-8', toCsv(model)));
  raw.addEventListener('click', () => download(`${name}.json`, 'application/json', JSON.stringify(json, null, 2)));
  return h('div', { class: 'gr-downloads' }, [h('span', { class: 'gr-downloads-label' }, 'Download'), csv, raw]);
}
