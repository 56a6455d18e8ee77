// The prediction loop: after a run, "You predicted X; measured Y" with ✓ or ✗ (run.predictionCheck, docs/api.md),
// and the first prediction locked once it has been run, since a guess made after seeing a result teaches less.

/** Fills the section's check from one of the student's own runs; hides it for a run without a prediction. */
export function showPredictionCheck(section, run) {
  const out = section && section.querySelector('.prediction-check');
  if (!out || !run) return;
  const check = run.predictionCheck;
  if (!check || !check.predicted) {
    out.hidden = true;
    return;
  }
  const state = check.correct === true ? 'right' : check.correct === false ? 'wrong' : 'open';
  const mark = { right: '✓', wrong: '✗', open: '?' }[state];
  const strong = (text) => Object.assign(document.createElement('strong'), { textContent: text });
  const markNode = Object.assign(document.createElement('span'), {
    className: 'prediction-mark', textContent: mark, title: { right: 'Your prediction matches the measurement', wrong: 'Your prediction does not match the measurement', open: 'This measurement cannot settle your prediction' }[state],
  });
  const said = check.measured ? String(check.measured).replace(/\.$/, '') : '';
  const measured = said ? [' measured: ', strong(said), '.'] : [' the run measured nothing to compare it with.'];
  // An inconclusive verdict offers its own rerun; without a verdict the chart is what to compare with.
  const inconclusive = /inconclusive/.test(said);
  const after = state !== 'open' || !said ? '' : inconclusive ? ' The measurement cannot settle it yet.' : ' Compare it with the chart below.';
  out.className = `prediction-check ${state}`;
  out.replaceChildren(markNode, ' You predicted ', strong(`“${check.predicted}”`), ';', ...measured, after);
  out.hidden = false;
}

/** After the first run, the answer given stays the answer: the choices are fixed and it is sent with later runs. */
export function lockPrediction(section, predicted) {
  const fieldset = section && section.querySelector('.prediction');
  if (!fieldset || !predicted || fieldset.dataset.locked) return;
  fieldset.dataset.locked = 'true';
  const radios = [...fieldset.querySelectorAll('input[type=radio]')];
  radios.forEach((radio) => {
    radio.checked = radio.value === predicted;
    radio.disabled = true;
  });
  const text = fieldset.querySelector('input[type=text]');
  if (text) text.readOnly = true;
  if (radios.length && !fieldset.querySelector('input[type=hidden][name=prediction]')) {
    fieldset.append(Object.assign(document.createElement('input'), { type: 'hidden', name: 'prediction', value: predicted }));
  }
  if (!fieldset.querySelector('.prediction-locked')) {
    fieldset.append(Object.assign(document.createElement('p'), {
      className: 'prediction-locked', textContent: 'Your first prediction is kept: a guess made after seeing a result teaches less.',
    }));
  }
}
