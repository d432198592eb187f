// Formatting helpers shared by the views: times in UTC, durations, numbers, safe HTML.

/** Escapes text for insertion into HTML. */
export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  }[c]));
}

/** "03:40:12 UTC" for an RFC 3339 string or epoch millis; "—" when absent. */
export function clock(time) {
  if (time == null) return '—';
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) return esc(time);
  return d.toISOString().substring(11, 19) + ' UTC';
}

/** "2026-11-27 03:40 UTC". */
export function dateTime(time) {
  if (time == null) return '—';
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) return esc(time);
  return d.toISOString().substring(0, 16).replace('T', ' ') + ' UTC';
}

/** "4 min", "2 h 5 min" between two times (to defaults to now). */
export function duration(from, to) {
  const ms = (to == null ? Date.now() : new Date(to).getTime()) - new Date(from).getTime();
  if (!(ms >= 0)) return '';
  const min = Math.floor(ms / 60000);
  if (min < 1) return '<1 min';
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** Seconds as "120 ms" or "1.2 s". */
export function seconds(v) {
  if (v == null) return '—';
  return v < 1 ? `${Math.round(v * 1000)} ms` : `${v.toFixed(1)} s`;
}

/** A ratio as "1.2 %". */
export function percent(v) {
  if (v == null) return '—';
  const p = v * 100;
  return `${p < 10 ? p.toFixed(1) : Math.round(p)} %`;
}

/** A score in [0, 1] as "0.82". */
export function score(v) {
  return v == null ? '—' : Number(v).toFixed(2);
}

/** A metric name made readable: "latency_p99_seconds" -> "latency p99". */
export function metricLabel(metric) {
  return String(metric ?? '').replace(/_(seconds|ratio|total|bytes)$/, '').replace(/_/g, ' ');
}
