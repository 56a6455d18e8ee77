/*
 * GIL Lab: draws an experiment run (the JSON of GET /api/runs/{id}, see docs/api.md) in the browser.
 *
 *   GilResults.render(container, run, options)   one run: chart, summary, data table, fingerprint,
 *                                                 warnings, metrics, CSV/JSON downloads, stdout/stderr
 *   GilResults.compare(container, runs, options) two or more runs of one experiment on one chart
 *   GilResults.destroy(container)                frees the Chart.js instances and empties the container
 *
 * Needs Chart.js 4 as window.Chart; without it the tables are still shown. Every string that comes
 * from a run (labels, variants, lanes, summaries, output) is written as text, never parsed as HTML.
 */
(function () {
  'use strict';

  // ---------------------------------------------------------------- DOM and formatting helpers

  /** Builds an element; attributes are set literally and children appended as nodes or plain text. */
  function h(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value == null || value === false) continue;
      if (key === 'class') node.className = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of [].concat(children == null ? [] : children)) {
      if (child != null) node.append(child);
    }
    return node;
  }

  const significant = new Map();
  function fmt(value, digits) {
    if (typeof value !== 'number' || !Number.isFinite(value)) return value == null ? '–' : String(value);
    const sig = digits || 3;
    if (Math.abs(value) >= 10 ** sig) return Math.round(value).toLocaleString('en');
    if (!significant.has(sig)) significant.set(sig, new Intl.NumberFormat('en', { maximumSignificantDigits: sig }));
    return significant.get(sig).format(value);
  }
  const seconds = (value) => `${fmt(value)} s`;
  const exact = (value) => fmt(value, 6);
  const withUnit = (value, unit) => (!unit ? fmt(value, 4) : /^[×%]/.test(unit) ? `${fmt(value, 4)}${unit}` : `${fmt(value, 4)} ${unit}`);
  const unitTitle = (unit) => (unit === 's' ? 'time (s)' : unit);

  const numeric = (value) => typeof value === 'number' && Number.isFinite(value);
  const unique = (values) => [...new Set(values)];
  const byNaturalOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare;

  /** Largest and smallest value without spreading into arguments, which overflows for long span lists. */
  function extent(values) {
    return values.reduce((acc, v) => [Math.min(acc[0], v), Math.max(acc[1], v)], [Infinity, -Infinity]);
  }

  function median(sorted) {
    const n = sorted.length;
    if (!n) return NaN;
    return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  function shorten(text, max) {
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  }

  /** Splits a long tick label into lines so category axes stay readable on a phone. */
  function wrap(text, width) {
    if (text.length <= width) return text;
    const lines = [];
    let line = '';
    for (const word of text.split(/\s+/)) {
      if (line && (line + ' ' + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line);
    return lines.map((l) => shorten(l, width + 4));
  }

  // ---------------------------------------------------------------- reading a run

  function resultOf(run) {
    return (run && run.result) || {};
  }

  /** Fills in what a repetition record may leave out, so every chart reads the same fields. */
  function repetitions(run) {
    return (resultOf(run).repetitions || []).map((rep) => {
      const values = (rep.values || []).filter(numeric);
      const sorted = [...values].sort((a, b) => a - b);
      const mean = values.reduce((a, b) => a + b, 0) / (values.length || 1);
      const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length || 1));
      return {
        variant: String(rep.variant),
        unit: rep.unit || 's',
        values,
        median: numeric(rep.median) ? rep.median : median(sorted),
        min: numeric(rep.min) ? rep.min : sorted[0],
        max: numeric(rep.max) ? rep.max : sorted[sorted.length - 1],
        q1: numeric(rep.q1) ? rep.q1 : null,
        q3: numeric(rep.q3) ? rep.q3 : null,
        cv: numeric(rep.cv) ? rep.cv : mean ? sd / mean : null,
        noisy: Boolean(rep.noisy),
      };
    });
  }

  function series(run) {
    return (resultOf(run).series || []).map((s) => ({
      name: String(s.name),
      xLabel: s.xLabel ? String(s.xLabel) : 'x',
      yLabel: s.yLabel ? String(s.yLabel) : 'y',
      ideal: Boolean(s.ideal),
      points: (s.points || []).filter((p) => numeric(p[0]) && numeric(p[1])),
    }));
  }

  function spans(run) {
    return (resultOf(run).spans || [])
      .filter((s) => numeric(s.start) && numeric(s.end))
      .map((s) => ({ label: String(s.label), lane: String(s.lane), start: s.start, end: s.end, state: String(s.state || 'running') }));
  }

  /** Main thread or process first, then natural order, so Thread-2 comes before Thread-10. */
  function sortLanes(lanes) {
    const main = (lane) => (/^main/i.test(lane) ? 0 : 1);
    return [...lanes].sort((a, b) => main(a) - main(b) || byNaturalOrder(a, b));
  }

  /** The cap of the ideal speedup line: what this machine measured, else the cores it may use. */
  function parallelism(run) {
    const fp = resultOf(run).fingerprint || {};
    return numeric(fp.effectiveParallelism) ? fp.effectiveParallelism : numeric(fp.usableCores) ? fp.usableCores : null;
  }

  /** Names runs by what differs between them: their params, else their interpreter, else their order. */
  function runLabels(runs) {
    const keys = unique(runs.flatMap((run) => Object.keys((run && run.params) || {})));
    const show = (v) => (typeof v === 'string' ? v : JSON.stringify(v));
    const differing = keys.filter((k) => new Set(runs.map((run) => show(((run && run.params) || {})[k]))).size > 1);
    const interpreter = (run) => {
      const fp = resultOf(run).fingerprint || {};
      return fp.implementation ? `${fp.implementation} ${fp.version || ''}`.trim() : String(run.interpreter || '');
    };
    const interpretersDiffer = new Set(runs.map(interpreter)).size > 1;
    const labels = runs.map((run, i) => {
      const parts = differing.map((k) => `${k}=${show(((run && run.params) || {})[k])}`);
      if (interpretersDiffer) parts.unshift(interpreter(run));
      return parts.join(', ') || `run ${i + 1}`;
    });
    return labels.map((label, i) => (labels.indexOf(label) !== i || labels.lastIndexOf(label) !== i ? `${label} (#${i + 1})` : label));
  }

  // ---------------------------------------------------------------- theme

  const FALLBACK = {
    '--chart-text': '#1f2328', '--chart-grid': 'rgba(31,35,40,0.15)', '--chart-running': '#0072b2',
    '--chart-waiting': '#b8c4d0', '--chart-io': '#e69f00', '--chart-ideal': '#009e73', '--chart-naive': '#6e7781',
    '--series-1': '#0072b2', '--series-2': '#e69f00', '--series-3': '#009e73', '--series-4': '#cc79a7',
    '--series-5': '#d55e00', '--series-6': '#56b4e9',
  };

  function readTheme(element) {
    const style = getComputedStyle(element);
    const v = (name) => style.getPropertyValue(name).trim() || FALLBACK[name];
    return {
      text: v('--chart-text'), grid: v('--chart-grid'), running: v('--chart-running'), waiting: v('--chart-waiting'),
      io: v('--chart-io'), ideal: v('--chart-ideal'), naive: v('--chart-naive'),
      series: [1, 2, 3, 4, 5, 6].map((i) => v(`--series-${i}`)),
      font: style.fontFamily,
      still: window.matchMedia('(prefers-reduced-motion: reduce)').matches,
    };
  }

  /** Diagonal stripes over a base colour: marks noisy bars and waiting spans without relying on colour. */
  function hatch(base, stripe) {
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

  function translucent(color, alpha) {
    const m = /^#([0-9a-f]{6})$/i.exec(color);
    if (!m) return color;
    const n = parseInt(m[1], 16);
    return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${alpha})`;
  }

  /** Options every chart shares: theme colours, no global Chart.defaults changes, motion only if wanted. */
  function baseOptions(theme) {
    const font = { family: theme.font };
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: theme.still ? false : { duration: 250 },
      color: theme.text,
      font,
      plugins: {
        legend: { labels: { color: theme.text, font, boxWidth: 14, boxHeight: 10 } },
        tooltip: { titleFont: font, bodyFont: font },
      },
    };
  }

  function axis(theme, title, extra) {
    return Object.assign({
      title: { display: Boolean(title), text: title, color: theme.text, font: { family: theme.font } },
      ticks: { color: theme.text, font: { family: theme.font } },
      grid: { color: theme.grid },
      border: { color: theme.grid },
    }, extra);
  }

  // ---------------------------------------------------------------- chart kinds
  //
  // Each kind turns entries ({run, label}; label is null for a single run) into a Chart.js config,
  // the columns of a data table listing exactly the numbers drawn (rowsOf gives one entry's rows),
  // and a one-line summary of one run. A kind whose chart draws the metrics has no table of its own.

  /** Draws min–max whiskers over each bar; Chart.js has no error bars without plugins. */
  const whiskerPlugin = {
    id: 'gilWhiskers',
    afterDatasetsDraw(chart, args, options) {
      const { ctx } = chart;
      const y = chart.scales.y;
      ctx.save();
      ctx.strokeStyle = options.color;
      ctx.lineWidth = 1.5;
      chart.data.datasets.forEach((dataset, d) => {
        if (!dataset.whiskers || !chart.isDatasetVisible(d)) return;
        chart.getDatasetMeta(d).data.forEach((bar, i) => {
          const range = dataset.whiskers[i];
          if (!range || !Number.isFinite(bar.x)) return;
          const top = y.getPixelForValue(range[1]);
          const bottom = y.getPixelForValue(range[0]);
          const cap = Math.min(bar.width * 0.3, 10);
          ctx.beginPath();
          ctx.moveTo(bar.x, bottom);
          ctx.lineTo(bar.x, top);
          ctx.moveTo(bar.x - cap, top);
          ctx.lineTo(bar.x + cap, top);
          ctx.moveTo(bar.x - cap, bottom);
          ctx.lineTo(bar.x + cap, bottom);
          ctx.stroke();
        });
      });
      ctx.restore();
    },
  };

  /** What a bar or strip chart draws: the timed repetitions, else (a bar chart "from metrics") the metrics. */
  function barItems(run) {
    const reps = repetitions(run);
    if (reps.length) return reps;
    return metricsOf(run).filter((m) => numeric(m.value)).map((m) => ({
      variant: m.name, unit: m.unit, values: [m.value], median: m.value, min: null, max: null,
      q1: null, q3: null, cv: null, noisy: false, metric: true,
    }));
  }

  const fromMetrics = (entries) => entries.every((e) => !repetitions(e.run).length);

  function variantsOf(entries) {
    return unique(entries.flatMap((e) => barItems(e.run).map((r) => r.variant)));
  }

  function variantTick(variant, entries) {
    const noisy = entries.some((e) => barItems(e.run).some((r) => r.variant === variant && r.noisy));
    return wrap(noisy ? `${variant} (noisy)` : variant, 14);
  }

  function repetitionSummary(run) {
    if (!repetitions(run).length && metricsOf(run).length) return table.summary(run);
    const reps = repetitions(run).filter((r) => numeric(r.median)).sort((a, b) => a.median - b.median);
    if (!reps.length) return 'No timings were recorded.';
    const [fastest, ...rest] = reps;
    const amount = `${fmt(fastest.median)} ${fastest.unit}`;
    if (!rest.length) return `${fastest.variant}: ${amount} median over ${fastest.values.length} repetitions.`;
    const head = `Fastest: ${fastest.variant}, ${amount} median`;
    const others = rest.map((r) => `${r.variant} ${fmt(r.median / fastest.median)}× slower`);
    return `${head}; ${others.join('; ')}.`;
  }

  function repetitionUnit(entries) {
    const first = entries.flatMap((e) => barItems(e.run))[0];
    return first ? first.unit : '';
  }

  const bar = {
    name: 'bar',
    hasData: (entries) => entries.some((e) => barItems(e.run).length),
    height: 280,
    note(entries) {
      if (fromMetrics(entries)) return null;
      const noisy = entries.some((e) => barItems(e.run).some((r) => r.noisy));
      return `Bars: median. Whiskers: fastest to slowest repetition.${noisy ? ' Hatched: noisy, the repetitions disagree.' : ''}`;
    },
    chart(entries, theme) {
      const variants = variantsOf(entries);
      const datasets = entries.map((entry, i) => {
        const color = theme.series[i % theme.series.length];
        const byVariant = new Map(barItems(entry.run).map((r) => [r.variant, r]));
        const reps = variants.map((v) => byVariant.get(v) || null);
        return {
          label: entry.label || 'median',
          data: reps.map((r) => (r ? r.median : null)),
          backgroundColor: reps.map((r) => (r && r.noisy ? hatch(translucent(color, 0.35), color) : translucent(color, 0.8))),
          borderColor: color,
          borderWidth: 1.5,
          maxBarThickness: 96,
          skipNull: true,
          whiskers: reps.map((r) => (r && numeric(r.min) && numeric(r.max) ? [r.min, r.max] : null)),
          reps,
        };
      });
      const top = Math.max(0, ...datasets.flatMap((d) => d.whiskers.filter(Boolean).map((w) => w[1])));
      const unit = repetitionUnit(entries);
      const options = baseOptions(theme);
      options.plugins.legend.display = entries.length > 1;
      options.plugins.gilWhiskers = { color: theme.text };
      options.plugins.tooltip.callbacks = {
        label(item) {
          const r = item.dataset.reps[item.dataIndex];
          const who = entries.length > 1 ? `${item.dataset.label}: ` : '';
          if (r.metric) return `${who}${withUnit(r.median, r.unit)}`;
          return `${who}median ${fmt(r.median)} ${r.unit}, min ${fmt(r.min)}, max ${fmt(r.max)}`;
        },
        afterLabel(item) {
          const r = item.dataset.reps[item.dataIndex];
          if (r.metric) return '';
          const cv = numeric(r.cv) ? `CV ${fmt(r.cv * 100, 2)} %` : '';
          return `${r.values.length} repetitions${cv ? `, ${cv}` : ''}${r.noisy ? ' (noisy)' : ''}`;
        },
      };
      options.scales = {
        x: axis(theme, null, { grid: { display: false } }),
        y: axis(theme, unitTitle(unit), { beginAtZero: true, suggestedMax: top * 1.05 }),
      };
      options.scales.x.ticks.callback = (value, index) => variantTick(variants[index], entries);
      options.scales.y.ticks.callback = (value) => fmt(value);
      return { type: 'bar', data: { labels: variants, datasets }, options, plugins: [whiskerPlugin] };
    },
    dataIsMetrics: fromMetrics,
    table(entries) {
      const unit = repetitionUnit(entries);
      return {
        caption: 'Median and spread of each variant',
        columns: [`Variant`, `Median (${unit})`, `Min (${unit})`, `Q1 (${unit})`, `Q3 (${unit})`, `Max (${unit})`, 'CV', 'Repetitions', 'Noisy'],
        formats: [String, exact, exact, exact, exact, exact, exact, String, (v) => (v ? 'yes' : 'no')],
        rowsOf: (entry) => repetitions(entry.run).map((r) => [r.variant, r.median, r.min, r.q1, r.q3, r.max, r.cv, r.values.length, r.noisy]),
      };
    },
    summary: repetitionSummary,
  };

  // Runs in a comparison differ by marker shape as well as colour.
  const POINT_STYLES = ['circle', 'triangle', 'rect', 'rectRot', 'star', 'crossRot'];

  /** Repeatable horizontal scatter so dots of one variant do not sit on top of each other. */
  const jitter = (j) => (((j * 0.618034) % 1) - 0.5) * 0.3;

  const strip = {
    name: 'strip',
    hasData: bar.hasData,
    dataIsMetrics: fromMetrics,
    height: 280,
    note: (entries) => (fromMetrics(entries) ? null : 'Dots: each repetition. Line: median.'),
    chart(entries, theme) {
      const variants = variantsOf(entries);
      const slot = 0.8 / entries.length;
      const datasets = [];
      entries.forEach((entry, i) => {
        const color = theme.series[i % theme.series.length];
        const centre = (v) => variants.indexOf(v) + (entries.length > 1 ? (i - (entries.length - 1) / 2) * slot : 0);
        const reps = barItems(entry.run);
        datasets.push({
          type: 'scatter',
          label: entry.label || 'repetition',
          data: reps.flatMap((r) => r.values.map((y, j) => ({ x: centre(r.variant) + jitter(j) * Math.min(1, slot * 1.2), y, variant: r.variant, rep: j + 1 }))),
          backgroundColor: translucent(color, 0.7),
          borderColor: color,
          pointRadius: 4,
          pointHoverRadius: 6,
          pointStyle: POINT_STYLES[i % POINT_STYLES.length],
        });
        const half = Math.min(0.3, slot * 0.45);
        datasets.push({
          type: 'line',
          label: entry.label ? `${entry.label} median` : 'median',
          data: reps.flatMap((r) => [
            { x: centre(r.variant) - half, y: r.median }, { x: centre(r.variant) + half, y: r.median }, { x: centre(r.variant) + half, y: null },
          ]),
          borderColor: entries.length > 1 ? color : theme.text,
          borderWidth: 3,
          pointRadius: 0,
          pointHitRadius: 0,
          spanGaps: false,
          isMedian: true,
        });
      });
      const options = baseOptions(theme);
      options.plugins.legend.display = entries.length > 1;
      options.plugins.legend.labels.filter = (item, data) => !data.datasets[item.datasetIndex].isMedian;
      options.plugins.tooltip.filter = (item) => !item.dataset.isMedian;
      options.plugins.tooltip.callbacks = {
        label(item) {
          const who = entries.length > 1 ? `${item.dataset.label}: ` : '';
          return `${who}${item.raw.variant}, repetition ${item.raw.rep}: ${fmt(item.raw.y)} ${repetitionUnit(entries)}`;
        },
      };
      options.scales = {
        x: axis(theme, null, { type: 'linear', min: -0.5, max: variants.length - 0.5, grid: { display: false } }),
        y: axis(theme, unitTitle(repetitionUnit(entries)), { grace: '5%' }),
      };
      options.scales.x.afterBuildTicks = (scale) => {
        scale.ticks = variants.map((v, i) => ({ value: i }));
      };
      options.scales.x.ticks.callback = (value) => variantTick(variants[value], entries);
      options.scales.y.ticks.callback = (value) => fmt(value);
      return { type: 'scatter', data: { datasets }, options };
    },
    table(entries) {
      const unit = repetitionUnit(entries);
      const count = Math.max(0, ...entries.flatMap((e) => barItems(e.run).map((r) => r.values.length)));
      const reps = Array.from({ length: count }, (_, j) => j);
      return {
        caption: 'Every repetition of each variant',
        columns: ['Variant', ...reps.map((j) => `Repetition ${j + 1} (${unit})`), `Median (${unit})`],
        formats: [String, ...reps.map(() => exact), exact],
        rowsOf: (entry) => barItems(entry.run).map((r) => [r.variant, ...reps.map((j) => r.values[j] ?? null), r.median]),
      };
    },
    summary: repetitionSummary,
  };

  /** The ideal speedup y = min(x, cap): a straight rise that flattens at the cores this machine really has. */
  function idealPoints(xs, cap) {
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    const corners = unique([lo, ...(cap > lo && cap < hi ? [cap] : []), hi]);
    return corners.map((x) => ({ x, y: Math.min(x, cap) }));
  }

  function lineTop(all, caps) {
    const top = Math.max(1, ...all.flatMap((s) => s.points.map((p) => p[1])), ...caps.map((c) => c.cap)) * 1.2;
    return top > 4 ? Math.ceil(top) : Math.ceil(top * 2) / 2;
  }

  const line = {
    name: 'line',
    hasData: (entries) => entries.some((e) => series(e.run).some((s) => s.points.length)),
    // On a phone the legend wraps to one row per line; grow the chart so the plot keeps its height.
    height: (entries, width) => 300 + (width < 600 ? 20 * entries.reduce((n, e) => n + series(e.run).length + 1, 0) : 0),
    note: () => null,
    chart(entries, theme) {
      const datasets = [];
      const palette = theme.series.filter((c) => c !== theme.ideal);
      let colour = 0;
      entries.forEach((entry, i) => {
        series(entry.run).forEach((s) => {
          const color = palette[colour++ % palette.length];
          datasets.push({
            type: 'line',
            label: entry.label ? (series(entry.run).length > 1 ? `${entry.label} · ${s.name}` : entry.label) : s.name,
            data: s.points.map(([x, y]) => ({ x, y })),
            borderColor: color,
            backgroundColor: color,
            borderWidth: 2,
            pointRadius: 3.5,
            pointStyle: POINT_STYLES[i % POINT_STYLES.length],
            tension: 0,
          });
        });
      });
      const all = entries.flatMap((e) => series(e.run));
      const first = all[0] || { xLabel: 'x', yLabel: 'y' };
      const xs = all.flatMap((s) => s.points.map((p) => p[0]));
      const caps = entries.filter((e) => series(e.run).some((s) => s.ideal) && parallelism(e.run))
        .map((e) => ({ label: e.label, cap: parallelism(e.run) }));
      const distinct = caps.filter((c, i) => caps.findIndex((o) => fmt(o.cap) === fmt(c.cap)) === i);
      if (xs.length && caps.length) {
        distinct.forEach((c) => {
          const who = distinct.length > 1 && c.label ? `${c.label}: ` : '';
          datasets.push({
            type: 'line', label: `${who}ideal here: min(${first.xLabel}, ${fmt(c.cap)})`, data: idealPoints(xs, c.cap),
            borderColor: theme.ideal, backgroundColor: theme.ideal, borderDash: [7, 4], borderWidth: 2, pointRadius: 0, pointStyle: 'line', tension: 0, reference: true,
          });
        });
        datasets.push({
          type: 'line', label: `naive: ${first.yLabel} = ${first.xLabel}`,
          data: [Math.min(...xs), Math.max(...xs)].map((x) => ({ x, y: x })),
          borderColor: theme.naive, backgroundColor: theme.naive, borderDash: [2, 3], borderWidth: 2, pointRadius: 0, pointStyle: 'line', tension: 0, reference: true,
        });
      }
      const options = baseOptions(theme);
      options.interaction = { mode: 'nearest', intersect: false };
      // Legend entries as line samples, so the dashed ideal and the dotted naive line read as such.
      options.plugins.legend.labels.usePointStyle = true;
      options.plugins.legend.labels.pointStyleWidth = 24;
      options.plugins.legend.labels.generateLabels = (chart) => window.Chart.defaults.plugins.legend.labels.generateLabels(chart)
        .map((item) => Object.assign(item, { pointStyle: 'line' }));
      options.plugins.tooltip.filter = (item) => !item.dataset.reference;
      options.plugins.tooltip.callbacks = {
        label: (item) => `${item.dataset.label}: ${first.yLabel} ${fmt(item.raw.y)} at ${first.xLabel} ${fmt(item.raw.x)}`,
      };
      options.scales = {
        x: axis(theme, first.xLabel, { type: 'linear', beginAtZero: true }),
        // The naive y = x line may leave through the top: scaling to it would flatten the measured lines.
        y: axis(theme, first.yLabel, { beginAtZero: true, max: lineTop(all, caps) }),
      };
      options.scales.x.ticks.callback = (value) => fmt(value);
      options.scales.y.ticks.callback = (value) => fmt(value);
      return { type: 'line', data: { datasets }, options };
    },
    table(entries) {
      const all = entries.flatMap((e) => series(e.run));
      const first = all[0] || { xLabel: 'x', yLabel: 'y' };
      const ideal = all.some((s) => s.ideal);
      return {
        caption: `${first.yLabel} by ${first.xLabel}`,
        columns: ['Series', first.xLabel, first.yLabel, ...(ideal ? ['Ideal'] : [])],
        formats: [String, exact, exact, exact],
        rowsOf: (entry) => series(entry.run).flatMap((s) => s.points.map(([x, y]) => {
          const cap = parallelism(entry.run);
          return [s.name, x, y, ...(ideal ? [s.ideal && cap ? Math.min(x, cap) : null] : [])];
        })),
      };
    },
    summary(run) {
      const all = series(run).filter((s) => s.points.length);
      if (!all.length) return 'No points were recorded.';
      const parts = all.map((s) => {
        const best = s.points.reduce((a, b) => (b[1] > a[1] ? b : a));
        return `${s.name}: best ${s.yLabel} ${fmt(best[1])} at ${s.xLabel} = ${fmt(best[0])}`;
      });
      const cap = parallelism(run);
      const ideal = all.some((s) => s.ideal) && cap ? `; ideal here ${fmt(cap)}` : '';
      return `${parts.join('; ')}${ideal}.`;
    },
  };

  const STATES = {
    running: { label: 'running', order: 0 },
    waiting: { label: 'waiting (for the GIL)', order: 1 },
    io: { label: 'I/O or sleep', order: 2 },
  };

  function laneRows(entries) {
    return entries.flatMap((entry) => sortLanes(unique(spans(entry.run).map((s) => s.lane)))
      .map((lane) => ({ entry, lane, key: entry.label ? `${entry.label} · ${lane}` : lane })));
  }

  const timeline = {
    name: 'timeline',
    hasData: (entries) => entries.some((e) => spans(e.run).length),
    height: (entries) => Math.max(160, laneRows(entries).length * (entries.length > 1 ? 36 : 30) + 90),
    note: () => 'One row per thread, process or task. Solid: running; striped: waiting; orange: I/O or sleep.',
    chart(entries, theme) {
      const rows = laneRows(entries);
      const keyOf = new Map(rows.map((r) => [r.entry.label + '\u0000' + r.lane, r.key]));
      const all = entries.flatMap((entry) => spans(entry.run).map((s) => ({ span: s, key: keyOf.get(entry.label + '\u0000' + s.lane) })));
      const states = unique(all.map((a) => a.span.state)).sort((a, b) => (STATES[a] ? STATES[a].order : 9) - (STATES[b] ? STATES[b].order : 9));
      const colourOf = (state, i) => {
        if (state === 'running') return theme.running;
        if (state === 'waiting') return hatch(theme.waiting, theme.naive);
        if (state === 'io') return theme.io;
        return theme.series[(i + 3) % theme.series.length];
      };
      const datasets = states.map((state, i) => ({
        label: STATES[state] ? STATES[state].label : state,
        data: all.filter((a) => a.span.state === state).map((a) => ({ x: [a.span.start, a.span.end], y: a.key, span: a.span })),
        backgroundColor: colourOf(state, i),
        borderWidth: 0,
        grouped: false,
        barPercentage: 0.9,
        categoryPercentage: 0.85,
        minBarLength: 1,
      }));
      const options = baseOptions(theme);
      options.animation = false;
      options.indexAxis = 'y';
      options.normalized = true;
      options.interaction = { mode: 'nearest', intersect: true };
      options.plugins.tooltip.callbacks = {
        title: (items) => items[0].raw.span.label,
        label(item) {
          const s = item.raw.span;
          return [`lane: ${s.lane}`, `state: ${s.state}`, `start ${fmt(s.start, 4)} s, end ${fmt(s.end, 4)} s`, `duration ${fmt(s.end - s.start, 3)} s`];
        },
      };
      options.scales = {
        x: axis(theme, 'seconds since the run started', { type: 'linear', min: 0, max: extent(all.map((a) => a.span.end))[1] }),
        y: axis(theme, null, { type: 'category', labels: rows.map((r) => r.key), grid: { display: false } }),
      };
      options.scales.x.ticks.callback = (value) => fmt(value);
      options.scales.y.ticks.callback = (value, index) => (rows[index].entry.label
        ? [shorten(rows[index].entry.label, 22), shorten(rows[index].lane, 22)] : shorten(rows[index].lane, 24));
      return { type: 'bar', data: { labels: rows.map((r) => r.key), datasets }, options };
    },
    table(entries) {
      const lanes = sortLanes(unique(entries.flatMap((entry) => spans(entry.run).map((s) => s.lane))));
      const order = new Map(lanes.map((lane, i) => [lane, i]));
      return {
        caption: 'Every span, lane by lane',
        columns: ['Lane', 'Label', 'State', 'Start (s)', 'End (s)', 'Duration (s)'],
        formats: [String, String, String, exact, exact, exact],
        rowsOf: (entry) => spans(entry.run)
          .sort((a, b) => order.get(a.lane) - order.get(b.lane) || a.start - b.start)
          .map((s) => [s.lane, s.label, s.state, s.start, s.end, s.end - s.start]),
      };
    },
    summary(run) {
      const all = spans(run);
      if (!all.length) return 'No spans were recorded.';
      const lanes = unique(all.map((s) => s.lane)).length;
      const [first] = extent(all.map((s) => s.start));
      const [, last] = extent(all.map((s) => s.end));
      const total = (state) => all.filter((s) => s.state === state).reduce((sum, s) => sum + s.end - s.start, 0);
      const states = unique(all.map((s) => s.state)).map((state) => `${STATES[state] ? STATES[state].label : state} ${seconds(total(state))}`);
      return `${lanes} ${lanes === 1 ? 'lane' : 'lanes'} over ${seconds(last - first)}; summed over all lanes: ${states.join(', ')}.`;
    },
  };

  function metricsOf(run) {
    return (resultOf(run).metrics || []).map((m) => ({ name: String(m.name), value: m.value, unit: m.unit ? String(m.unit) : '' }));
  }

  function metricsTable(entries) {
    if (entries.length === 1) {
      return {
        caption: 'Measured values',
        columns: ['Metric', 'Value', 'Unit'],
        formats: [String, exact, String],
        rows: metricsOf(entries[0].run).map((m) => [m.name, m.value, m.unit]),
      };
    }
    const names = unique(entries.flatMap((e) => metricsOf(e.run).map((m) => m.name)));
    return {
      caption: 'Measured values by run',
      columns: ['Metric', ...entries.map((e) => e.label)],
      formats: [String, ...entries.map(() => String)],
      rows: names.map((name) => [name, ...entries.map((e) => {
        const m = metricsOf(e.run).find((x) => x.name === name);
        return m ? withUnit(m.value, m.unit) : '–';
      })]),
    };
  }

  const table = {
    name: 'table',
    hasData: () => false,
    dataIsMetrics: () => true,
    summary(run) {
      const metrics = metricsOf(run);
      if (!metrics.length) return 'No values were recorded.';
      return `${metrics.slice(0, 3).map((m) => `${m.name} ${withUnit(m.value, m.unit)}`).join('; ')}.`;
    },
  };

  const KINDS = { bar, strip, line, timeline, table };

  function kindOf(run) {
    return KINDS[resultOf(run).chart] || table;
  }

  // ---------------------------------------------------------------- charts: mount, theme changes, cleanup

  const mounted = new Map(); // canvas -> function(theme) returning its Chart.js config

  function mount(canvas, configFor) {
    mounted.set(canvas, configFor);
    watchTheme();
    return new window.Chart(canvas, configFor(readTheme(canvas)));
  }

  function free(canvas) {
    const chart = window.Chart && window.Chart.getChart(canvas);
    if (chart) chart.destroy();
    mounted.delete(canvas);
  }

  const themeKey = () => ['--chart-text', '--chart-running', '--series-1']
    .map((name) => getComputedStyle(document.documentElement).getPropertyValue(name)).join();
  let drawnTheme = '';

  /** Redraws live charts in the new colours when the page or the system switches light/dark. */
  function redraw() {
    if (themeKey() === drawnTheme) return;
    drawnTheme = themeKey();
    for (const [canvas, configFor] of mounted) {
      if (!canvas.isConnected) {
        free(canvas);
        continue;
      }
      const chart = window.Chart.getChart(canvas);
      if (chart) chart.destroy();
      new window.Chart(canvas, configFor(readTheme(canvas)));
    }
  }

  let watching = false;
  function watchTheme() {
    if (watching) return;
    watching = true;
    drawnTheme = themeKey();
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', redraw);
    new MutationObserver(redraw).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] });
    // htmx removes swapped-out content element by element; free any chart inside it.
    document.addEventListener('htmx:beforeCleanupElement', (event) => {
      if (mounted.has(event.target)) free(event.target);
    });
  }

  // ---------------------------------------------------------------- page parts

  function tableElement(model, className) {
    const head = h('tr', null, model.columns.map((c) => h('th', { scope: 'col' }, c)));
    const body = model.rows.map((row) => h('tr', null, row.map((cell, i) => {
      const text = cell == null ? '–' : model.formats[i](cell);
      return i === 0 ? h('th', { scope: 'row' }, text) : h('td', { class: typeof cell === 'number' ? 'gr-num' : null }, text);
    })));
    return h('div', { class: `gr-table-wrap ${className || ''}`.trim() },
      h('table', { class: 'gr-table' }, [h('caption', null, model.caption), h('thead', null, head), h('tbody', null, body)]));
  }

  /** CSV as spreadsheets read it: UTF-8 with a byte-order mark, and text that could be a formula defused. */
  function toCsv(model) {
    const cell = (value) => {
      if (value == null) return '';
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
      return `"${text.replace(/"/g, '""')}"`;
    };
    return `\ufeff${[model.columns, ...model.rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
  }

  function download(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = h('a', { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function fileName(runs, options) {
    const first = runs[0] || {};
    const base = (options && options.filename) || [first.experiment || 'run', runs.length > 1 ? 'compare' : String(first.id || '').slice(0, 8)].filter(Boolean).join('-');
    return base.replace(/[^\w.-]+/g, '_');
  }

  function downloads(model, json, name) {
    const csv = h('button', { type: 'button', class: 'gr-button', 'aria-label': 'Download the data table as CSV' }, 'CSV');
    const raw = h('button', { type: 'button', class: 'gr-button', 'aria-label': 'Download the whole run as JSON' }, 'JSON');
    csv.addEventListener('click', () => download(`${name}.csv`, 'text/csv;charset=utf-8', toCsv(model)));
    raw.addEventListener('click', () => download(`${name}.json`, 'application/json', JSON.stringify(json, null, 2)));
    return h('div', { class: 'gr-downloads' }, [h('span', { class: 'gr-downloads-label' }, 'Download'), csv, raw]);
  }

  function fingerprintItems(run) {
    const result = resultOf(run);
    const fp = result.fingerprint || {};
    const items = [];
    if (fp.implementation || fp.version) items.push({ text: `${fp.implementation || ''} ${fp.version || ''}`.trim(), title: fp.executable });
    if (typeof fp.gilEnabled === 'boolean') {
      // A free-threaded build turns the GIL back on when the run imports an extension that needs it.
      const on = fp.gilChangedDuringRun ? 'GIL on (turned back on during the run)' : 'GIL on';
      items.push({ text: fp.gilEnabled ? on : 'GIL off (free-threaded)' });
    }
    if (numeric(fp.usableCores)) {
      const of = numeric(fp.cpuCount) && fp.cpuCount !== fp.usableCores ? ` of ${fp.cpuCount}` : '';
      items.push({ text: `${fp.usableCores}${of} usable ${fp.usableCores === 1 ? 'core' : 'cores'}` });
    }
    if (numeric(fp.effectiveParallelism)) items.push({ text: `effective parallelism ${fmt(fp.effectiveParallelism)}×`, title: 'How much faster several processes of a fixed loop finished than one, measured just before this run' });
    if (numeric(fp.switchInterval)) items.push({ text: `switch interval ${fmt(fp.switchInterval * 1000)} ms` });
    if (fp.startMethod) items.push({ text: `start method ${fp.startMethod}` });
    if (numeric(fp.loadAverage)) items.push({ text: `load ${fmt(fp.loadAverage, 2)}`, title: 'Load average when the run started' });
    if (fp.sandbox) items.push({ text: `sandbox: ${fp.sandbox}` });
    if (numeric(result.wallSeconds)) items.push({ text: `run took ${seconds(result.wallSeconds)}` });
    return items;
  }

  function fingerprintLine(run, label) {
    const items = fingerprintItems(run);
    if (!items.length) return null;
    return h('div', { class: 'gr-fingerprint' }, [
      h('span', { class: 'gr-fingerprint-label' }, label ? `${label}:` : 'Measured on'),
      h('ul', { 'aria-label': label ? `Environment of ${label}` : 'Environment' }, items.map((i) => h('li', { title: i.title }, String(i.text)))),
    ]);
  }

  function callout(kind, text) {
    return h('p', { class: `gr-callout gr-${kind}`, role: kind === 'error' ? 'alert' : null }, [
      h('strong', null, kind === 'error' ? 'Run problem: ' : 'Warning: '), text,
    ]);
  }

  const STATUS = {
    failed: 'This run failed.', timeout: 'This run ran out of time.', killed: 'This run was stopped.',
    interrupted: 'This run was interrupted when the server restarted.', queued: 'This run has not started yet.',
    running: 'This run has not finished yet.',
  };

  function problem(run, label) {
    if (!run.status || run.status === 'done') return null;
    const lead = STATUS[run.status] || `This run ended as "${run.status}".`;
    const recorded = Object.keys(resultOf(run)).length ? 'What it recorded is shown below.' : '';
    const text = [label ? `${label}.` : '', lead, run.error ? String(run.error) : '', recorded].filter(Boolean).join(' ');
    return callout('error', text);
  }

  function output(title, text, open) {
    if (!text) return null;
    return h('details', { class: 'gr-output', open }, [h('summary', null, title), h('pre', null, h('code', null, String(text)))]);
  }

  function chartFigure(entries, kind, summary, width) {
    if (!kind.hasData(entries)) return null;
    const note = kind.note(entries);
    const figure = h('figure', { class: `gr-figure gr-${kind.name}` });
    if (!window.Chart) {
      figure.append(h('p', { class: 'gr-note' }, 'The chart could not be drawn because the chart library did not load; the data table has every number.'));
      return { element: figure, canvas: null };
    }
    const canvas = h('canvas', { role: 'img', 'aria-label': summary }, summary);
    const box = h('div', { class: 'gr-chart' }, canvas);
    box.style.height = `${typeof kind.height === 'function' ? kind.height(entries, width) : kind.height}px`;
    figure.append(box);
    if (note) figure.append(h('figcaption', { class: 'gr-note' }, note));
    return { element: figure, canvas, configFor: (theme) => kind.chart(entries, theme) };
  }

  // ---------------------------------------------------------------- public API

  /**
   * Builds everything for one or more entries inside the container. The chart is created last, once
   * its canvas is in the document, so Chart.js can measure it.
   */
  function draw(container, entries, options) {
    destroy(container);
    container.classList.add('gil-results');
    const runs = entries.map((e) => e.run);
    const parts = runs.map((run, i) => problem(run, entries[i].label));
    if (!runs.some((run) => Object.keys(resultOf(run)).length)) {
      container.append(...(parts.some(Boolean) ? parts.filter(Boolean) : [callout('error', 'This run has no result to show.')]));
      return;
    }
    const kind = kindOf(runs[0]);
    const summaryText = entries.length === 1
      ? String(resultOf(runs[0]).summary || kind.summary(runs[0]))
      : entries.map((e) => `${e.label}: ${String(resultOf(e.run).summary || kind.summary(e.run))}`).join(' ');
    parts.push(h('p', { class: 'gr-summary' }, summaryText));
    entries.forEach((entry) => (resultOf(entry.run).warnings || []).forEach((w) => parts.push(callout('warning', entry.label ? `${entry.label}: ${w}` : String(w)))));

    const figure = chartFigure(entries, kind, summaryText, container.clientWidth);
    if (figure) parts.push(figure.element);

    const metrics = metricsTable(entries);
    if (metrics.rows.length) parts.push(tableElement(metrics, kind === table ? 'gr-metrics gr-main-table' : 'gr-metrics'));
    // When the chart draws the metrics themselves, the metrics table is the data table.
    const metricsOnly = Boolean(kind.dataIsMetrics && kind.dataIsMetrics(entries));
    const data = metricsOnly ? metrics : dataTable(kind, entries);
    if (!metricsOnly && data.rows.length) {
      parts.push(h('details', { class: 'gr-data', open: figure && !figure.canvas ? true : null }, [h('summary', null, 'Data table'), tableElement(data)]));
    }

    const footer = h('div', { class: 'gr-footer' });
    entries.forEach((entry) => {
      const line = fingerprintLine(entry.run, entry.label);
      if (line) footer.append(line);
    });
    footer.append(downloads(data, entries.length === 1 ? runs[0] : runs, fileName(runs, options)));
    parts.push(footer);

    if (entries.length === 1) {
      const result = resultOf(runs[0]);
      const failed = runs[0].status && runs[0].status !== 'done';
      parts.push(output('Output (stdout)', result.stdout), output('Errors (stderr)', result.stderr, failed));
    }
    container.append(...parts.filter(Boolean));
    if (figure && figure.canvas) mount(figure.canvas, figure.configFor);
  }

  /** The data table of a kind; a comparison gets a leading Run column. */
  function dataTable(kind, entries) {
    const model = kind.table(entries);
    const many = entries.length > 1;
    return {
      caption: many ? `${model.caption}, run by run` : model.caption,
      columns: many ? ['Run', ...model.columns] : model.columns,
      formats: many ? [String, ...model.formats] : model.formats,
      rows: entries.flatMap((entry) => model.rowsOf(entry).map((row) => (many ? [entry.label, ...row] : row))),
    };
  }

  function render(container, run, options) {
    if (!run) throw new TypeError('GilResults.render needs a run');
    draw(container, [{ run, label: null }], options);
  }

  /** options.labels may name the runs; by default they are named by the params that differ. */
  function compare(container, runs, options) {
    if (!Array.isArray(runs) || !runs.length) throw new TypeError('GilResults.compare needs a list of runs');
    const labels = (options && options.labels) || runLabels(runs);
    draw(container, runs.map((run, i) => ({ run, label: runs.length > 1 ? String(labels[i]) : null })), options);
  }

  function destroy(container) {
    container.querySelectorAll('canvas').forEach(free);
    container.replaceChildren();
  }

  window.GilResults = Object.freeze({ render, compare, destroy, runLabels });
})();
