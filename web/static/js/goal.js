// An exercise's verdict under its goal: once a run of it is drawn, whether that run met the goal, with the
// values it measured (result.goal, see docs/api.md).

/** Fills the section's verdict from a run; leaves it alone for an experiment without a goal. */
export function showVerdict(section, run) {
  const verdict = section && section.querySelector('.goal-verdict');
  if (!verdict || !run) return;
  const goal = run.result && run.result.goal;
  verdict.classList.remove('met', 'not-met');
  if (goal) {
    if (goal.passed === true) verdict.classList.add('met');
    if (goal.passed === false) verdict.classList.add('not-met');
    verdict.textContent = goal.message || (goal.passed ? 'Goal met.' : 'Goal not met yet.');
  } else if (run.status !== 'done') {
    verdict.textContent = 'Not judged: the run did not finish. Run it again.';
  } else {
    verdict.textContent = 'Not judged: the run has no result to check the goal against.';
  }
}
