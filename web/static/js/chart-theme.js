// Chart colours from the page's CSS variables (site.css sets them for light and dark), and one watcher that
// tells every chart on the page when they change: the theme toggle or the system's light/dark setting.

const FALLBACK = {
  '--chart-text': '#1f2328', '--chart-grid': 'rgba(31,35,40,0.15)', '--chart-running': '#0072b2',
  '--chart-waiting': '#b8c4d0', '--chart-io': '#e69f00', '--chart-ideal': '#009e73', '--chart-naive': '#6e7781',
  '--series-1': '#0072b2', '--series-2': '#e69f00', '--series-3': '#cc79a7', '--series-4': '#d55e00',
  '--series-5': '#56b4e9', '--series-6': '#882255', '--series-7': '#999933', '--series-8': '#332288',
};

/** How many run colours the page defines (--series-1 … --series-8); run i of a comparison gets colour i. */
export const RUN_COLOURS = 8;

/** The colours and font a chart inside `element` should use now. */
export function readTheme(element = document.documentElement) {
  const style = getComputedStyle(element);
  const v = (name) => style.getPropertyValue(name).trim() || FALLBACK[name];
  return {
    text: v('--chart-text'), grid: v('--chart-grid'), running: v('--chart-running'), waiting: v('--chart-waiting'),
    io: v('--chart-io'), ideal: v('--chart-ideal'), naive: v('--chart-naive'), surface: v('--results-surface'),
    series: Array.from({ length: RUN_COLOURS }, (_, i) => v(`--series-${i + 1}`)),
    font: style.fontFamily,
    still: window.matchMedia('(prefers-reduced-motion: reduce)').matches,
  };
}

/** Diagonal stripes over a base colour: marks noisy bars and waiting spans without relying on colour. */
export function hatch(base, stripe) {
  const tile = document.createElement('canvas');
  tile.width = tile.height = 8;
  const g = tile.getContext('2d');
  g.fillStyle = base;
  g.fillRect(0, 0, 8, 8);
  g.strokeStyle = stripe;
  g.lineWidth = 1.5;
  g.beginPath();
  for (const offset of [-8, 0, 8]) {
    g.moveTo(offset, 8);
    g.lineTo(offset + 8, 0);
  }
  g.stroke();
  return g.createPattern(tile, 'repeat');
}

export function translucent(color, alpha) {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const n = parseInt(m[1], 16);
  return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${alpha})`;
}

const listeners = new Set();
const themeKey = () => ['--chart-text', '--chart-running', '--series-1']
  .map((name) => getComputedStyle(document.documentElement).getPropertyValue(name)).join();
let drawnTheme = null;

function changed() {
  const key = themeKey();
  if (key === drawnTheme) return;
  drawnTheme = key;
  listeners.forEach((listener) => listener());
}

/** Calls `listener` whenever the chart colours change; the watching starts with the first listener. */
export function onThemeChange(listener) {
  if (drawnTheme === null) {
    drawnTheme = themeKey();
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', changed);
    new MutationObserver(changed).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] });
  }
  listeners.add(listener);
}
