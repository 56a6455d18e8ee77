// Instructor dashboard: draws the class's speedup histograms and prediction counts from /instructor/results.json.
(function () {
  "use strict";

  var charts = [];

  function theme() {
    var style = getComputedStyle(document.documentElement);
    function v(name, fallback) { return style.getPropertyValue(name).trim() || fallback; }
    return {
      text: v("--chart-text", "#1f2328"),
      grid: v("--chart-grid", "rgba(31,35,40,0.15)"),
      bars: v("--series-1", "#0072b2"),
      answers: v("--series-2", "#e69f00"),
      font: style.fontFamily,
      still: window.matchMedia("(prefers-reduced-motion: reduce)").matches
    };
  }

  function axis(t, title) {
    return {
      beginAtZero: true,
      title: { display: true, text: title, color: t.text },
      ticks: { color: t.text, precision: 0 },
      grid: { color: t.grid }
    };
  }

  function options(t, xTitle, yTitle, horizontal) {
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: t.still ? false : { duration: 250 },
      indexAxis: horizontal ? "y" : "x",
      plugins: { legend: { display: false } },
      scales: { x: axis(t, xTitle), y: axis(t, yTitle) }
    };
  }

  // Bars are labelled by where they start (short enough for 20 bars); the tooltip gives the whole range.
  function speedupChart(canvas, experiment, t) {
    var bins = experiment.speedups;
    var chartOptions = options(t, "speedup (×), by where each bar starts", "runs", false);
    chartOptions.plugins.tooltip = { callbacks: { title: function (items) {
      var bin = bins[items[0].dataIndex];
      return bin.from + "× to " + bin.to + "×";
    } } };
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: bins.map(function (b) { return String(b.from); }),
        datasets: [{ label: "runs", data: bins.map(function (b) { return b.count; }), backgroundColor: t.bars,
          barPercentage: 1, categoryPercentage: 0.95 }]
      },
      options: chartOptions
    });
  }

  function predictionChart(canvas, experiment, t) {
    var answers = experiment.predictions;
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: answers.map(function (p) { return p.option; }),
        datasets: [{ label: "runs", data: answers.map(function (p) { return p.runs; }), backgroundColor: t.answers }]
      },
      options: options(t, "runs", "", true)
    });
  }

  function draw(results) {
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
    var byKey = {};
    results.lessons.forEach(function (lesson) {
      lesson.experiments.forEach(function (x) { byKey[x.lesson + "/" + x.id] = x; });
    });
    var t = theme();
    document.querySelectorAll("canvas.class-chart[data-key]").forEach(function (canvas) {
      var experiment = byKey[canvas.dataset.key];
      if (!experiment) return;
      charts.push(canvas.dataset.chart === "predictions"
        ? predictionChart(canvas, experiment, t)
        : speedupChart(canvas, experiment, t));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Chart || !document.querySelector("canvas.class-chart")) return;
    fetch("/instructor/results.json", { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (results) {
        draw(results);
        document.addEventListener("gillab:theme", function () { draw(results); });
      })
      .catch(function (error) {
        document.querySelectorAll("canvas.class-chart").forEach(function (canvas) {
          var note = document.createElement("p");
          note.className = "empty";
          note.textContent = "The chart could not be loaded (" + error.message + "); the table below has the numbers.";
          canvas.replaceWith(note);
        });
      });
  });
})();
