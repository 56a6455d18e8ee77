// The live charts of the page: created once their canvas is in the document, drawn again in the new colours
// when the theme changes, and freed when their container is emptied or htmx swaps them out.

import { readTheme, onThemeChange } from '../chart-theme.js';

const mounted = new Map(); // canvas -> function(theme) returning its Chart.js config

export function mount(canvas, configFor) {
  mounted.set(canvas, configFor);
  return new window.Chart(canvas, configFor(readTheme(canvas)));
}

export function free(canvas) {
  const chart = window.Chart && window.Chart.getChart(canvas);
  if (chart) chart.destroy();
  mounted.delete(canvas);
}

onThemeChange(() => {
  for (const [canvas, configFor] of mounted) {
    if (!canvas.isConnected) {
      free(canvas);
      continue;
    }
    const chart = window.Chart.getChart(canvas);
    if (chart) chart.destroy();
    new window.Chart(canvas, configFor(readTheme(canvas)));
  }
});

// htmx removes swapped-out content element by element; free any chart inside it.
document.addEventListener('htmx:beforeCleanupElement', (event) => {
  if (mounted.has(event.target)) free(event.target);
});
