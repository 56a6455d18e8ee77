/*
 * Drives web/static/demo/results-demo.html: draws each fixture named by data-fixture, compares the runs
 * named by data-compare, and draws a run JSON the visitor opens. When everything is drawn, <html> gets
 * data-demo="ready" (or "failed", with the reason in #demo-status) so browser tests know when to look.
 */
(function () {
  'use strict';

  const base = document.body.dataset.fixtures || '/fixtures/results/';
  const status = document.getElementById('demo-status');
  const cache = new Map();

  function load(name) {
    if (!cache.has(name)) {
      cache.set(name, fetch(base + name).then((response) => {
        if (!response.ok) throw new Error(`${base}${name}: HTTP ${response.status}`);
        return response.json();
      }));
    }
    // Each caller gets its own copy, so a demo that changes a run cannot change another's.
    return cache.get(name).then((run) => structuredClone(run));
  }

  function withChart(run, chart) {
    if (chart) run.result.chart = chart;
    return run;
  }

  function drawAll() {
    const singles = [...document.querySelectorAll('[data-fixture]')].map((container) =>
      load(container.dataset.fixture).then((run) => GilResults.render(container, run)));
    const pairs = [...document.querySelectorAll('[data-compare]')].map((container) =>
      Promise.all(container.dataset.compare.split(/\s+/).map(load))
        .then((runs) => GilResults.compare(container, runs.map((run) => withChart(run, container.dataset.chart)))));
    return Promise.all([...singles, ...pairs]);
  }

  function finish(promise) {
    document.documentElement.dataset.demo = 'drawing';
    promise.then(() => {
      document.documentElement.dataset.demo = 'ready';
      status.textContent = `Drew ${document.querySelectorAll('.gil-results').length} results.`;
    }, (error) => {
      document.documentElement.dataset.demo = 'failed';
      status.textContent = `Could not draw the demo: ${error.message}`;
    });
  }

  document.getElementById('demo-theme').addEventListener('change', (event) => {
    if (event.target.value) document.documentElement.dataset.theme = event.target.value;
    else delete document.documentElement.dataset.theme;
  });

  document.getElementById('demo-rerender').addEventListener('click', () => finish(drawAll()));

  document.getElementById('demo-file').addEventListener('change', (event) => {
    const file = event.target.files[0];
    if (!file) return;
    const section = document.getElementById('mine');
    file.text().then((text) => {
      const parsed = JSON.parse(text);
      const target = document.getElementById('mine-result');
      document.getElementById('mine-name').textContent = file.name;
      section.hidden = false;
      if (Array.isArray(parsed)) GilResults.compare(target, parsed);
      else GilResults.render(target, parsed);
      section.scrollIntoView();
    }).catch((error) => {
      status.textContent = `${file.name} is not a run JSON: ${error.message}`;
    });
  });

  finish(drawAll());
})();
