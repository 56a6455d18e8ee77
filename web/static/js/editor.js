// The experiment code editor: CodeMirror over the form's textarea, which it keeps in sync, so the form
// (and htmx) posts whatever is in the editor. Without CodeMirror the plain textarea still works.
(function () {
  "use strict";

  var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function runForm(form) {
    var button = form.querySelector(".run-button");
    if (form.requestSubmit) form.requestSubmit(button); else button.click();
  }

  function markEdited(textarea) {
    var note = textarea.form.querySelector(".code-edited");
    if (note) note.hidden = textarea.value === textarea.dataset.lessonCode;
  }

  function attach(textarea) {
    var form = textarea.form;
    var label = form.querySelector("label[for='" + textarea.id + "']");
    var editor = window.CodeMirror.fromTextArea(textarea, {
      mode: "python",
      lineNumbers: true,
      indentUnit: 4,
      tabSize: 4,
      indentWithTabs: false,
      matchBrackets: true,
      viewportMargin: Infinity,
      cursorBlinkRate: still ? 0 : 530,
      screenReaderLabel: "Python code of the experiment. Shift+Enter runs it; Escape leaves the editor.",
      extraKeys: {
        "Shift-Enter": function () { runForm(form); },
        "Ctrl-Enter": function () { runForm(form); },
        "Cmd-Enter": function () { runForm(form); },
        // Tab indents inside the editor, so Escape is the way out to the rest of the page.
        "Esc": function () { form.querySelector(".run-button").focus(); },
        "Tab": function (cm) {
          if (cm.somethingSelected()) cm.indentSelection("add");
          else cm.replaceSelection(" ".repeat(cm.getOption("indentUnit") - cm.getCursor().ch % cm.getOption("indentUnit")));
        },
        "Shift-Tab": function (cm) { cm.indentSelection("subtract"); }
      }
    });
    editor.on("change", function () {
      editor.save();
      markEdited(textarea);
    });
    if (label) label.addEventListener("click", function () { editor.focus(); });
    form.querySelector(".reset-code").addEventListener("click", function () {
      editor.setValue(textarea.dataset.lessonCode);
      editor.focus();
    });
    textarea.gilEditor = editor;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea.code-source").forEach(function (textarea) {
      if (window.CodeMirror) {
        attach(textarea);
      } else {
        textarea.form.querySelector(".reset-code").addEventListener("click", function () {
          textarea.value = textarea.dataset.lessonCode;
          markEdited(textarea);
        });
        textarea.addEventListener("input", function () { markEdited(textarea); });
      }
    });
  });
})();
