// Lesson page behaviour: parameter controls and their inline checks, the prediction nudge, progress while
// a run waits and runs, drawing a run's result when it ends ("run all" is run-all.js).

import { csrfToken, fetchRun } from './api.js';
import { render, destroy } from './results/index.js';
import { showVerdict } from './goal.js';
import { showPredictionCheck, lockPrediction } from './prediction.js';
import { matchRun } from './rerun-form.js';
import { wireRunAll, showRunParams } from './run-all.js';

// htmx form posts and cancels carry the page's CSRF token.
document.addEventListener('htmx:configRequest', (event) => {
  const token = csrfToken();
  if (token) event.detail.headers['X-CSRF-Token'] = token;
});

// ------------------------------------------------------------ parameters

function labelOf(input) {
  const label = document.querySelector(`label[for='${input.id}']`);
  return label ? label.textContent.trim() : input.name;
}

/** The sentence to show under a parameter, or "" when its value is fine. */
function problemOf(input) {
  const v = input.validity;
  if (v.valid) return '';
  const name = labelOf(input);
  if (v.valueMissing || v.badInput) return `${name} needs a number.`;
  if (v.rangeUnderflow || v.rangeOverflow) return `${name} must be between ${input.min} and ${input.max}.`;
  if (v.stepMismatch) return `${name} must be a whole number.`;
  return `${name}: ${input.validationMessage}`;
}

function check(input) {
  const message = problemOf(input);
  const note = document.getElementById(`${input.id}-error`);
  if (note) {
    note.textContent = message;
    note.hidden = !message;
  }
  input.setAttribute('aria-invalid', message ? 'true' : 'false');
  return !message;
}

// A slider and its number box show the same value; the box is checked as the student types.
document.addEventListener('input', (event) => {
  const input = event.target;
  if (input.matches('input[type=range][data-mirror]')) {
    const box = document.getElementById(input.dataset.mirror);
    if (box) {
      box.value = input.value;
      check(box);
    }
  } else if (input.matches('.param-range input[type=number]')) {
    const slider = document.getElementById(`${input.id}-slider`);
    if (check(input) && slider) slider.value = input.value;
  }
});

// ------------------------------------------------------------ before a run is sent

function validParams(form) {
  let first = null;
  form.querySelectorAll('.param input[type=number], .param input[type=text]').forEach((input) => {
    if (!check(input) && !first) first = input;
  });
  if (first) first.focus();
  return !first;
}

/** Before an experiment's first run, ask once for a prediction; a second press runs anyway. */
function predictionGiven(form) {
  const fieldset = form.querySelector('.prediction');
  const section = form.closest('.experiment');
  if (!fieldset || form.dataset.nudged || Number(section.dataset.runs || 0) > 0) return true;
  const chosen = fieldset.querySelector('input[type=radio]:checked')
    || [...fieldset.querySelectorAll('input[type=text]')].some((t) => t.value.trim());
  if (chosen) return true;
  form.dataset.nudged = 'true';
  fieldset.querySelector('.prediction-nudge').hidden = false;
  fieldset.querySelector('input').focus();
  return false;
}

document.addEventListener('htmx:beforeRequest', (event) => {
  const form = event.detail.elt;
  if (!form.matches || !form.matches('.run-form')) return;
  if (!validParams(form) || (!form.dataset.unattended && !predictionGiven(form))) {
    event.preventDefault();
    return;
  }
  const nudge = form.querySelector('.prediction-nudge');
  if (nudge) nudge.hidden = true;
  destroy(form.closest('.experiment').querySelector('.run-result'));
});

// ------------------------------------------------------------ progress while waiting and running

// The server reports progress when the experiment does; between reports the clock keeps moving here.
let ticking = null;
function tick() {
  const running = document.querySelectorAll('.run-progress[data-status=running]');
  if (!running.length) {
    clearInterval(ticking);
    ticking = null;
    return;
  }
  const now = performance.now();
  running.forEach((progress) => {
    if (!progress.dataset.seenAt) progress.dataset.seenAt = String(now);
    let elapsed = Number(progress.dataset.elapsed || 0) + (now - Number(progress.dataset.seenAt)) / 1000;
    const limit = Number(progress.dataset.limit || 0);
    if (limit) elapsed = Math.min(elapsed, limit);
    const text = progress.querySelector('.run-elapsed');
    if (text) text.textContent = `${elapsed.toFixed(1)} s`;
    const bar = progress.querySelector('progress.time-used');
    if (bar) bar.value = elapsed;
  });
}
function startTicking() {
  if (!ticking && document.querySelector('.run-progress[data-status=running]')) ticking = setInterval(tick, 200);
}

