// "Run on every interpreter": one run per interpreter the server has (POST /api/runs/compare), their
// progress in the experiment's run area, and one grouped chart, each run with its fingerprint, when all ended.
(function () {
  "use strict";

  var POLL_MS = 600;
  var csrf = document.querySelector('meta[name="csrf-token"]');

  function note(text, kind) {
    var p = document.createElement("p");
    p.className = "run-note" + (kind ? " " + kind : "");
    p.textContent = text;
    return p;
  }

  /** The form as the run API's JSON body: the same fields the Run button posts. */
  function body(form, section) {
    var params = {};
    var prediction = null;
    var code = null;
    new FormData(form).forEach(function (value, name) {
      if (name.indexOf("param.") === 0) params[name.slice("param.".length)] = value;
      else if (name === "prediction" && String(value).trim()) prediction = value;
      else if (name === "code") code = value;
    });
    return JSON.stringify({
      lesson: section.dataset.lesson,
      experiment: section.dataset.experiment,
      params: params,
      prediction: prediction,
      code: code,
    });
  }

  function describe(run) {
    switch (run.status) {
      case "queued": return run.interpreter + ": waiting in the queue" + (run.position > 0 ? " (position " + run.position + ")" : "") + ".";
      case "running": return run.interpreter + ": running.";
      case "done": return run.interpreter + ": finished.";
      default: return run.interpreter + ": " + (run.error || "the run did not finish.");
    }
  }

  function finished(run) {
    return run.status !== "queued" && run.status !== "running";
  }

  function fetchRun(id) {
    return fetch("/api/runs/" + encodeURIComponent(id), { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  function follow(section, started, button) {
    var area = section.querySelector(".run-area");
    var target = section.querySelector(".run-result");
    var runs = started.map(function (s) { return { id: s.id, interpreter: s.interpreter, status: s.status, position: s.position }; });

    function show() {
      area.replaceChildren.apply(area, runs.map(function (run) {
        return note(describe(run), run.status === "done" ? "ok" : finished(run) ? "problem" : null);
      }));
    }

    function draw() {
      button.disabled = false;
      // The runs read back from the server (each has its lesson then) join the history, in one refresh.
      var ended = runs.filter(function (run) { return run.lesson; });
      if (ended.length) section.dispatchEvent(new CustomEvent("gillab:finished", { bubbles: true, detail: ended }));
      var drawn = runs.filter(function (run) { return run.result; });
      if (!drawn.length) return;
      window.GilResults.compare(target, drawn, {
        labels: drawn.map(function (run) { return run.interpreter; }),
        filename: drawn[0].experiment + "-interpreters",
      });
      section.dispatchEvent(new CustomEvent("gillab:rendered", { bubbles: true, detail: drawn }));
    }

    function poll() {
      var open = runs.filter(function (run) { return !finished(run); });
      if (!open.length) return draw();
      Promise.all(open.map(function (run) {
        return fetchRun(run.id).then(function (fresh) { runs[runs.indexOf(run)] = fresh; });
      })).then(function () {
        show();
        setTimeout(poll, POLL_MS);
      }).catch(function (error) {
        button.disabled = false;
        area.append(note("The runs' progress could not be loaded (" + error.message + "). Reload the page to see them.", "problem"));
      });
    }

    show();
    poll();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".compare-interpreters");
    if (!button) return;
    var form = button.closest("form");
    var section = button.closest(".experiment");
    var area = section.querySelector(".run-area");
    var headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (csrf) headers["X-CSRF-Token"] = csrf.content;
    button.disabled = true;
    if (window.GilResults) window.GilResults.destroy(section.querySelector(".run-result"));
    area.replaceChildren(note("Starting one run per interpreter…"));
    fetch("/api/runs/compare", { method: "POST", headers: headers, body: body(form, section) })
      .then(function (response) {
        return response.json().then(function (answer) {
          if (!response.ok) throw new Error(answer.error || "HTTP " + response.status);
          return answer.runs;
        });
      })
      .then(function (runs) { follow(section, runs, button); })
      .catch(function (error) {
        button.disabled = false;
        area.replaceChildren(note(error.message, "problem"));
      });
  });
})();
