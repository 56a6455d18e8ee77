// The conditions a run was measured under (result.conditions, docs/api.md) as one compact badge after the chart:
// good, busy machine, or cannot show parallelism; it opens to the sentences behind it. In a comparison the worst
// state wins and each kind of note is said once, however many runs carry it.

import { h } from './dom.js';
import { resultOf, warningsOf } from './model.js';

const RANK = { good: 0, notes: 1, busy: 2, 'no-parallelism': 3 };
const LABEL = {
  good: 'Conditions: good',
  notes: 'Conditions: notes on this run',
  busy: 'Conditions: busy machine',
  'no-parallelism': 'Conditions: cannot show parallelism',
};

/** The run's items; a run stored before conditions existed shows its warnings as plain notes. */
function conditionsOf(run) {
  const given = resultOf(run).conditions;
  const items = given && Array.isArray(given.items) ? given.items.map((i) => ({ kind: String(i.kind), text: String(i.text) })) : [];
  // Sentences added to the warnings after the conditions were read (a result cut to fit) are notes too.
  const known = new Set(items.map((i) => i.text));
  warningsOf(run).filter((w) => !known.has(w)).forEach((text) => items.push({ kind: 'data', text }));
  const state = given && RANK[given.state] !== undefined ? given.state : items.length ? 'notes' : null;
  return { state, items };
}

/** One line per kind: the same sentence from several runs once, different sentences each with their run's label. */
function merged(entries) {
  const byKind = new Map();
  entries.forEach((entry) => conditionsOf(entry.run).items.forEach((item) => {
    if (!byKind.has(item.kind)) byKind.set(item.kind, []);
    byKind.get(item.kind).push({ label: entry.label, text: item.text });
  }));
  const lines = [];
  byKind.forEach((found, kind) => {
    const texts = [...new Set(found.map((f) => f.text))];
    if (texts.length === 1) lines.push({ kind, text: texts[0] });
    else if (kind === 'busy' || kind === 'no-parallelism') lines.push({ kind, text: `${found[0].label}: ${found[0].text} (and in ${found.length - 1} more)` });
    else found.forEach((f) => lines.push({ kind, text: f.label ? `${f.label}: ${f.text}` : f.text }));
  });
  return lines;
}

/** The badge, or null when no run says anything of its conditions. */
export function conditionsBadge(entries) {
  const states = entries.map((e) => conditionsOf(e.run).state).filter(Boolean);
  if (!states.length) return null;
  const state = states.reduce((worst, s) => (RANK[s] > RANK[worst] ? s : worst), 'good');
  const lines = merged(entries);
  const badge = h('span', { class: 'gr-badge' }, LABEL[state]);
  if (!lines.length) return h('p', { class: `gr-conditions gr-conditions-${state}` }, badge);
  return h('details', { class: `gr-conditions gr-conditions-${state}` }, [
    h('summary', null, [badge, h('span', { class: 'gr-conditions-count' }, ` (${lines.length} ${lines.length === 1 ? 'note' : 'notes'})`)]),
    h('ul', null, lines.map((l) => h('li', { 'data-kind': l.kind }, l.text))),
  ]);
}
