// The incident page: what broke first, how it spread, the evidence, and the series involved.

import * as api from './api.js';
import { esc, clock, dateTime, duration, score, metricLabel, seriesTitle } from './format.js';
import { createServiceMap } from './service-map.js';
import { drawChart, chartError } from './charts.js';
import { renderTimeline, anomalyBands } from './timeline.js';

/** How many series the page charts at most (the root cause's evidence comes first). */
const MAX_CHARTS = 6;

/** Renders incident {@code id} into {@code view}; returns a handle with refresh() and destroy(). */
export function showIncident(view, id, topologyProvider) {
  view.innerHTML = `<section class="incident-page"><p class="muted">Loading incident ${esc(id)}…</p></section>`;
  let map = null;
  let plots = [];
  let lastUpdated = null;
  let alive = true; // false once the user navigated away: late answers must not overwrite the next view

  async function refresh() {
    let inc;
    try {
      inc = await api.incident(id);
    } catch (e) {
      if (!alive) return;
      view.innerHTML = `<section class="incident-page"><p class="error">${esc(e.message)}</p>
        <p><a href="#/">Back to the overview</a></p></section>`;
      return;
    }
    // A new root-cause analysis does not change updated_at: it counts as a change of its own.
    const version = `${inc.updated_at}|${(inc.rca_run || {}).analyzed_at || inc.rca}`;
    if (!alive || version === lastUpdated) return;
    lastUpdated = version;
    teardown();
    view.innerHTML = layout(inc);
    const top = (inc.ranking || [])[0];
    map = createServiceMap(view.querySelector('.incident-map'), (kind, target) => {
      if (kind === 'node') location.hash = `#/series?service=${encodeURIComponent(target)}`;
    });
    try {
      const topology = await topologyProvider();
      if (!alive) return;
      map.update(topology);
      map.highlightPath(top ? top.path : []);
    } catch (e) {
      view.querySelector('.incident-map').innerHTML = `<p class="error">${esc(e.message)}</p>`;
    }
    renderTimeline(view.querySelector('.timeline'), inc.timeline || []);
    const drawn = await drawSeries(view.querySelector('.incident-charts'), inc);
    if (alive) plots = drawn;
    else drawn.forEach(p => p.destroy());
  }

  function teardown() {
    plots.forEach(p => p.destroy());
    plots = [];
    if (map) map.destroy();
    map = null;
  }

  refresh();
  return { refresh, id, destroy: () => { alive = false; teardown(); } };
}

function layout(inc) {
  const open = inc.status === 'open';
  const ranking = inc.ranking || [];
  const top = ranking[0];
  return `<section class="incident-page" data-incident="${esc(inc.id)}">
    <div class="incident-header">
      <span class="badge ${open ? 'badge-open' : 'badge-resolved'}">${open ? 'OPEN' : 'resolved'}</span>
      <h1>${esc(inc.title)}</h1>
      <div class="muted">${esc(inc.id)} · opened ${dateTime(inc.opened_at)}
        ${open ? `· ongoing for ${duration(inc.opened_at)}` : `· resolved ${clock(inc.resolved_at)} after ${duration(inc.opened_at, inc.resolved_at)}`}
        · services ${(inc.services || []).map(s => `<span class="chip">${esc(s)}</span>`).join(' ')}</div>
    </div>
    ${top ? rootCauseCard(top, inc) : `<div class="rc-card rc-none"><p>${esc(noRanking(inc))}</p></div>`}
    <div class="incident-grid">
      <div class="panel"><h2>Propagation</h2><div class="incident-map map"></div></div>
      <div class="panel"><h2>Series involved <span class="hint">drag to zoom · double-click to reset</span></h2>
        <div class="incident-charts"></div></div>
    </div>
    <div class="incident-grid">
      <div class="panel"><h2>Timeline</h2><div class="timeline"></div></div>
      <div class="panel"><h2>Ranked causes ${runInfo(inc)}</h2>${rankingTable(ranking)}</div>
    </div>
    ${(inc.fault_trees || []).length ? `<div class="panel"><h2>Fault trees matched</h2>${faultTrees(inc.fault_trees)}</div>` : ''}
  </section>`;
}

/** Why there is no ranking yet, from the incident's rca state. */
function noRanking(inc) {
  switch (inc.rca) {
    case 'pending': return 'Root-cause analysis pending: the incident is ranked within seconds of opening.';
    case 'no_data': return `No root cause ranked: ${(inc.rca_run || {}).note || 'too little history'}.`;
    case 'failed': return `Root-cause analysis failed: ${(inc.rca_run || {}).note || 'see the collector log'}.`;
    default: return 'No service changed against its baseline.';
  }
}

function runInfo(inc) {
  const run = inc.rca_run;
  if (!run) return '';
  return `<span class="hint">analysed ${clock(run.analyzed_at)} · run ${run.runs}${run.incident_start ? ` · fault start ${clock(run.incident_start)}` : ''}</span>`;
}

