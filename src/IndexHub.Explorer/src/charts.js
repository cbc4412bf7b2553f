// Charts with uPlot (canvas, ~50 KB). A canvas says nothing to a screen reader, so every chart is a figure
// with a caption, an accessible name, and its numbers in a table beside it.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom.js';
import { t } from './i18n.js';

// Colour-blind-safe (Okabe-Ito) colours; series differ by dash as well as colour.
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
const DASHES = [[], [6, 3], [2, 3], [8, 3, 2, 3]];

const charts = new Set();

function widthOf(el) {
  return Math.max(280, Math.min(900, el.clientWidth || 600));
}

// One listener resizes every chart on the page (phones turn).
window.addEventListener('resize', () => {
  for (const c of charts) {
    if (!c.root.isConnected) {
      charts.delete(c);
      continue;
    }
    c.setSize({ width: widthOf(c.root.parentElement), height: c.height });
  }
});

/** A figure holding the chart, its caption and a collapsible table of the same numbers. */
export function figure(caption, label, table) {
  const plot = h('div', { class: 'chart', role: 'img', 'aria-label': label });
  const fig = h('figure', { class: 'figure' }, h('figcaption', null, caption), plot, h('details', { class: 'chart-data' }, h('summary', null, t('dataTable')), table));
  return { fig, plot };
}

function draw(plot, opts, data) {
  // Drawn once the figure is in the page, so that its width is known.
  requestAnimationFrame(() => {
    const chart = new uPlot({ ...opts, width: widthOf(plot) }, data, plot);
    charts.add(chart);
    plot.dataset.drawn = 'true';
  });
}

/**
 * Rank over the years: x the year, y the rank with rank 1 at the top; one line per unit.
 * lines: [{ label, points: [{ year, rank }] }]
 */
export function rankChart(plot, lines, maxRank) {
  const years = [...new Set(lines.flatMap((l) => l.points.map((p) => p.year)))].sort((a, b) => a - b);
  const data = [years, ...lines.map((l) => years.map((y) => l.points.find((p) => p.year === y)?.rank ?? null))];
  draw(
    plot,
    {
      height: 240,
      scales: { x: { time: false }, y: { dir: -1, range: [1, Math.max(maxRank, 2)] } },
      axes: [
        { incrs: [1, 2, 5, 10], values: (u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) },
        { label: t('rank'), values: (u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) },
      ],
      series: [
        { label: t('year') },
        ...lines.map((l, i) => ({
          label: l.label,
          stroke: COLOURS[i % COLOURS.length],
          dash: DASHES[i % DASHES.length],
          width: 2,
          spanGaps: false,
          points: { show: true, size: 6 },
        })),
      ],
    },
    data,
  );
}

/** Scores as bars by rank position. bars: [{ label, value }] */
export function barChart(plot, bars, valueLabel) {
  const xs = bars.map((_, i) => i + 1);
  draw(
    plot,
    {
      height: 260,
      scales: { x: { time: false, range: [0, bars.length + 1] } },
      axes: [{ label: t('rank'), incrs: [1, 2, 5, 10, 20], values: (u, splits) => splits.map((v) => (Number.isInteger(v) && v >= 1 && v <= bars.length ? String(v) : '')) }, { label: valueLabel }],
      series: [
        { label: t('rank'), value: (u, v) => (v == null ? '' : bars[v - 1]?.label ?? '') },
        { label: valueLabel, stroke: COLOURS[0], fill: 'rgba(0,114,178,0.45)', paths: uPlot.paths.bars({ size: [0.7, 40] }), points: { show: false } },
      ],
    },
    [xs, bars.map((b) => b.value)],
  );
}

/**
 * Units' scores across components, with a dashed national-mean line.
 * rows: component labels; lines: [{ label, values }]; mean: values or nulls.
 */
export function compareChart(plot, rows, lines, mean) {
  const xs = rows.map((_, i) => i + 1);
  draw(
    plot,
    {
      height: 280,
      scales: { x: { time: false, range: [0.5, rows.length + 0.5] } },
      axes: [{ incrs: [1, 2, 5, 10], values: (u, splits) => splits.map((v) => (Number.isInteger(v) && rows[v - 1] ? String(v) : '')) }, { label: t('score') }],
      series: [
        { label: t('component'), value: (u, v) => (v == null ? '' : rows[v - 1] ?? '') },
        ...lines.map((l, i) => ({ label: l.label, stroke: COLOURS[i % COLOURS.length], dash: DASHES[i % DASHES.length], width: 2, points: { show: true, size: 6 } })),
        { label: t('nationalMean'), stroke: '#444', dash: [4, 4], width: 2, points: { show: false } },
      ],
    },
    [xs, ...lines.map((l) => l.values), mean],
  );
}
