// State colours and thresholds, in one place so the map, lists and charts agree.
// The palette stays distinguishable for the common red-green colour deficiencies by pairing each colour
// with a second cue: root cause = red + thick ring + label, anomalous = amber + ring, ok = muted blue-green.

export const COLORS = {
  ok: '#3a9d8f',
  anomalous: '#f2a33a',
  root_cause: '#ff4d4f',
  unknown: '#8b949e',
  edge: '#5b6470',
  edgeWarn: '#f2a33a',
  edgeBad: '#ff4d4f',
  text: '#e6edf3',
  background: '#0d1117',
  band: 'rgba(255, 77, 79, 0.16)',
  bandEdge: 'rgba(255, 77, 79, 0.7)',
};

/** Error ratio at or above which an edge is drawn amber, and red. */
export const ERROR_WARN = 0.01;
export const ERROR_BAD = 0.05;
/** p99 latency (seconds) at or above which an edge is drawn amber, and red. */
export const LATENCY_WARN = 0.5;
export const LATENCY_BAD = 1.0;

/** "ok" | "warn" | "bad" for an edge from its error ratio and p99 latency. */
export function edgeHealth(edge) {
  const e = edge.error_ratio ?? 0;
  const l = edge.latency_p99_seconds ?? 0;
  if (e >= ERROR_BAD || l >= LATENCY_BAD) return 'bad';
  if (e >= ERROR_WARN || l >= LATENCY_WARN) return 'warn';
  return 'ok';
}

/** Series colours for charts, in order. */
export const SERIES_COLORS = ['#58a6ff', '#f2a33a', '#a371f7', '#3fb950', '#ff7b72', '#79c0ff'];
