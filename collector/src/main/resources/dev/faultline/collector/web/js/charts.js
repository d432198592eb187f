// Time-series charts on uPlot: one series per chart, drag to zoom over time, double-click to reset,
// cursors synchronised across the charts of one view, anomaly periods shaded red.

import uPlot from '../vendor/uPlot.esm.js';
import { COLORS, SERIES_COLORS } from './theme.js';
import { esc, parseSeriesKey, tickFormatter } from './format.js';

const SYNC_KEY = 'faultline';
/** 24-hour UTC tick labels: the on-call reads times in UTC, like the logs. */
const HH_MM = uPlot.fmtDate('{HH}:{mm}');

/**
 * Draws {@code samples} ([[epochMillis, value], ...]) into {@code element}. {@code tooltip} is the series key;
 * its metric's unit suffix picks the tick format.
 * {@code bands} are anomaly periods [{from, to}] in epoch millis (to may be null: still going on).
 * Returns the uPlot instance (call destroy() when the view goes away).
 */
export function drawChart(element, { title, tooltip, samples, bands = [], colorIndex = 0, width, height = 180 }) {
  const format = tickFormatter(parseSeriesKey(tooltip || title).metric);
  element.innerHTML = '';
  if (tooltip) element.title = tooltip;
  const xs = samples.map(s => s[0] / 1000);
  const ys = samples.map(s => (s[1] == null ? null : s[1]));
  const color = SERIES_COLORS[colorIndex % SERIES_COLORS.length];
  const opts = {
    title,
    width: width || Math.max(320, element.clientWidth || 600),
    height,
    cursor: { sync: { key: SYNC_KEY }, drag: { x: true, y: false } },
    scales: { x: { time: true } },
    legend: { show: false },
    axes: [
      { ...axis(), values: (u, ticks) => ticks.map(t => HH_MM(uPlot.tzDate(new Date(t * 1000), 'Etc/UTC'))) },
      { ...axis(), size: 64, values: (u, ticks) => ticks.map(format) },
    ],
    series: [{}, { label: title, stroke: color, width: 1.6, fill: color + '22', spanGaps: false }],
    hooks: { drawClear: [u => shadeBands(u, bands)] },
    tzDate: ts => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
  };
  const plot = new uPlot(opts, [xs, ys], element);
  element.dataset.points = String(xs.length);
  element.dataset.bands = String(bands.length);
  return plot;
}

/** A placeholder when a series cannot be read. */
export function chartError(element, title, error) {
  element.innerHTML = `<div class="chart-error"><strong>${esc(title)}</strong><br>${esc(error.message)}</div>`;
}

function axis() {
  return { stroke: '#9da7b3', grid: { stroke: '#21262d', width: 1 }, ticks: { stroke: '#30363d', width: 1 } };
}

function shadeBands(u, bands) {
  const ctx = u.ctx;
  const top = u.bbox.top;
  const height = u.bbox.height;
  const xMax = u.scales.x.max;
  ctx.save();
  for (const band of bands) {
    const from = band.from / 1000;
    const to = band.to == null ? xMax : band.to / 1000;
    const left = Math.max(u.bbox.left, u.valToPos(from, 'x', true));
    const right = Math.min(u.bbox.left + u.bbox.width, u.valToPos(to, 'x', true));
    if (right <= left) continue;
    ctx.fillStyle = COLORS.band;
    ctx.fillRect(left, top, right - left, height);
    ctx.fillStyle = COLORS.bandEdge;
    ctx.fillRect(left, top, Math.max(2, devicePixelRatio * 2), height);
  }
  ctx.restore();
}
