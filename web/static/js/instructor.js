// Instructor dashboard: draws the class's speedup histograms and prediction counts from /instructor/results.json,
// in the page's chart colours, and again when the theme changes.

import { getJson } from './api.js';
import { readTheme, onThemeChange } from './chart-theme.js';

let charts = [];

function axis(theme, title) {
  return {
    beginAtZero: true,
    title: { display: true, text: title, color: theme.text },
    ticks: { color: theme.text, precision: 0 },
    grid: { color: theme.grid },
  };
}

function options(theme, xTitle, yTitle, horizontal) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: theme.still ? false : { duration: 250 },
    indexAxis: horizontal ? 'y' : 'x',
    plugins: { legend: { display: false } },
    scales: { x: axis(theme, xTitle), y: axis(theme, yTitle) },
  };
}

// Bars are labelled by where they start (short enough for 20 bars); the tooltip gives the whole range.
function speedupChart(canvas, experiment, theme) {
  const bins = experiment.speedups;
  const chartOptions = options(theme, 'speedup (×), by where each bar starts', 'runs', false);
  chartOptions.plugins.tooltip = {
    callbacks: {
      title: (items) => {
        const bin = bins[items[0].dataIndex];
        return `${bin.from}× to ${bin.to}×`;
      },
    },
  };
  return new window.Chart(canvas, {
    type: 'bar',
    data: {
      labels: bins.map((b) => String(b.from)),
      datasets: [{ label: 'runs', data: bins.map((b) => b.count), backgroundColor: theme.series[0], barPercentage: 1, categoryPercentage: 0.95 }],
    },
    options: chartOptions,
  });
}

function predictionChart(canvas, experiment, theme) {
  const answers = experiment.predictions;
  return new window.Chart(canvas, {
    type: 'bar',
    data: {
      labels: answers.map((p) => p.option),
      datasets: [{ label: 'runs', data: answers.map((p) => p.runs), backgroundColor: theme.series[1] }],
    },
    options: options(theme, 'runs', '', true),
  });
}

function draw(results) {
  charts.forEach((chart) => chart.destroy());
  charts = [];
  const byKey = new Map();
  results.lessons.forEach((lesson) => lesson.experiments.forEach((x) => byKey.set(`${x.lesson}/${x.id}`, x)));
  const theme = readTheme();
  document.querySelectorAll('canvas.class-chart[data-key]').forEach((canvas) => {
    const experiment = byKey.get(canvas.dataset.key);
    if (!experiment) return;
    charts.push(canvas.dataset.chart === 'predictions' ? predictionChart(canvas, experiment, theme) : speedupChart(canvas, experiment, theme));
  });
}

if (window.Chart && document.querySelector('canvas.class-chart')) {
  getJson('/instructor/results.json')
    .then((results) => {
      draw(results);
      onThemeChange(() => draw(results));
    })
    .catch((error) => {
      document.querySelectorAll('canvas.class-chart').forEach((canvas) => {
        const note = document.createElement('p');
        note.className = 'empty';
        note.textContent = `The chart could not be loaded (${error.message}); the table below has the numbers.`;
        canvas.replaceWith(note);
      });
    });
}
