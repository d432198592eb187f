// The series explorer: every series of one service, host or call edge, charted over a chosen range,
// with the open and recent anomaly periods shaded. Drag over a chart to zoom, double-click to reset.

import * as api from './api.js';
import { esc, seriesTitle } from './format.js';
import { drawChart, chartError } from './charts.js';
import { showPerfPanel } from './perf-panel.js';

const RANGES = ['15m', '1h', '6h', '24h'];
const MAX_CHARTS = 12;
/** Golden signals first (latency, errors, traffic), then the rest alphabetically. */
const FIRST = [/latency/, /error/, /request|calls/];

function rank(metric) {
  const i = FIRST.findIndex(re => re.test(metric));
  return i < 0 ? FIRST.length : i;
}

/** Renders the explorer for the hash parameters {@code params} (service | host, callee, range). */
export function showSeries(view, params) {
  const range = RANGES.includes(params.get('range')) ? params.get('range') : '1h';
  const service = params.get('service');
  const host = params.get('host');
  const callee = params.get('callee');
  view.innerHTML = `<section class="series-page">
    <form class="series-form panel">
      <label>Service <select name="service"><option value="">—</option></select></label>
      <label>or host <select name="host"><option value="">—</option></select></label>
      <label>calling <input name="callee" placeholder="callee (edge)" value="${esc(callee || '')}" size="12"></label>
      <label>Range <select name="range">${RANGES.map(r => `<option ${r === range ? 'selected' : ''}>${r}</option>`).join('')}</select></label>
      <button type="submit">Show</button>
      <span class="hint">drag over a chart to zoom · double-click to reset</span>
    </form>
    <h1 class="series-title">${title(service, host, callee)}</h1>
    <div class="perf-slot"></div>
    <div class="series-charts"></div>
  </section>`;
  const form = view.querySelector('form');
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const name of ['service', 'host', 'callee', 'range']) if (form[name].value) q.set(name, form[name].value);
    location.hash = `#/series?${q}`;
  });
  fillChoices(form, service, host);
  if (service && !callee) showPerfPanel(view.querySelector('.perf-slot'), service);
  let plots = [];
  if (service || host) {
    drawAll(view.querySelector('.series-charts'), { service, host, callee, range }).then(p => { plots = p; });
  } else {
    view.querySelector('.series-charts').innerHTML = '<p class="empty">Pick a service or a host, or click one on the map.</p>';
  }
  return { destroy: () => plots.forEach(p => p.destroy()) };
}

function title(service, host, callee) {
  if (service && callee) return `Calls ${esc(service)} → ${esc(callee)}`;
  if (service) return `Service ${esc(service)}`;
  if (host) return `Host ${esc(host)}`;
  return 'Series';
}

async function fillChoices(form, service, host) {
  const [s, h] = await Promise.allSettled([api.services(), api.hosts()]);
  const add = (select, names, selected) => {
    for (const name of names) {
      const o = new Option(name, name, false, name === selected);
      select.add(o);
    }
  };
  if (s.status === 'fulfilled') add(form.service, (s.value.services || []).map(x => x.name), service);
  if (h.status === 'fulfilled') add(form.host, (h.value.hosts || []).map(x => x.host), host);
}

/**
 * An edge's series are assumed to be the caller's series carrying a label whose value is the callee
 * (for example {peer="payments"}); the collector's edge labels are not fixed yet.
 */
function isEdgeSeries(s, callee) {
  return Object.values(s.labels || {}).includes(callee);
}

async function drawAll(container, { service, host, callee, range }) {
  let list;
  try {
    list = (await api.seriesList(service ? { service } : { host })).series || [];
  } catch (e) {
    container.innerHTML = `<p class="error">${esc(e.message)}</p>`;
    return [];
  }
  if (callee) list = list.filter(s => isEdgeSeries(s, callee));
  list.sort((a, b) => rank(a.metric) - rank(b.metric) || a.metric.localeCompare(b.metric) || a.id.localeCompare(b.id));
  if (list.length === 0) {
    container.innerHTML = '<p class="empty">No series.</p>';
    return [];
  }
  const shown = list.slice(0, MAX_CHARTS);
  container.innerHTML = shown.map(() => '<div class="chart"></div>').join('')
    + (list.length > MAX_CHARTS ? `<p class="muted">${list.length - MAX_CHARTS} more series not shown</p>` : '');
  const bands = await anomalyBandsBySeries(service, range);
  const cells = [...container.querySelectorAll('.chart')];
  const results = await Promise.allSettled(shown.map(s => api.query(s.id, `-${range}`, 'now')));
  const plots = [];
  results.forEach((res, i) => {
    const s = shown[i];
    if (res.status === 'rejected') return chartError(cells[i], s.id, res.reason);
    cells[i].dataset.series = s.id;
    plots.push(drawChart(cells[i], {
      title: seriesTitle(s.id) + (s.unit ? ` (${s.unit})` : ''), tooltip: s.id, samples: res.value.samples || [], bands: bands.get(s.id) || [],
      colorIndex: i, height: 160,
    }));
  });
  return plots;
}

async function anomalyBandsBySeries(service, range) {
  const bands = new Map();
  try {
    const { anomalies = [] } = await api.anomalies(service, `-${range}`);
    for (const a of anomalies) {
      if (!bands.has(a.series)) bands.set(a.series, []);
      bands.get(a.series).push({ from: new Date(a.start).getTime(), to: a.end ? new Date(a.end).getTime() : null });
    }
  } catch (e) {
    // no anomaly route yet, or it failed: the charts are still useful without shading
  }
  return bands;
}
