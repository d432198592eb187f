// Live updates: server-sent events from /api/v1/events (events "anomaly", "incident", "topology", "rca", each
// data = JSON), falling back to polling every 5 s while the stream is unavailable. The stream is retried
// every 30 s; when it opens again, polling stops.
//
// Polling only (no stream) is chosen with ?live=poll on the page URL: for proxies that buffer event streams,
// and for headless-browser tests, whose virtual clock stands still while any response is still open.

import { eventsUrl } from './api.js';

export const POLL_MILLIS = 5000;
export const SSE_RETRY_MILLIS = 30000;
const EVENTS = ['anomaly', 'incident', 'topology', 'rca'];

/**
 * Starts receiving updates. {@code handlers.onEvent(type, data)} gets each event; {@code handlers.poll()}
 * is called every POLL_MILLIS while polling; {@code handlers.onMode(mode)} gets "live", "polling".
 * With {@code useStream} false it only polls. Returns a function that stops everything.
 */
export function startLiveUpdates(handlers, useStream = true) {
  let source = null;
  let pollTimer = null;
  let retryTimer = null;

  function connect() {
    retryTimer = null;
    if (!useStream || typeof EventSource === 'undefined') return fallBack();
    source = new EventSource(eventsUrl());
    source.onopen = () => {
      stopPolling();
      handlers.onMode('live');
    };
    source.onerror = () => {
      // The browser would reconnect on its own, but a server without the route answers 404 and one
      // behind a buffering proxy never delivers: either way, poll until the stream is back.
      source.close();
      source = null;
      fallBack();
    };
    for (const type of EVENTS) {
      source.addEventListener(type, ev => {
        let data = null;
        try {
          data = JSON.parse(ev.data);
        } catch (e) {
          return; // ignore a malformed event rather than break the page
        }
        handlers.onEvent(type, data);
      });
    }
  }

  function fallBack() {
    handlers.onMode('polling');
    if (pollTimer == null) pollTimer = setInterval(handlers.poll, POLL_MILLIS);
    if (retryTimer == null && useStream && typeof EventSource !== 'undefined') {
      retryTimer = setTimeout(connect, SSE_RETRY_MILLIS);
    }
  }

  function stopPolling() {
    if (pollTimer != null) clearInterval(pollTimer);
    pollTimer = null;
  }

  connect();
  return () => {
    if (source) source.close();
    stopPolling();
    if (retryTimer != null) clearTimeout(retryTimer);
  };
}
