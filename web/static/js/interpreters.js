// "Run on every interpreter": one run per interpreter the server has (POST /api/runs/compare), each run's
// progress in the experiment's run area as its event stream reports it, and one grouped chart, each run with
// its fingerprint, once all have ended.

import { fetchRun, postJson, followRun } from './api.js';
import { compare, destroy } from './results/index.js';

function note(text, kind) {
  const p = document.createElement('p');
  p.className = `run-note${kind ? ` ${kind}` : ''}`;
  p.textContent = text;
  return p;
}

/** The form as the run API's JSON body: the same fields the Run button posts. */
function body(form, section) {
  const params = {};
  let prediction = null;
  let code = null;
  new FormData(form).forEach((value, name) => {
    if (name.startsWith('param.')) params[name.slice('param.'.length)] = value;
    else if (name === 'prediction' && String(value).trim()) prediction = value;
    else if (name === 'code') code = value;
  });
  return { lesson: section.dataset.lesson, experiment: section.dataset.experiment, params, prediction, code };
}

const finished = (run) => run.status !== 'queued' && run.status !== 'running';

function describe(run) {
  switch (run.status) {
    case 'queued': return `${run.interpreter}: waiting in the queue${run.position > 0 ? ` (position ${run.position})` : ''}.`;
    case 'running': return `${run.interpreter}: running.`;
    case 'done': return `${run.interpreter}: finished.`;
    default: return `${run.interpreter}: ${run.error || 'the run did not finish.'}`;
  }
}

function follow(section, started, button) {
  const area = section.querySelector('.run-area');
  const target = section.querySelector('.run-result');
  const runs = started.map((s) => ({ id: s.id, interpreter: s.interpreter, status: s.status, position: s.position }));
  let open = runs.length;

  const show = () => area.replaceChildren(...runs.map((run) =>
    note(describe(run), run.status === 'done' ? 'ok' : finished(run) ? 'problem' : null)));

  /** Once all have ended: one line for the runs that finished, one for each that did not, then the chart. */
  function summarise() {
    const done = runs.filter((run) => run.status === 'done').map((run) => run.interpreter);
    const lines = runs.filter((run) => run.status !== 'done').map((run) => note(describe(run), 'problem'));
    if (done.length) lines.unshift(note(`Finished on ${done.length} of ${runs.length} interpreters: ${done.join(', ')}.`, 'ok'));
    area.replaceChildren(...lines);
  }

  function draw() {
    button.disabled = false;
    summarise();
    // The runs read back from the server (each has its lesson then) join the history, in one refresh.
    const ended = runs.filter((run) => run.lesson);
    if (ended.length) section.dispatchEvent(new CustomEvent('gillab:finished', { bubbles: true, detail: ended }));
    const drawn = runs.filter((run) => run.result);
    if (!drawn.length) return;
    compare(target, drawn, { labels: drawn.map((run) => run.interpreter), filename: `${drawn[0].experiment}-interpreters` });
    section.dispatchEvent(new CustomEvent('gillab:rendered', { bubbles: true, detail: drawn }));
  }

  /** Marks run i as over; the chart is drawn when the last one is. */
  function settle(i, fresh) {
    runs[i] = fresh;
    show();
    if (--open === 0) draw();
  }

  runs.forEach((run, i) => {
    followRun(run.id, {
      progress(event) {
        runs[i] = { ...runs[i], status: event.status, position: event.position, error: event.error };
        show();
      },
      end(frame) {
        if (frame.error) return settle(i, { ...runs[i], status: 'failed', error: frame.error });
        // The end frame says how it ended; the whole run (result, lesson, params) is read once.
        return fetchRun(run.id).then((fresh) => settle(i, fresh), (error) =>
          settle(i, { ...runs[i], status: frame.status, error: `its result could not be loaded (${error.message}).` }));
      },
      lost(message) {
        settle(i, { ...runs[i], status: 'failed', error: `${message}; reload the page to see this run.` });
      },
    });
  });
  show();
  if (!runs.length) draw();
}

document.addEventListener('click', (event) => {
  const button = event.target.closest('.compare-interpreters');
  if (!button) return;
  const section = button.closest('.experiment');
  const area = section.querySelector('.run-area');
  button.disabled = true;
  destroy(section.querySelector('.run-result'));
  area.replaceChildren(note('Starting one run per interpreter…'));
  postJson('/api/runs/compare', body(button.closest('form'), section))
    .then((answer) => follow(section, answer.runs, button))
    .catch((error) => {
      button.disabled = false;
      area.replaceChildren(note(error.message, 'problem'));
    });
});
