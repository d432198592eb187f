// The footer: the collector's own health and when the page last heard from it.

import { clock } from './format.js';

export function renderFooter(element, health, state) {
  const parts = [];
  if (health) {
    parts.push(`collector ${health.status === 'ok' ? 'ok' : 'NOT ok'}`);
    if (health.agents_connected != null) parts.push(`${health.agents_connected} agents connected`);
    if (health.series != null) parts.push(`${health.series} series`);
  } else {
    parts.push('collector health unknown');
  }
  parts.push(`updated ${clock(state.lastUpdate)}`);
  element.textContent = parts.join(' · ');
}
