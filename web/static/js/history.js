// An experiment's list of the student's runs: show an older run, overlay several on one chart, and
// refresh the list (and the table of contents' marks) when a new run ends.
(function () {
  "use strict";

  var timeFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });

  function fetchRun(id) {
    return fetch("/api/runs/" + encodeURIComponent(id), { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  function localTimes(root) {
    root.querySelectorAll(".history time[datetime]").forEach(function (time) {
      var when = new Date(time.getAttribute("datetime"));
      if (!isNaN(when)) time.textContent = timeFormat.format(when);
    });
  }

  function say(section, text) {
    var area = section.querySelector(".run-area");
    area.replaceChildren();
    var note = document.createElement("p");
    note.className = "run-note";
    note.textContent = text;
    area.append(note);
  }

  function show(section, id, label) {
    var target = section.querySelector(".run-result");
    fetchRun(id).then(function (run) {
      window.GilResults.render(target, run, { filename: run.experiment + "-" + run.id.slice(0, 8) });
      say(section, "Showing your run of " + label + ".");
    }).catch(function (error) {
      say(section, "That run could not be loaded (" + error.message + ").");
    });
  }

  function compare(section) {
    var picked = Array.prototype.map.call(section.querySelectorAll(".compare-pick:checked"), function (box) {
      return box.value;
    });
    if (picked.length < 2) return;
    var times = picked.map(function (id) {
      return section.querySelector(".history-item[data-run-id='" + id + "'] time").textContent;
    });
    Promise.all(picked.map(fetchRun)).then(function (runs) {
      // Runs that differ only in their code get told apart by when they ran.
      var labels = window.GilResults.runLabels(runs).map(function (label, i) {
        return /^run \d+/.test(label) ? times[i] : label;
      });
      window.GilResults.compare(section.querySelector(".run-result"), runs, { labels: labels, filename: runs[0].experiment + "-compare" });
      say(section, "Comparing " + runs.length + " runs: " + labels.join(" / ") + ".");
    }).catch(function (error) {
      say(section, "The runs could not be loaded (" + error.message + ").");
    });
  }

  function syncCompareButton(history) {
    var button = history.querySelector(".compare-button");
    if (button) button.disabled = history.querySelectorAll(".compare-pick:checked").length < 2;
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches(".compare-pick")) syncCompareButton(event.target.closest(".history"));
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".history button");
    if (!button) return;
    var section = button.closest(".experiment");
    if (button.matches(".show-run")) {
      var item = button.closest(".history-item");
      show(section, item.dataset.runId, item.querySelector("time").textContent);
    } else if (button.matches(".compare-button")) {
      compare(section);
    }
  });

  function markToc(run) {
    var item = document.querySelector(".toc-experiments li[data-experiment='" + run.experiment + "']");
    if (!item) return;
    if (run.status === "done") item.classList.add("ran");
    if (run.prediction) item.classList.add("predicted");
    var ran = item.classList.contains("ran");
    var predicted = item.classList.contains("predicted");
    item.querySelector(".toc-state").textContent = ran ? (predicted ? "run, predicted" : "run") : (predicted ? "predicted" : "not run yet");
  }

  // Runs just ended on this page (one, or one per interpreter): list them, open the list, and mark the
  // experiment in the contents.
  document.addEventListener("gillab:finished", function (event) {
    var section = event.target.closest(".experiment");
    var history = section && section.querySelector(".history");
    var runs = [].concat(event.detail);
    runs.forEach(markToc);
    if (!history || !window.htmx) return;
    section.dataset.runs = String(Number(section.dataset.runs || 0) + runs.length);
    window.htmx.ajax("GET", history.dataset.url, { target: history, swap: "outerHTML" }).then(function () {
      var fresh = section.querySelector(".history");
      localTimes(fresh);
      var panel = fresh.querySelector("details");
      if (panel) panel.open = true;
    });
  });

  document.addEventListener("DOMContentLoaded", function () { localTimes(document); });
})();