function rootCauseCard(rc, inc) {
  const path = rc.path && rc.path.length > 1 ? rc.path : null;
  return `<div class="rc-card" id="root-cause" data-root-cause="${esc(rc.service)}">
    <div class="rc-label">Most likely root cause</div>
    <div class="rc-main"><span class="rc-name rc-big">${esc(rc.service)}</span>
      <span class="rc-metric">${esc(metricLabel(rc.metric))}</span>
      ${rc.onset ? `<span class="rc-score">from ${clock(rc.onset)}</span>` : ''}
      <span class="rc-score">score ${score(rc.score)}</span></div>
    ${path ? `<div class="rc-path">${path.map(s => `<span class="chip">${esc(s)}</span>`).join(' <span class="arrow">→</span> ')}</div>` : ''}
    ${rc.explanation ? `<p class="rc-explanation">${esc(rc.explanation)}</p>` : ''}
  </div>`;
}

function rankingTable(ranking) {
  if (ranking.length === 0) return '<p class="empty">No candidates.</p>';
  // Scores compare within one ranking only: the bars are relative to the best.
  const best = Math.max(...ranking.map(r => r.score || 0)) || 1;
  return `<table class="ranking"><thead><tr><th>#</th><th>Service</th><th>Score</th><th>Evidence</th></tr></thead><tbody>
    ${ranking.map((r, i) => `<tr class="${i === 0 ? 'rank-top' : ''}" data-service="${esc(r.service)}">
      <td>${i + 1}</td>
      <td><strong>${esc(r.service)}</strong><div class="muted">${esc(metricLabel(r.metric))}</div>
        ${r.path && r.path.length > 1 ? `<div class="muted small">${r.path.map(esc).join(' → ')}</div>` : ''}</td>
      <td><div class="score-bar"><span style="width:${Math.round(100 * (r.score || 0) / best)}%"></span></div>${score(r.score)}</td>
      <td>${(r.evidence || []).map(ev => `<div class="evidence" title="${esc(ev.series || ev.subject)}">${esc(ev.series ? seriesTitle(ev.series) : ev.subject)}
        <span class="muted small">${esc(ev.kind || '')}</span>
        <div class="muted small">onset ${clock(ev.onset)} · change ${Number(ev.change_score ?? 0).toFixed(1)} spreads</div></div>`).join('')}
        ${i > 0 && r.explanation ? `<div class="muted small">${esc(r.explanation)}</div>` : ''}</td>
    </tr>`).join('')}
  </tbody></table>`;
}

function faultTrees(trees) {
  return trees.map(t => `<div class="fault-tree" data-tree="${esc(t.tree)}">
    <strong>${esc(t.tree)}</strong> ${t.top_event_occurred ? '<span class="badge badge-open">top event occurred</span>' : ''}
    <div class="muted small">observed: ${Object.entries(t.observed || {}).map(([k, v]) => `${esc(k)} (${esc(v)})`).join(', ')}</div>
    <table class="ranking"><thead><tr><th>Minimal cut set</th><th>Posterior</th><th>Prior</th></tr></thead><tbody>
    ${(t.minimal_cut_sets || []).map(c => `<tr><td>${(c.events || []).map(esc).join(' AND ')}${c.complete ? ' ✓' : ''}</td>
      <td>${Number(c.posterior ?? 0).toFixed(3)}</td><td>${Number(c.prior_probability ?? 0).toPrecision(2)}</td></tr>`).join('')}
    </tbody></table></div>`).join('');
}

/**
 * The distinct series of the incident, at most MAX_CHARTS: the root cause's evidence first, then the series that
 * alerted (timeline), then the other candidates' evidence.
 */
function involvedSeries(inc) {
  const keys = [];
  const [top, ...others] = inc.ranking || [];
  for (const ev of (top && top.evidence) || []) keys.push(ev.series);
  for (const t of inc.timeline || []) keys.push(t.series);
  for (const r of others) for (const ev of r.evidence || []) keys.push(ev.series);
  return [...new Set(keys.filter(Boolean))].slice(0, MAX_CHARTS);
}

async function drawSeries(container, inc) {
  const keys = involvedSeries(inc);
  if (keys.length === 0) {
    container.innerHTML = '<p class="empty">No series recorded for this incident.</p>';
    return [];
  }
  container.innerHTML = keys.map(() => '<div class="chart"></div>').join('');
  const cells = [...container.querySelectorAll('.chart')];
  const win = inc.window || {};
  const results = await Promise.allSettled(keys.map(k => api.query(k, win.from, win.to)));
  const plots = [];
  results.forEach((res, i) => {
    if (res.status === 'rejected') {
      chartError(cells[i], keys[i], res.reason);
      return;
    }
    cells[i].dataset.series = keys[i];
    plots.push(drawChart(cells[i], {
      title: seriesTitle(keys[i]), tooltip: keys[i], samples: res.value.samples || [], bands: anomalyBands(inc.timeline || [], keys[i]), colorIndex: i,
      height: 130,
    }));
  });
  return plots;
}
