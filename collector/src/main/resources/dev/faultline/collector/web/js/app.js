// The dashboard's entry point: holds the latest data, routes between views by URL hash and feeds the
// current view from the API and the live updates.
//
//   #/                    overview: service map, incidents, open anomalies
//   #/incident/{id}       one incident
//   #/series?service=...  series explorer (also host=..., callee=... for an edge, range=15m|1h|6h|24h)
//
// ?live=poll before the hash turns the event stream off (poll every 5 s instead); see live.js.

import * as api from './api.js';
import { showOverview } from './overview.js';
import { showIncident } from './incident-page.js';
import { showSeries } from './series-page.js';
import { renderVerdict } from './verdict.js';
import { renderFooter } from './footer.js';
import { startLiveUpdates } from './live.js';

const state = { topology: null, incidents: [], anomalies: [], path: [], lastUpdate: null, mode: 'starting' };
let current = null;

async function refreshAll() {
  const [topology, incidents, anomalies, health] = await Promise.allSettled([
    topologyOrServices(), api.incidents('all'), api.anomalies(undefined, '-1h'), api.health(),
  ]);
  if (topology.status === 'fulfilled') state.topology = topology.value;
  state.topologyError = topology.status === 'rejected' ? topology.reason : topology.value.note || null;
  if (incidents.status === 'fulfilled') state.incidents = incidents.value.incidents || [];
  if (anomalies.status === 'fulfilled') state.anomalies = anomalies.value.anomalies || [];
  state.incidentsError = incidents.status === 'rejected' ? incidents.reason : null;
  state.anomaliesError = anomalies.status === 'rejected' ? anomalies.reason : null;
  state.path = await currentPath(state.incidents);
  state.lastUpdate = new Date();
  renderVerdict(document.getElementById('verdict'), state.incidents,
    incidents.status === 'rejected' ? incidents.reason : null);
  renderFooter(document.getElementById('footer'), health.status === 'fulfilled' ? health.value : null, state);
  feedView();
  if (current && current.refresh) current.refresh();
}

/**
 * The call graph; where the collector has no topology route yet, its services as unconnected nodes (with a
 * note saying so), so that the map still shows who reports.
 */
async function topologyOrServices() {
  try {
    return await api.topology();
  } catch (e) {
    const services = (await api.services().catch(() => { throw e; })).services || [];
    return {
      nodes: services.map(s => ({ id: s.name, kind: 'service', state: 'ok' })), edges: [],
      note: new Error(`no call graph (${e.message}); showing the services that report`),
    };
  }
}

/** The propagation path of the newest open incident's top-ranked cause (root cause first), or []. */
async function currentPath(incidents) {
  const open = incidents.filter(i => i.status === 'open')
    .sort((a, b) => String(b.opened_at).localeCompare(String(a.opened_at)));
  if (open.length === 0) return [];
  try {
    const top = ((await api.incident(open[0].id)).ranking || [])[0];
    return top && top.path ? top.path : [];
  } catch (e) {
    return open[0].root_cause ? [open[0].root_cause.service] : [];
  }
}

function feedView() {
  if (!current || !current.topology) return;
  if (state.topology) current.topology(state.topology);
  if (state.topologyError) current.topologyError(state.topologyError);
  current.incidents(state.incidents, state.path, state.incidentsError);
  current.anomalies(state.anomalies, state.anomaliesError);
}

function route() {
  if (current) current.destroy();
  const view = document.getElementById('view');
  const hash = location.hash || '#/';
  const [path, query] = hash.substring(1).split('?');
  document.body.dataset.view = path.startsWith('/incident/') ? 'incident' : path.startsWith('/series') ? 'series' : 'overview';
  if (path.startsWith('/incident/')) {
    current = showIncident(view, decodeURIComponent(path.substring('/incident/'.length)),
      async () => state.topology || (state.topology = await api.topology()));
  } else if (path.startsWith('/series')) {
    current = showSeries(view, new URLSearchParams(query || ''));
  } else {
    current = showOverview(view);
    feedView();
  }
  for (const a of document.querySelectorAll('.nav a')) {
    a.classList.toggle('active', a.getAttribute('href') === `#${path}` || (path === '/' && a.getAttribute('href') === '#/'));
  }
}

function onEvent(type, data) {
  if (type === 'topology') {
    state.topology = data;
    state.topologyError = null;
  } else if (type === 'incident') {
    const i = state.incidents.findIndex(x => x.id === data.id);
    if (i >= 0) state.incidents[i] = { ...state.incidents[i], ...data };
    else state.incidents.push(data);
    if (current && current.id === data.id) current.refresh();
  } else if (type === 'rca') {
    // A new ranking: the incident page re-reads its detail, the map its propagation path.
    const i = state.incidents.findIndex(x => x.id === data.incident);
    if (i >= 0) state.incidents[i] = { ...state.incidents[i], root_cause: data.root_cause, rca: data.rca };
    if (current && current.id === data.incident) current.refresh();
    currentPath(state.incidents).then(path => {
      state.path = path;
      feedView();
    });
  } else if (type === 'anomaly') {
    const i = state.anomalies.findIndex(x => x.series === data.series && x.start === data.start);
    if (i >= 0) state.anomalies[i] = data;
    else state.anomalies.push(data);
  }
  state.lastUpdate = new Date();
  renderVerdict(document.getElementById('verdict'), state.incidents, null);
  feedView();
  document.body.dataset.events = String(Number(document.body.dataset.events || 0) + 1);
}

function onMode(mode) {
  state.mode = mode;
  document.body.dataset.live = mode;
  const live = document.getElementById('live');
  live.textContent = mode === 'live' ? '● live' : mode === 'polling' ? '↻ polling 5 s' : mode;
  live.className = `live live-${mode}`;
}

window.addEventListener('hashchange', route);
route();
refreshAll().finally(() => {
  document.body.dataset.ready = 'true';
  const stream = new URLSearchParams(location.search).get('live') !== 'poll';
  startLiveUpdates({ onEvent, onMode, poll: refreshAll }, stream);
});
