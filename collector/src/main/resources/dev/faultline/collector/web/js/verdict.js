// The top banner: the one-line answer to "is something wrong?".

import { esc, duration, metricLabel } from './format.js';

/** Sets the banner from the incident list; {@code error} is shown instead when the API is unreachable. */
export function renderVerdict(element, incidents, error) {
  if (error) {
    element.className = 'verdict verdict-unknown';
    element.textContent = `Incident state unknown: ${error.message}`;
    return;
  }
  const open = incidents.filter(i => i.status === 'open');
  if (open.length === 0) {
    element.className = 'verdict verdict-ok';
    element.textContent = 'All clear: no open incident';
    return;
  }
  const newest = open.reduce((a, b) => (String(a.opened_at) > String(b.opened_at) ? a : b));
  const rc = newest.root_cause;
  element.className = 'verdict verdict-incident';
  element.innerHTML = `<a href="#/incident/${encodeURIComponent(newest.id)}">
    <strong>${open.length === 1 ? 'INCIDENT' : `${open.length} INCIDENTS`}</strong> ${esc(newest.title)}
    · ${duration(newest.opened_at)}
    ${rc ? `· root cause <strong class="rc-name">${esc(rc.service)}</strong> (${esc(metricLabel(rc.metric))})` : ''}
  </a>`;
}
