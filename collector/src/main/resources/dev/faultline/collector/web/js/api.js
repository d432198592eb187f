// The query API client: one function per route, each resolving to the parsed JSON body.
// Paths are relative to the page, so the dashboard works behind a reverse proxy under any prefix.

const BASE = new URL('.', document.baseURI);

// A collector with query tokens (security.query-tokens) answers 401 without one: the page then asks for a token
// once and keeps it for this tab only (sessionStorage). The event stream cannot send it (EventSource has no
// headers), so such a page polls.
const TOKEN_KEY = 'faultline.token';

function authHeaders() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** GET a JSON route; rejects with an Error carrying the server's "error" message. */
export async function getJson(path, params = {}) {
  const url = new URL(path, BASE);
  for (const [k, v] of Object.entries(params)) {
    if (v != null && v !== '') url.searchParams.set(k, v);
  }
  const get = () => fetch(url, { headers: { Accept: 'application/json', ...authHeaders() }, cache: 'no-store' });
  const sent = sessionStorage.getItem(TOKEN_KEY);
  let response = await get();
  if (response.status === 401 && typeof window.prompt === 'function') {
    // Requests answered 401 together ask once: prompt blocks, and the others then find the new token.
    if (sessionStorage.getItem(TOKEN_KEY) === sent) {
      const token = window.prompt('This collector requires a query token (read scope):');
      if (token && token.trim()) sessionStorage.setItem(TOKEN_KEY, token.trim());
    }
    if (sessionStorage.getItem(TOKEN_KEY) !== sent) response = await get();
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    // non-JSON body (for example a proxy's error page); reported below by status
  }
  if (!response.ok) {
    const message = body && body.error ? body.error : `HTTP ${response.status}`;
    throw new Error(`${url.pathname}: ${message}`);
  }
  return body;
}

export const health = () => getJson('healthz');
export const topology = () => getJson('api/v1/topology');
export const incidents = (status = 'all', limit = 50) => getJson('api/v1/incidents', { status, limit });
export const incident = id => getJson(`api/v1/incidents/${encodeURIComponent(id)}`);
export const anomalies = (service, since = '-1h') => getJson('api/v1/anomalies', { service, since });
export const services = () => getJson('api/v1/services');
export const hosts = () => getJson('api/v1/hosts');
/** Every series matching the filter: the route is paged, so this follows next_cursor. */
export async function seriesList(filter) {
  const first = await getJson('api/v1/series', filter);
  let cursor = first.next_cursor;
  while (cursor) {
    const page = await getJson('api/v1/series', { ...filter, cursor });
    first.series.push(...page.series);
    cursor = page.next_cursor;
  }
  return first;
}
/** Samples of one series: {series, from, to, samples: [[epochMillis, value|null], ...]}. */
export const query = (series, from, to) => getJson('api/v1/query', { series, from, to });

/** A service's performance model summary (404 until the collector has trained one). */
export const serviceModel = name => getJson(`api/v1/services/${encodeURIComponent(name)}/model`);
/** Predicted latency of a service at {@code load} times its current request rate. */
export const whatIf = (name, load) => getJson(`api/v1/services/${encodeURIComponent(name)}/whatif`, { load });

/** The URL of the server-sent event stream. */
export const eventsUrl = () => new URL('api/v1/events', BASE).toString();
