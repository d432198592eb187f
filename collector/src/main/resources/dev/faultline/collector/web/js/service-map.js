// The service map: the call graph laid out left to right (callers left of callees) with dagre,
// nodes coloured by anomaly state, edges by error ratio and latency, and the propagation path of the
// current incident's root cause drawn over it.

import cytoscape from '../vendor/cytoscape.esm.min.js';
import dagre from '../vendor/cytoscape-dagre.esm.min.js';
import { COLORS, edgeHealth } from './theme.js';
import { percent, seconds } from './format.js';

cytoscape.use(dagre);

const SHAPES = { service: 'round-rectangle', database: 'barrel', external: 'hexagon' };

const STYLE = [
  { selector: 'node', style: {
    'shape': n => SHAPES[n.data('kind')] || 'round-rectangle',
    'width': 'label', 'height': 34, 'padding': '12px',
    'background-color': '#161b22', 'border-width': 3, 'border-color': n => COLORS[n.data('state')] || COLORS.unknown,
    'label': 'data(label)', 'color': COLORS.text, 'font-size': 15, 'font-weight': 600,
    'text-valign': 'center', 'text-halign': 'center', 'font-family': 'system-ui, sans-serif',
  } },
  { selector: 'node[state = "anomalous"]', style: { 'background-color': '#3d2a0e', 'border-width': 4 } },
  { selector: 'node[state = "root_cause"]', style: {
    'background-color': COLORS.root_cause, 'border-color': '#ffd7d7', 'border-width': 5, 'color': '#ffffff',
    'font-size': 17, 'height': 44, 'underlay-color': COLORS.root_cause, 'underlay-opacity': 0.35, 'underlay-padding': 10,
  } },
  { selector: 'edge', style: {
    'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'arrow-scale': 1.1,
    'width': e => 1.5 + Math.min(5, Math.log10(1 + (e.data('cps') || 0)) * 2),
    'line-color': COLORS.edge, 'target-arrow-color': COLORS.edge,
    'label': 'data(label)', 'font-size': 12, 'color': '#9da7b3', 'text-background-color': COLORS.background,
    'text-background-opacity': 0.75, 'text-background-padding': 2, 'text-rotation': 'autorotate',
    'text-margin-y': -10,
    'font-family': 'system-ui, sans-serif',
  } },
  { selector: 'edge[health = "warn"]', style: { 'line-color': COLORS.edgeWarn, 'target-arrow-color': COLORS.edgeWarn, 'color': COLORS.edgeWarn } },
  { selector: 'edge[health = "bad"]', style: { 'line-color': COLORS.edgeBad, 'target-arrow-color': COLORS.edgeBad, 'color': '#ffb3b3' } },
  { selector: 'edge.path', style: {
    'line-style': 'dashed', 'line-dash-pattern': [8, 4], 'width': 6, 'line-color': COLORS.root_cause,
    'target-arrow-color': COLORS.root_cause, 'z-index': 10,
  } },
  { selector: 'node.root', style: {
    'background-color': COLORS.root_cause, 'border-color': '#ffd7d7', 'border-width': 5, 'color': '#ffffff',
    'font-size': 17, 'height': 44, 'underlay-color': COLORS.root_cause, 'underlay-opacity': 0.35, 'underlay-padding': 10,
    'label': n => `⚠ ${n.id()}`,
  } },
  { selector: '.faded', style: { 'opacity': 0.35 } },
];

/**
 * Creates a map inside {@code container}. {@code onSelect(kind, id)} is called with ("node", service) or
 * ("edge", {caller, callee}) when the user clicks.
 */
export function createServiceMap(container, onSelect) {
  const cy = cytoscape({
    container, style: STYLE, elements: [], wheelSensitivity: 0.3, minZoom: 0.3, maxZoom: 2.5,
    boxSelectionEnabled: false, autoungrabify: false,
  });
  cy.on('tap', 'node', ev => onSelect && onSelect('node', ev.target.id()));
  cy.on('tap', 'edge', ev => onSelect && onSelect('edge', { caller: ev.target.data('source'), callee: ev.target.data('target') }));
  let signature = '';
  let path = [];

  function update(topology) {
    const elements = toElements(topology);
    const nextSignature = elements.map(e => e.data.id).sort().join('|');
    if (nextSignature === signature) {
      for (const e of elements) cy.getElementById(e.data.id).data(e.data);
    } else {
      cy.elements().remove();
      cy.add(elements);
      signature = nextSignature;
      cy.layout({ name: 'dagre', rankDir: 'LR', nodeSep: 28, rankSep: 170, edgeSep: 10, padding: 30, fit: true }).run();
      if (cy.zoom() > 1.6) {
        cy.zoom(1.6);
        cy.center();
      }
    }
    highlightPath(path);
    container.dataset.nodes = cy.nodes().map(n => n.id()).sort().join(',');
  }

  /** Marks the propagation path, root cause first (["payments", "checkout", "frontend"]), the root cause in red. */
  function highlightPath(servicePath) {
    path = servicePath || [];
    cy.elements().removeClass('path faded root');
    container.dataset.rootCause = path.length ? path[0] : '';
    container.dataset.path = path.join(',');
    if (path.length === 0) return;
    cy.getElementById(path[0]).addClass('root');
    const onPath = cy.collection();
    for (let i = 0; i < path.length; i++) {
      onPath.merge(cy.getElementById(path[i]));
      if (i + 1 < path.length) {
        // Faults propagate against the call direction: the caller path[i+1] sees its callee path[i] fail.
        onPath.merge(cy.getElementById(edgeId(path[i + 1], path[i])));
        onPath.merge(cy.getElementById(edgeId(path[i], path[i + 1])));
      }
    }
    onPath.addClass('path');
    cy.elements().not(onPath).addClass('faded');
  }

  return { update, highlightPath, resize: () => cy.resize(), destroy: () => cy.destroy() };
}

function edgeId(caller, callee) {
  return `${caller}->${callee}`;
}

function toElements(topology) {
  const nodes = (topology.nodes || []).map(n => ({
    group: 'nodes',
    data: { id: n.id, label: n.state === 'root_cause' ? `⚠ ${n.id}` : n.id, kind: n.kind || 'service', state: n.state || 'ok' },
  }));
  const known = new Set(nodes.map(n => n.data.id));
  const edges = [];
  for (const e of topology.edges || []) {
    for (const end of [e.caller, e.callee]) {
      if (!known.has(end)) {
        known.add(end);
        nodes.push({ group: 'nodes', data: { id: end, label: end, kind: 'external', state: 'ok' } });
      }
    }
    edges.push({ group: 'edges', data: {
      id: edgeId(e.caller, e.callee), source: e.caller, target: e.callee,
      cps: e.calls_per_second, health: edgeHealth(e),
      // Only unhealthy edges are labelled: numbers on every edge bury the few that matter.
      label: edgeHealth(e) === 'ok' ? '' : `${percent(e.error_ratio)} err · p99 ${seconds(e.latency_p99_seconds)}`,
    } });
  }
  return [...nodes, ...edges];
}
