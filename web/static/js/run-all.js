// "Run all": the page's experiments one after another, in page order, with the values the page shows. Before it
// starts, the page says so and offers to reset every changed parameter to the lesson's value; after each run, the
// experiment says which parameters differed from the lesson's ("Ran with threads=8 (changed from 4).").

/** The parameter inputs of an experiment that carry the lesson's default (`data-default`). */
function paramInputs(root) {
  return [...root.querySelectorAll('[name^="param."][data-default]')];
}

function nameOf(input) {
  return input.name.slice('param.'.length);
}

function valueOf(input) {
  return input.type === 'checkbox' ? String(input.checked) : input.value;
}

/** Numbers compare as numbers ("0.0050" is 0.005), everything else as text. */
function same(value, fallback) {
  const a = String(value);
  const b = String(fallback);
  if (a.trim() !== '' && b.trim() !== '' && !Number.isNaN(Number(a)) && !Number.isNaN(Number(b))) return Number(a) === Number(b);
  return a === b;
}

function shown(value) {
  const number = Number(value);
  return typeof value !== 'boolean' && String(value).trim() !== '' && Number.isFinite(number) && Math.abs(number) >= 10000
    ? number.toLocaleString('en') : String(value);
}

/** Inputs on the page whose value is not the lesson's. */
function changedInputs() {
  return paramInputs(document).filter((input) => !same(valueOf(input), input.dataset.default));
}

/** Under a finished run: the parameters it ran with that differ from the lesson's, or nothing. */
export function showRunParams(section, run) {
  const out = section && section.querySelector('.run-params');
  if (!out) return;
  const params = (run && run.params) || {};
  const changed = paramInputs(section)
    .filter((input) => nameOf(input) in params && !same(params[nameOf(input)], input.dataset.default))
    .map((input) => `${nameOf(input)}=${shown(params[nameOf(input)])} (changed from ${shown(input.dataset.default)})`);
  out.textContent = changed.length ? `Ran with ${changed.join(', ')}.` : '';
  out.hidden = !changed.length;
}

function resetAll() {
  changedInputs().forEach((input) => {
    if (input.type === 'checkbox') input.checked = input.dataset.default === 'true';
    else input.value = input.dataset.default;
    const slider = document.getElementById(`${input.id}-slider`);
    if (slider) slider.value = input.value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** "Run all uses the values shown on the page", and the reset button while any value differs from the lesson's. */
function sayWhatRunAllUses(note, reset) {
  const changed = changedInputs();
  const where = [...new Set(changed.map((input) => input.closest('.experiment').querySelector('h3').textContent.trim()))];
  note.textContent = changed.length
    ? `Run all uses the values shown on the page: ${changed.length} ${changed.length === 1 ? 'differs' : 'differ'} from the lesson's (in ${where.join('; ')}).`
    : 'Run all uses the values shown on the page.';
  reset.hidden = !changed.length;
}

function settled(area) {
  return area.querySelector('.run-finished, .run-note.problem') !== null
    && area.querySelector('.run-progress[data-status=queued], .run-progress[data-status=running]') === null;
}

/** Runs every experiment of the page in turn, each after the previous one ended; returns a way to stop. */
function runAll(sections, say, done) {
  let at = 0;
  let stopped = false;
  function next() {
    if (stopped) return done(`Stopped after ${at} of ${sections.length} experiments.`);
    if (at >= sections.length) return done(`Ran all ${sections.length} experiments.`);
    const section = sections[at];
    const form = section.querySelector('.run-form');
    const area = section.querySelector('.run-area');
    say(`Running ${at + 1} of ${sections.length}: ${section.querySelector('h3').textContent}`);
    area.replaceChildren();
    form.dataset.unattended = 'true';
    form.requestSubmit(form.querySelector('.run-button'));
    delete form.dataset.unattended;
    const wait = setInterval(() => {
      if (stopped || (area.childElementCount && settled(area))) {
        clearInterval(wait);
        if (!stopped) at++;
        next();
      }
    }, 300);
    return undefined;
  }
  next();
  return function stop() {
    stopped = true;
    const cancel = sections[at] && sections[at].querySelector('.cancel-run');
    if (cancel) cancel.click();
  };
}

export function wireRunAll() {
  const all = document.querySelector('.run-all');
  if (!all) return;
  const status = document.querySelector('.run-all-status');
  const note = document.querySelector('.run-all-values');
  const reset = document.querySelector('.reset-all-params');
  let stop = null;
  all.hidden = false;
  if (note && reset) {
    note.hidden = false;
    sayWhatRunAllUses(note, reset);
    document.addEventListener('input', () => sayWhatRunAllUses(note, reset));
    document.addEventListener('change', () => sayWhatRunAllUses(note, reset));
    reset.addEventListener('click', () => {
      resetAll();
      sayWhatRunAllUses(note, reset);
    });
  }
  all.addEventListener('click', () => {
    if (stop) {
      stop();
      return;
    }
    all.textContent = 'Stop';
    stop = runAll([...document.querySelectorAll('.experiment')], (text) => { status.textContent = text; }, (text) => {
      status.textContent = text;
      all.textContent = 'Run all experiments';
      stop = null;
    });
  });
}