// ------------------------------------------------------------ results

/**
 * The result is what the student pressed Run for: scroll the least that shows it, from the prediction check to the
 * end of the result, or its top below the sticky header when it is taller than the window. Run all walks the page
 * this way. Smooth unless the student asked for reduced motion.
 */
function bringIntoView(section) {
  const check = section.querySelector('.prediction-check:not([hidden])');
  const result = section.querySelector('.run-result');
  const header = document.querySelector('.site-header');
  const top = (check || result).getBoundingClientRect().top - (header ? header.offsetHeight : 0) - 12;
  const bottom = result.getBoundingClientRect().bottom + 12 - window.innerHeight;
  const by = top < 0 ? top : bottom > 0 ? Math.min(top, bottom) : 0;
  const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  if (by) window.scrollBy({ top: by, behavior: still ? 'auto' : 'smooth' });
}

/**
 * Marks the line a failed run names ("… (line 12).") in the editor, when the editor still holds the code that
 * failed; the mark goes with the next edit.
 */
function markErrorLine(section, run) {
  const textarea = section.querySelector('textarea.code-source');
  const editor = textarea && textarea.gilEditor;
  const line = /\(line (\d+)\)/.exec(run.error || '');
  if (!editor || !line || editor.getValue() !== (run.code || textarea.dataset.lessonCode)) return;
  const index = Number(line[1]) - 1;
  if (index < 0 || index >= editor.lineCount()) return;
  const handle = editor.addLineClass(index, 'background', 'code-error-line');
  editor.addLineClass(handle, 'gutter', 'code-error-gutter');
  editor.on('change', function clear() {
    editor.removeLineClass(handle, 'background', 'code-error-line');
    editor.removeLineClass(handle, 'gutter', 'code-error-gutter');
    editor.off('change', clear);
  });
}

function drawFinished(root, fresh) {
  root.querySelectorAll('.run-finished[data-run-id]:not([data-drawn])').forEach((note) => {
    note.setAttribute('data-drawn', 'true');
    const section = note.closest('.experiment');
    const target = section && section.querySelector('.run-result');
    if (!target) return;
    fetchRun(note.dataset.runId)
      .then((run) => {
        render(target, run, { filename: `${run.experiment}-${run.id.slice(0, 8)}` });
        if (run.status !== 'done') {
          // The result's own callout says what went wrong: the status line would say it a second time.
          note.hidden = true;
          markErrorLine(section, run);
        }
        // A shared run is someone else's: the verdict under the goal stays about the student's own runs.
        if (!section.querySelector('.shared-note')) {
          showVerdict(section, run);
          showPredictionCheck(section, run);
          showRunParams(section, run);
          if (fresh) {
            bringIntoView(section);
            lockPrediction(section, run.prediction);
            const explanation = document.querySelector(`.explanation[data-after='${section.dataset.experiment}']`);
            if (explanation) explanation.open = true;
          }
        }
        section.dispatchEvent(new CustomEvent('gillab:rendered', { bubbles: true, detail: run }));
        if (fresh) section.dispatchEvent(new CustomEvent('gillab:finished', { bubbles: true, detail: run }));
      })
      .catch((error) => {
        target.textContent = `The result could not be loaded (${error.message}). Reload the page to try again.`;
      });
  });
}

for (const type of ['htmx:afterSettle', 'htmx:sseMessage']) {
  document.addEventListener(type, (event) => {
    drawFinished(event.target, true);
    startTicking();
  });
}

// "Run again with N repetitions" under an unsettled verdict: the same form, once, with more repetitions.
document.addEventListener('gillab:rerun', (event) => {
  const section = event.target.closest('.experiment');
  const form = section && section.querySelector('.run-form');
  if (!form) return;
  if (event.detail.fromComparison) matchRun(form, event.detail.run);
  let field = form.querySelector('input[name=repetitions]');
  if (!field) {
    field = document.createElement('input');
    field.type = 'hidden';
    field.name = 'repetitions';
    form.append(field);
  }
  field.value = String(event.detail.repetitions);
  form.dataset.unattended = 'true';
  form.requestSubmit(form.querySelector('.run-button'));
  delete form.dataset.unattended;
  field.value = '';
});

// A module runs once the document is parsed, before DOMContentLoaded: the page is there to wire up.
wireRunAll();
if (window.hljs) document.querySelectorAll('.prose pre code').forEach((block) => window.hljs.highlightElement(block));
drawFinished(document, false);
startTicking();
