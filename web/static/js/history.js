// An experiment's list of the student's runs: show an older run, overlay several on one chart, and
// refresh the list (and the table of contents' marks) when a new run ends.

import { fetchRun } from './api.js';
import { render, compare, runLabels } from './results/index.js';

const timeFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

function localTimes(root) {
  root.querySelectorAll('.history time[datetime]').forEach((time) => {
    const when = new Date(time.getAttribute('datetime'));
    if (!Number.isNaN(when.getTime())) time.textContent = timeFormat.format(when);
  });
}

function say(section, text) {
  const note = document.createElement('p');
  note.className = 'run-note';
  note.textContent = text;
  section.querySelector('.run-area').replaceChildren(note);
}

function show(section, id, label) {
  fetchRun(id).then((run) => {
    render(section.querySelector('.run-result'), run, { filename: `${run.experiment}-${run.id.slice(0, 8)}` });
    say(section, `Showing your run of ${label}.`);
  }).catch((error) => {
    say(section, `That run could not be loaded (${error.message}).`);
  });
}

function compareSelected(section) {
  const picked = [...section.querySelectorAll('.compare-pick:checked')].map((box) => box.value);
  if (picked.length < 2) return;
  const times = picked.map((id) => section.querySelector(`.history-item[data-run-id='${id}'] time`).textContent);
  Promise.all(picked.map(fetchRun)).then((runs) => {
    // Runs that differ only in their code get told apart by when they ran.
    const labels = runLabels(runs).map((label, i) => (/^run \d+/.test(label) ? times[i] : label));
    compare(section.querySelector('.run-result'), runs, { labels, filename: `${runs[0].experiment}-compare` });
    say(section, `Comparing ${runs.length} runs: ${labels.join(' / ')}.`);
  }).catch((error) => {
    say(section, `The runs could not be loaded (${error.message}).`);
  });
}

function syncCompareButton(history) {
  const button = history.querySelector('.compare-button');
  if (button) button.disabled = history.querySelectorAll('.compare-pick:checked').length < 2;
}

document.addEventListener('change', (event) => {
  if (event.target.matches('.compare-pick')) syncCompareButton(event.target.closest('.history'));
});

document.addEventListener('click', (event) => {
  const button = event.target.closest('.history button');
  if (!button) return;
  const section = button.closest('.experiment');
  if (button.matches('.show-run')) {
    const item = button.closest('.history-item');
    show(section, item.dataset.runId, item.querySelector('time').textContent);
  } else if (button.matches('.compare-button')) {
    compareSelected(section);
  }
});

function markToc(run) {
  const item = document.querySelector(`.toc-experiments li[data-experiment='${run.experiment}']`);
  if (!item) return;
  if (run.status === 'done') item.classList.add('ran');
  if (run.prediction) item.classList.add('predicted');
  const ran = item.classList.contains('ran');
  const predicted = item.classList.contains('predicted');
  item.querySelector('.toc-state').textContent = ran ? (predicted ? 'run, predicted' : 'run') : (predicted ? 'predicted' : 'not run yet');
}

// Runs just ended on this page (one, or one per interpreter): list them, open the list, and mark the
// experiment in the contents.
document.addEventListener('gillab:finished', (event) => {
  const section = event.target.closest('.experiment');
  const history = section && section.querySelector('.history');
  const runs = [].concat(event.detail);
  runs.forEach(markToc);
  if (!history || !window.htmx) return;
  section.dataset.runs = String(Number(section.dataset.runs || 0) + runs.length);
  window.htmx.ajax('GET', history.dataset.url, { target: history, swap: 'outerHTML' }).then(() => {
    const fresh = section.querySelector('.history');
    localTimes(fresh);
    const panel = fresh.querySelector('details');
    if (panel) panel.open = true;
  });
});

localTimes(document);
