// "Run again" beside one run of a comparison runs that run again: before the form is sent, it is set (visibly,
// like every other change of the form) to that run's interpreter and parameters.

/** Sets the experiment's form to the run's interpreter and parameters; the code stays as the editor has it. */
export function matchRun(form, run) {
  const select = form.querySelector('select[name=interpreter]');
  if (select && run.interpreter && [...select.options].some((o) => o.value === run.interpreter && !o.disabled)) {
    select.value = run.interpreter;
  }
  Object.entries(run.params || {}).forEach(([name, value]) => {
    form.querySelectorAll(`[name='param.${CSS.escape(name)}']`).forEach((field) => {
      if (field.type === 'hidden') return;
      if (field.type === 'checkbox') field.checked = value === true || value === 'true';
      else field.value = String(value);
      // The number box tells its slider, as if the student had typed.
      field.dispatchEvent(new Event('input', { bubbles: true }));
    });
  });
}
