// Lesson page behaviour: parameter controls and their inline checks, the prediction nudge, progress while
// a run waits and runs, drawing a run's result when it ends, and "run all".
(function () {
  "use strict";

  var csrf = document.querySelector('meta[name="csrf-token"]');

  // htmx form posts and cancels carry the page's CSRF token.
  document.addEventListener("htmx:configRequest", function (event) {
    if (csrf) event.detail.headers["X-CSRF-Token"] = csrf.content;
  });

  // ------------------------------------------------------------ parameters

  function labelOf(input) {
    var label = document.querySelector("label[for='" + input.id + "']");
    return label ? label.textContent.trim() : input.name;
  }

  /** The sentence to show under a parameter, or "" when its value is fine. */
  function problemOf(input) {
    var v = input.validity;
    if (v.valid) return "";
    var name = labelOf(input);
    if (v.valueMissing || v.badInput) return name + " needs a number.";
    if (v.rangeUnderflow || v.rangeOverflow) return name + " must be between " + input.min + " and " + input.max + ".";
    if (v.stepMismatch) return name + " must be a whole number.";
    return name + ": " + input.validationMessage;
  }

  function check(input) {
    var message = problemOf(input);
    var note = document.getElementById(input.id + "-error");
    if (note) {
      note.textContent = message;
      note.hidden = !message;
    }
    input.setAttribute("aria-invalid", message ? "true" : "false");
    return !message;
  }

  // A slider and its number box show the same value; the box is checked as the student types.
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input.matches("input[type=range][data-mirror]")) {
      var box = document.getElementById(input.dataset.mirror);
      if (box) {
        box.value = input.value;
        check(box);
      }
    } else if (input.matches(".param-range input[type=number]")) {
      var slider = document.getElementById(input.id + "-slider");
      if (check(input) && slider) slider.value = input.value;
    }
  });

  // ------------------------------------------------------------ before a run is sent

  function validParams(form) {
    var first = null;
    form.querySelectorAll(".param input[type=number], .param input[type=text]").forEach(function (input) {
      if (!check(input) && !first) first = input;
    });
    if (first) first.focus();
    return !first;
  }

  /** Before an experiment's first run, ask once for a prediction; a second press runs anyway. */
  function predictionGiven(form) {
    var fieldset = form.querySelector(".prediction");
    var section = form.closest(".experiment");
    if (!fieldset || form.dataset.nudged || Number(section.dataset.runs || 0) > 0) return true;
    var chosen = fieldset.querySelector("input[type=radio]:checked") ||
      Array.prototype.some.call(fieldset.querySelectorAll("input[type=text]"), function (t) { return t.value.trim(); });
    if (chosen) return true;
    form.dataset.nudged = "true";
    fieldset.querySelector(".prediction-nudge").hidden = false;
    fieldset.querySelector("input").focus();
    return false;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches(".run-form")) return;
    if (!validParams(form) || (!form.dataset.unattended && !predictionGiven(form))) {
      event.preventDefault();
      return;
    }
    var nudge = form.querySelector(".prediction-nudge");
    if (nudge) nudge.hidden = true;
    var result = form.closest(".experiment").querySelector(".run-result");
    if (window.GilResults) window.GilResults.destroy(result);
  });

  // ------------------------------------------------------------ progress while waiting and running

  // The server reports progress when the experiment does; between reports the clock keeps moving here.
  var ticking = null;
  function tick() {
    var running = document.querySelectorAll(".run-progress[data-status=running]");
    if (!running.length) {
      clearInterval(ticking);
      ticking = null;
      return;
    }
    var now = performance.now();
    running.forEach(function (progress) {
      if (!progress.dataset.seenAt) progress.dataset.seenAt = String(now);
      var elapsed = Number(progress.dataset.elapsed || 0) + (now - Number(progress.dataset.seenAt)) / 1000;
      var limit = Number(progress.dataset.limit || 0);
      if (limit) elapsed = Math.min(elapsed, limit);
      var text = progress.querySelector(".run-elapsed");
      if (text) text.textContent = elapsed.toFixed(1) + " s";
      var bar = progress.querySelector("progress.time-used");
      if (bar) bar.value = elapsed;
    });
  }
  function startTicking() {
    if (!ticking && document.querySelector(".run-progress[data-status=running]")) ticking = setInterval(tick, 200);
  }

  // ------------------------------------------------------------ results

  function drawFinished(root, fresh) {
    root.querySelectorAll(".run-finished[data-run-id]:not([data-drawn])").forEach(function (note) {
      note.setAttribute("data-drawn", "true");
      var section = note.closest(".experiment");
      var target = section && section.querySelector(".run-result");
      if (!target || !window.GilResults) return;
      fetch("/api/runs/" + encodeURIComponent(note.dataset.runId), { headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (run) {
          window.GilResults.render(target, run, { filename: run.experiment + "-" + run.id.slice(0, 8) });
          section.dispatchEvent(new CustomEvent("gillab:rendered", { bubbles: true, detail: run }));
          if (fresh) section.dispatchEvent(new CustomEvent("gillab:finished", { bubbles: true, detail: run }));
        })
        .catch(function (error) {
          target.textContent = "The result could not be loaded (" + error.message + "). Reload the page to try again.";
        });
    });
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    drawFinished(event.target, true);
    startTicking();
  });
  document.addEventListener("htmx:sseMessage", function (event) {
    drawFinished(event.target, true);
    startTicking();
  });

  // ------------------------------------------------------------ run all

  function settled(area) {
    return area.querySelector(".run-finished, .run-note.problem") !== null &&
      area.querySelector(".run-progress[data-status=queued], .run-progress[data-status=running]") === null;
  }

  /** Runs every experiment of the page in turn, each after the previous one ended; returns a way to stop. */
  function runAll(sections, say, done) {
    var at = 0;
    var stopped = false;
    function next() {
      if (stopped) return done("Stopped after " + at + " of " + sections.length + " experiments.");
      if (at >= sections.length) return done("Ran all " + sections.length + " experiments.");
      var section = sections[at];
      var form = section.querySelector(".run-form");
      var area = section.querySelector(".run-area");
      say("Running " + (at + 1) + " of " + sections.length + ": " + section.querySelector("h3").textContent);
      area.replaceChildren();
      form.dataset.unattended = "true";
      form.requestSubmit(form.querySelector(".run-button"));
      delete form.dataset.unattended;
      var wait = setInterval(function () {
        if (stopped || area.childElementCount && settled(area)) {
          clearInterval(wait);
          if (!stopped) at++;
          next();
        }
      }, 300);
    }
    next();
    return function stop() {
      stopped = true;
      var cancel = sections[at] && sections[at].querySelector(".cancel-run");
      if (cancel) cancel.click();
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var all = document.querySelector(".run-all");
    if (all) {
      var status = document.querySelector(".run-all-status");
      var stop = null;
      all.hidden = false;
      all.addEventListener("click", function () {
        if (stop) {
          stop();
          return;
        }
        all.textContent = "Stop";
        stop = runAll(Array.prototype.slice.call(document.querySelectorAll(".experiment")),
          function (text) { status.textContent = text; },
          function (text) {
            status.textContent = text;
            all.textContent = "Run all experiments";
            stop = null;
          });
      });
    }
    if (window.hljs) {
      document.querySelectorAll(".prose pre code").forEach(function (block) { window.hljs.highlightElement(block); });
    }
    drawFinished(document, false);
    startTicking();
  });
})();
