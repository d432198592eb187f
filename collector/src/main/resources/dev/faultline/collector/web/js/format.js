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

/** A metric name made readable: "latency_p99_seconds" -> "latency p99", "error_ratio" -> "error ratio". */
export function metricLabel(metric) {
  return String(metric ?? '').replace(/_(seconds|total|bytes)$/, '').replace(/_/g, ' ');
}

/** Splits a series key 'metric{k="v",...}' into {metric, labels}; labels is {} when there are none. */
export function parseSeriesKey(key) {
  const text = String(key ?? '');
  const brace = text.indexOf('{');
  if (brace < 0 || !text.endsWith('}')) return { metric: text, labels: {} };
  const labels = {};
  const pairs = /([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
  let m;
  while ((m = pairs.exec(text.substring(brace + 1, text.length - 1))) !== null) {
    labels[m[1]] = m[2].replace(/\\(.)/g, '$1');
  }
  return { metric: text.substring(0, brace), labels };
}

/** A series key made readable: "payments · latency p99 · payments-1 @ node-3 · peer=checkout". */
export function seriesTitle(key) {
  const { metric, labels } = parseSeriesKey(key);
  const { service, instance, host, ...rest } = labels;
  const where = [instance, host].filter(Boolean).join(' @ ');
  const extra = Object.entries(rest).map(([k, v]) => `${k}=${v}`).join(', ');
  return [service, metricLabel(metric), where, extra].filter(Boolean).join(' · ');
}

/** A number for an axis tick: SI prefixes above 1000, three significant digits below. */
export function compact(v) {
  if (v == null || !Number.isFinite(v)) return '';
  const a = Math.abs(v);
  if (a >= 1e9) return `${+(v / 1e9).toPrecision(3)}G`;
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toPrecision(3)}k`;
  return String(+v.toPrecision(3));
}

/** An axis-tick formatter suited to the metric's unit suffix (_ratio as %, _seconds as ms/s, _bytes as B). */
export function tickFormatter(metric) {
  const m = String(metric ?? '');
  if (m.endsWith('_ratio')) return v => (v == null ? '' : `${+(v * 100).toPrecision(3)}%`);
  if (m.endsWith('_seconds')) {
    return v => (v == null ? '' : v === 0 ? '0' : Math.abs(v) < 1 ? `${+(v * 1000).toPrecision(3)}ms` : `${+v.toPrecision(3)}s`);
  }
  if (m.endsWith('_bytes')) return v => (v == null ? '' : `${compact(v)}B`);
  return compact;
}
