// The headline of a comparison: the server's verdict (result.verdict and result.verdicts, docs/api.md) with its
// interval, instead of a bare ratio of medians. A verdict that is not conclusive, or a noisy variant, offers one
// button to run again with more repetitions; the lesson page listens for its "gillab:rerun" event.

import { h } from './dom.js';
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

/** The verdict block, or null for a run that compares nothing. */
export function verdictBlock(run, label) {
  const verdicts = verdictsOf(run);
  if (!verdicts.length) return null;
  const block = h('div', { class: 'gr-verdict', role: 'status' });
  if (label) block.append(h('p', { class: 'gr-verdict-label' }, label));
  block.append(h('ul', { class: 'gr-verdict-list' }, verdicts.map((v) => line(v, verdicts.length > 1))));
  verdicts.filter((v) => v.problem).forEach((v) => block.append(h('p', { class: 'gr-callout gr-error' }, [
    h('strong', null, 'Broken measurement: '), String(v.problem)])));
  const unsettled = verdicts.some((v) => !v.conclusive) || repetitions(run).some((r) => r.noisy);
  const more = moreRepetitions(run);
  if (unsettled && more > Math.max(0, ...repetitions(run).map((r) => r.values.length))) {
    const button = h('button', { type: 'button', class: 'gr-rerun secondary-button', 'data-repetitions': more },
      `Run again with ${more} repetitions`);
    button.addEventListener('click', () => button.dispatchEvent(new CustomEvent('gillab:rerun', {
      bubbles: true, detail: { repetitions: more, run },
    })));
    block.append(button);
  }
  return block;
}
