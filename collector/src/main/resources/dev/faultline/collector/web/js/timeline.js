// The incident timeline: anomaly starts and ends in time order, and the anomaly periods they bound.

import { esc, clock, score, metricLabel } from './format.js';

/** Renders the timeline events into {@code element}, oldest first. */
export function renderTimeline(element, timeline) {
  if (timeline.length === 0) {
    element.innerHTML = '<p class="empty">No events.</p>';
    return;
  }
  const events = [...timeline].sort((a, b) => String(a.time).localeCompare(String(b.time)));
  element.innerHTML = `<ol class="events">${events.map(ev => {
    const start = ev.event === 'anomaly_start';
    return `<li class="event ${start ? 'event-start' : 'event-end'}">
      <span class="event-time">${clock(ev.time)}</span>
      <span class="event-kind">${start ? 'anomaly' : 'recovered'}</span>
      <strong>${esc(ev.service)}</strong> ${esc(metricLabel(ev.metric))}
      ${start ? `<span class="muted">score ${score(ev.score)}</span>` : ''}
    </li>`;
  }).join('')}</ol>`;
}

/** Anomaly periods [{from, to}] (epoch millis; to null = ongoing) of one series from the timeline. */
export function anomalyBands(timeline, series) {
  const bands = [];
  let open = null;
  const events = timeline.filter(t => t.series === series)
    .sort((a, b) => String(a.time).localeCompare(String(b.time)));
  for (const ev of events) {
    const t = new Date(ev.time).getTime();
    if (ev.event === 'anomaly_start' && open == null) {
      open = t;
    } else if (ev.event === 'anomaly_end' && open != null) {
      bands.push({ from: open, to: t });
      open = null;
    }
  }
  if (open != null) bands.push({ from: open, to: null });
  return bands;
}
