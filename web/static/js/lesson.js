// Lesson page behaviour: code highlighting, parameter sliders, and drawing a run's result when it ends.
(function () {
  "use strict";

  var csrf = document.querySelector('meta[name="csrf-token"]');

  // htmx form posts and cancels carry the page's CSRF token.
  document.addEventListener("htmx:configRequest", function (event) {
    if (csrf) event.detail.headers["X-CSRF-Token"] = csrf.content;
  });

  // A slider and its number box show the same value.
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input.matches("input[type=range][data-mirror]")) {
      var box = document.getElementById(input.dataset.mirror);
      if (box) box.value = input.value;
    } else if (input.matches(".param-range input[type=number]")) {
      var slider = document.getElementById(input.id + "-slider");
      if (slider) slider.value = input.value;
    }
  });

  function drawFinished(root) {
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
        })
        .catch(function (error) {
          target.textContent = "The result could not be loaded (" + error.message + "). Reload the page to try again.";
        });
    });
  }

  document.addEventListener("htmx:afterSettle", function (event) { drawFinished(event.target); });
  document.addEventListener("htmx:sseMessage", function (event) { drawFinished(event.target); });

  document.addEventListener("DOMContentLoaded", function () {
    if (window.hljs) {
      document.querySelectorAll(".prose pre code, .experiment-code pre code").forEach(function (block) {
        window.hljs.highlightElement(block);
      });
    }
    drawFinished(document);
  });
})();
