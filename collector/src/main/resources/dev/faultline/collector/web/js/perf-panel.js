// The performance-model panel of a service: what its latency would be at a multiple of today's load, with the
// uncertainty band and the resource that runs out first, from the model the collector trains in the background
// (GET api/v1/services/{name}/model and .../whatif?load=). The panel's data-perf attribute says its state:
// "ready", "pending" (no model yet: the collector's message is shown) or "error".

import * as api from './api.js';
import { esc } from './format.js';

const LOADS = ['1.5', '2', '3'];

/** Renders the panel for {@code service} into {@code slot}, at 2x load until the user picks another. */
export function showPerfPanel(slot, service) {
  slot.innerHTML = `<section class="panel perf-panel" data-perf="loading">
    <h2>Performance model <span class="muted">what if the load grows?</span></h2>
    <label>Load <select name="load">${LOADS.map(l => `<option value="${l}" ${l === '2' ? 'selected' : ''}>${l}×</option>`).join('')}</select></label>
    <div class="perf-body"><p class="muted">Loading…</p></div>
  </section>`;
  const panel = slot.querySelector('.perf-panel');
  const select = panel.querySelector('select');
  select.addEventListener('change', () => draw(panel, service, select.value));
  return draw(panel, service, select.value);
}

async function draw(panel, service, load) {
  const body = panel.querySelector('.perf-body');
  let model;
  let w;
  try {
    [model, w] = await Promise.all([api.serviceModel(service), api.whatIf(service, load)]);
  } catch (e) {
    const pending = /no performance model/.test(e.message);
    panel.dataset.perf = pending ? 'pending' : 'error';
    body.innerHTML = `<p class="${pending ? 'empty' : 'error'}">${esc(e.message.replace(/^[^:]*: /, ''))}</p>`;
    return;
  }
  body.innerHTML = `
    <p class="perf-load">${fmt(w.current_rate_per_second)} → <strong>${fmt(w.rate_per_second)}</strong> requests/s
      ${w.extrapolated ? '<span class="chip perf-warn" title="beyond the highest load seen in training">extrapolated</span>' : ''}
      ${w.saturated ? '<span class="chip perf-bad" title="a resource saturates: predictions are lower bounds">saturated</span>' : ''}</p>
    <table class="ranking perf-table">
      <tr><th>latency</th><th>now</th><th>at ${esc(load)}×</th><th>band</th></tr>
      ${row('p50', w.current_p50, w.p50)}
      ${row('p99', w.current_p99, w.p99)}
    </table>
    <p class="perf-bottleneck">${bottleneck(w.bottleneck)}</p>
    <p class="muted perf-meta">model ${esc(w.model)} · ${model.training_rows} rows · features ${esc((model.features || []).join(', ') || 'none')}
      · held-out p99 MAPE ${mape(model.p99)}</p>`;
  panel.dataset.perf = 'ready';
  panel.dataset.bottleneck = w.bottleneck ? w.bottleneck.resource : '';
}

function row(name, now, e) {
  return `<tr><td>${name}</td><td>${fmt(now)} ms</td><td><strong>${fmt(e.value)} ms</strong></td>
    <td class="muted">${fmt(e.low)} – ${fmt(e.high)} ms</td></tr>`;
}

function bottleneck(b) {
  if (!b) return 'No bottleneck: p99 does not grow at this load.';
  return `Bottleneck: <strong class="perf-resource">${esc(b.resource)}</strong> (${esc(b.feature)} ${fmt(b.current_value)} → ${fmt(b.predicted_value)}),
    ${Math.round(b.share * 100)}% of the p99 increase (+${fmt(b.delta_p99_millis)} ms)`;
}

function mape(q) {
  const v = q && q.held_out_mape_percent ? q.held_out_mape_percent[q.chosen] : null;
  return v == null ? '—' : `${fmt(v)}%`;
}

/** Three significant digits. */
function fmt(v) {
  if (v == null || !Number.isFinite(v)) return '—';
  return Number(v.toPrecision(3)).toString();
}
