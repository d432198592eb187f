// The incident list: open incidents first (newest first), then resolved ones, each linking to its page.

import { esc, clock, duration, score, metricLabel } from './format.js';

/** Open before resolved, newest first within each. */
export function sortIncidents(incidents) {
  return [...incidents].sort((a, b) =>
    (a.status === 'open' ? 0 : 1) - (b.status === 'open' ? 0 : 1)
    || String(b.opened_at).localeCompare(String(a.opened_at)));
}

/** Renders {@code incidents} into {@code element}; {@code error}, when given, says why there is no list. */
export function renderIncidentList(element, incidents, error) {
  if (error) {
    element.innerHTML = `<p class="error">Unavailable: ${esc(error.message)}</p>`;
    return;
  }
  const sorted = sortIncidents(incidents);
  if (sorted.length === 0) {
    element.innerHTML = '<p class="empty">No incidents.</p>';
    return;
  }
  element.innerHTML = `<ul class="incidents">${sorted.map(item).join('')}</ul>`;
}

function item(inc) {
  const open = inc.status === 'open';
  const rc = inc.root_cause;
  return `<li class="incident ${open ? 'incident-open' : 'incident-resolved'}" data-incident="${esc(inc.id)}">
    <a href="#/incident/${encodeURIComponent(inc.id)}">
      <div class="incident-head">
        <span class="badge ${open ? 'badge-open' : 'badge-resolved'}">${open ? 'OPEN' : 'resolved'}</span>
        <span class="incident-title">${esc(inc.title)}</span>
      </div>
      <div class="incident-meta">
        ${open ? `opened ${clock(inc.opened_at)} · ${duration(inc.opened_at)} ago`
               : `${clock(inc.opened_at)} – ${clock(inc.resolved_at)} (${duration(inc.opened_at, inc.resolved_at)})`}
      </div>
      ${rc ? `<div class="incident-rc">root cause <strong class="rc-name">${esc(rc.service)}</strong>
        <span class="muted">${esc(metricLabel(rc.metric))} · score ${score(rc.score)}</span></div>` : ''}
    </a>
  </li>`;
}
