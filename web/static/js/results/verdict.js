// The headline of a comparison: the server's verdict (result.verdict and result.verdicts, docs/api.md) with its
// interval, instead of a bare ratio of medians. A verdict that is not conclusive, or a noisy variant, offers one
// button to run again with more repetitions; the lesson page listens for its "gillab:rerun" event. Compared
// runs get one small table of verdicts instead of a block each.

import { h, swatch } from './dom.js';
import { fmt, numeric } from './format.js';
import { resultOf, repetitions } from './model.js';

/** The most repetitions a run may ask for (ExperimentSpec.MAX_REPETITIONS on the server). */
const MAX_REPETITIONS = 20;

export function verdictsOf(run) {
  const result = resultOf(run);
  const list = Array.isArray(result.verdicts) && result.verdicts.length ? result.verdicts : result.verdict ? [result.verdict] : [];
  return list.filter((v) => v && typeof v.words === 'string');
}

/** "0.952–1.05× the speed of 1 thread, 3 repetitions" — the interval the words were read from. */
function range(verdict) {
  if (!numeric(verdict.low) || !numeric(verdict.high)) return '';
  const interval = verdict.low === verdict.high ? `${fmt(verdict.low)}×` : `${fmt(verdict.low)}–${fmt(verdict.high)}×`;
  const rounds = numeric(verdict.rounds) ? `, ${verdict.rounds} ${verdict.rounds === 1 ? 'repetition' : 'repetitions'}` : '';
  return `${interval} the speed of ${verdict.reference || 'the first'}${rounds}`;
}

function line(verdict, many) {
  const state = verdict.problem ? 'problem' : verdict.conclusive ? 'conclusive' : 'inconclusive';
  const subject = verdict.compared ? `${verdict.compared}: ` : '';
  return h('li', { class: `gr-verdict-${state}` }, [
    h('strong', { class: 'gr-verdict-words' }, `${many || verdict.compared ? subject : ''}${verdict.words}`),
    h('span', { class: 'gr-verdict-range' }, range(verdict) ? ` (${range(verdict)})` : ''),
  ]);
}

/** How many repetitions to ask for: at least twice as many as this run had, at least 10, at most the cap. */
export function moreRepetitions(run) {
  const had = Math.max(0, ...verdictsOf(run).map((v) => (numeric(v.rounds) ? v.rounds : 0)),
    ...repetitions(run).map((r) => r.values.length));
  return Math.min(MAX_REPETITIONS, Math.max(10, had * 2));
}

/** Whether the run's verdict leaves something open that more repetitions could settle, and how many to ask for. */
function rerunOf(run) {
  const verdicts = verdictsOf(run);
  const unsettled = verdicts.some((v) => !v.conclusive) || repetitions(run).some((r) => r.noisy);
  const more = moreRepetitions(run);
  return unsettled && more > Math.max(0, ...repetitions(run).map((r) => r.values.length)) ? more : null;
}

/**
 * The button that asks the lesson page for the run again with more repetitions ("gillab:rerun"); from a
 * comparison it names the run, and the page runs that run's interpreter and parameters.
 */
function rerunButton(run, more, label) {
  const button = h('button', {
    type: 'button', class: 'gr-rerun secondary-button', 'data-repetitions': more,
    'aria-label': label ? `Run ${label} again with ${more} repetitions` : null, title: label ? `${more} repetitions` : null,
  }, label ? 'Run again' : `Run again with ${more} repetitions`);
  button.addEventListener('click', () => button.dispatchEvent(new CustomEvent('gillab:rerun', {
    bubbles: true, detail: { repetitions: more, run, fromComparison: Boolean(label) },
  })));
  return button;
}

const problems = (verdicts) => verdicts.filter((v) => v.problem).map((v) => h('p', { class: 'gr-callout gr-error' }, [
  h('strong', null, 'Broken measurement: '), String(v.problem)]));

/** The verdict block, or null for a run that compares nothing. */
export function verdictBlock(run, label) {
  const verdicts = verdictsOf(run);
  if (!verdicts.length) return null;
  const block = h('div', { class: 'gr-verdict', role: 'status' });
  if (label) block.append(h('p', { class: 'gr-verdict-label' }, label));
  block.append(h('ul', { class: 'gr-verdict-list' }, verdicts.map((v) => line(v, verdicts.length > 1))));
  block.append(...problems(verdicts));
  const more = rerunOf(run);
  if (more) block.append(rerunButton(run, more, null));
  return block;
}

/**
 * The verdicts of compared runs folded into one small table, run · verdict · [Run again], so that five
 * interpreters' verdicts take a few lines and the chart stays near the top. Each run is marked with its colour
 * in the chart (swatch class gr-run-N). Null when no run has a verdict.
 */
export function verdictTable(entries) {
  const rows = entries.map((entry, i) => ({ entry, i, verdicts: verdictsOf(entry.run) })).filter((r) => r.verdicts.length);
  if (!rows.length) return null;
  const body = rows.map(({ entry, i, verdicts }) => {
    const more = rerunOf(entry.run);
    return h('tr', null, [
      h('th', { scope: 'row' }, [swatch(i), entry.label]),
      h('td', null, [h('ul', { class: 'gr-verdict-list' }, verdicts.map((v) => line(v, verdicts.length > 1))), ...problems(verdicts)]),
      h('td', { class: 'gr-verdict-action' }, more ? rerunButton(entry.run, more, entry.label) : null),
    ]);
  });
  return h('div', { class: 'gr-verdict gr-verdict-compared', role: 'status' }, h('table', { class: 'gr-verdict-table' }, [
    h('caption', null, 'Verdict of each run'),
    h('thead', null, h('tr', null, [h('th', { scope: 'col' }, 'Run'), h('th', { scope: 'col' }, 'Verdict'),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Action'))])),
    h('tbody', null, body),
  ]));
}
