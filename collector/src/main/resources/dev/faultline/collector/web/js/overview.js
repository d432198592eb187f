// The overview: the service map beside the incident list and the anomalies that are still open.

import { esc, clock, score, metricLabel } from './format.js';
import { createServiceMap } from './service-map.js';
import { renderIncidentList } from './incident-list.js';
import { COLORS } from './theme.js';

/** Renders the overview into {@code view}; returns a handle the app feeds with data. */
export function showOverview(view) {
  view.innerHTML = `<section class="overview">
    <div class="panel map-panel"><h2>Service map ${legend()}</h2><p id="map-message" class="map-message"></p><div id="service-map" class="map"></div></div>
    <div class="side">
      <div class="panel"><h2>Incidents</h2><div id="incident-list"></div></div>
      <div class="panel"><h2>Open anomalies <span class="hint">last hour</span></h2><div id="anomaly-list"></div></div>
    </div>
  </section>`;
  const map = createServiceMap(view.querySelector('#service-map'), (kind, target) => {
    location.hash = kind === 'node'
      ? `#/series?service=${encodeURIComponent(target)}`
      : `#/series?service=${encodeURIComponent(target.caller)}&callee=${encodeURIComponent(target.callee)}`;
  });
  return {
    topology: t => {
      view.querySelector('#map-message').textContent = (t.nodes || []).length ? '' : 'No services have reported yet.';
      map.update(t);
    },
    topologyError: e => {
      view.querySelector('#map-message').textContent = `Service map: ${e.message}`;
    },
    incidents: (list, path, error) => {
      renderIncidentList(view.querySelector('#incident-list'), list, error);
      map.highlightPath(path);
    },
    anomalies: (list, error) => renderAnomalies(view.querySelector('#anomaly-list'), list, error),
    destroy: () => map.destroy(),
  };
}

function legend() {
  const dot = (c, t) => `<span class="legend-item"><span class="dot" style="background:${c}"></span>${t}</span>`;
  return `<span class="legend">${dot(COLORS.ok, 'ok')}${dot(COLORS.anomalous, 'anomalous')}${dot(COLORS.root_cause, 'root cause')}
    <span class="legend-item">edges: error % · p99</span></span>`;
}

function renderAnomalies(element, anomalies, error) {
  if (error) {
    element.innerHTML = `<p class="error">Unavailable: ${esc(error.message)}</p>`;
    return;
  }
  const open = anomalies.filter(a => a.end == null)
    .sort((a, b) => String(a.start).localeCompare(String(b.start)));
  if (open.length === 0) {
    element.innerHTML = '<p class="empty">None.</p>';
    return;
  }
  element.innerHTML = `<ul class="anomalies">${open.slice(0, 12).map(a => `<li>
    <span class="event-time">${clock(a.start)}</span>
    <a href="#/series?service=${encodeURIComponent(a.service)}"><strong>${esc(a.service)}</strong></a>
    ${esc(metricLabel(a.metric))} <span class="muted">score ${score(a.score)}</span></li>`).join('')}</ul>
    ${open.length > 12 ? `<p class="muted">and ${open.length - 12} more</p>` : ''}`;
}
