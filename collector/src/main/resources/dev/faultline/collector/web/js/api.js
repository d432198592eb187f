// The query API client: one function per route, each resolving to the parsed JSON body.
// Paths are relative to the page, so the dashboard works behind a reverse proxy under any prefix.

const BASE = new URL('.', document.baseURI);

/** GET a JSON route; rejects with an Error carrying the server's "error" message. */
export async function getJson(path, params = {}) {
  const url = new URL(path, BASE);
  for (const [k, v] of Object.entries(params)) {
    if (v != null && v !== '') url.searchParams.set(k, v);
  }
  const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
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

/** The URL of the server-sent event stream. */
export const eventsUrl = () => new URL('api/v1/events', BASE).toString();
