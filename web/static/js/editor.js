// The experiment code editor: CodeMirror over the form's textarea, which it keeps in sync, so the form
// (and htmx) posts whatever is in the editor. Without CodeMirror the plain textarea still works.

const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

function runForm(form) {
  const button = form.querySelector('.run-button');
  if (form.requestSubmit) form.requestSubmit(button); else button.click();
}

// The page shows the code of the student's latest run. "Reset" is remembered in this browser against that code,
// so a reload keeps showing the lesson's code until a new run replaces it. gilLatestCode follows the runs made
// since the page loaded (the form is not re-rendered by a run).
function resetKey(textarea) {
  return `gillab-reset:${window.location.pathname}:${textarea.id}`;
}

function rememberReset(textarea) {
  try {
    localStorage.setItem(resetKey(textarea), textarea.gilLatestCode);
  } catch (e) { /* storage refused: the reset lasts until the reload, as before */ }
}

function forgetReset(textarea) {
  try {
    localStorage.removeItem(resetKey(textarea));
  } catch (e) { /* nothing remembered */ }
}

function applyRememberedReset(textarea) {
  // A run makes its own code the latest one, so the remembered reset has done its work.
  textarea.gilLatestCode = textarea.defaultValue;
  textarea.form.addEventListener('htmx:afterRequest', (event) => {
    if (event.target !== textarea.form || !event.detail.successful) return;
    textarea.gilLatestCode = textarea.value;
    forgetReset(textarea);
  });
  try {
    const discarded = localStorage.getItem(resetKey(textarea));
    if (discarded === null) return;
    if (discarded === textarea.defaultValue) textarea.value = textarea.dataset.lessonCode;
    else forgetReset(textarea);
  } catch (e) { /* storage refused: show what the server sent */ }
}

function markEdited(textarea) {
  const note = textarea.form.querySelector('.code-edited');
  if (note) note.hidden = textarea.value === textarea.dataset.lessonCode;
}

/**
 * Folds the experiment's header (its leading "# key: value" lines) into one line that opens on a click, so the
 * code that does the work, and the chart below it, come first. Editing or running is unaffected.
 */
function foldHeader(editor) {
  let end = 0;
  while (end < editor.lineCount() && /^#\s*[A-Za-z_-]+\s*:/.test(editor.getLine(end))) end += 1;
  if (end < 2) return;
  const widget = document.createElement('button');
  widget.type = 'button';
  widget.className = 'code-fold';
  widget.textContent = `# ${end} header lines (title, prediction, parameters): show them`;
  const mark = editor.markText({ line: 0, ch: 0 }, { line: end - 1, ch: editor.getLine(end - 1).length },
    { replacedWith: widget, clearOnEnter: true, inclusiveLeft: false, inclusiveRight: false });
  widget.addEventListener('click', () => {
    mark.clear();
    editor.focus();
  });
}

function attach(textarea) {
  const form = textarea.form;
  const label = form.querySelector(`label[for='${textarea.id}']`);
  const editor = window.CodeMirror.fromTextArea(textarea, {
    mode: 'python',
    lineNumbers: true,
    indentUnit: 4,
    tabSize: 4,
    indentWithTabs: false,
    matchBrackets: true,
    viewportMargin: Infinity,
    cursorBlinkRate: still ? 0 : 530,
    screenReaderLabel: 'Python code of the experiment. Shift+Enter runs it; Escape leaves the editor.',
    extraKeys: {
      'Shift-Enter': () => runForm(form),
      'Ctrl-Enter': () => runForm(form),
      'Cmd-Enter': () => runForm(form),
      // Tab indents inside the editor, so Escape is the way out to the rest of the page.
      Esc: () => form.querySelector('.run-button').focus(),
      Tab: (cm) => {
        const unit = cm.getOption('indentUnit');
        if (cm.somethingSelected()) cm.indentSelection('add');
        else cm.replaceSelection(' '.repeat(unit - (cm.getCursor().ch % unit)));
      },
      'Shift-Tab': (cm) => cm.indentSelection('subtract'),
    },
  });
  editor.on('change', () => {
    editor.save();
    markEdited(textarea);
  });
  if (label) label.addEventListener('click', () => editor.focus());
  form.querySelector('.reset-code').addEventListener('click', () => {
    editor.setValue(textarea.dataset.lessonCode);
    rememberReset(textarea);
    foldHeader(editor);
    editor.focus();
  });
  foldHeader(editor);
  textarea.gilEditor = editor;
}

// A module runs once the document is parsed: every textarea is there.
document.querySelectorAll('textarea.code-source').forEach((textarea) => {
  applyRememberedReset(textarea);
  markEdited(textarea);
  if (window.CodeMirror) {
    attach(textarea);
    return;
  }
  textarea.form.querySelector('.reset-code').addEventListener('click', () => {
    textarea.value = textarea.dataset.lessonCode;
    rememberReset(textarea);
    markEdited(textarea);
  });
  textarea.addEventListener('input', () => markEdited(textarea));
});
