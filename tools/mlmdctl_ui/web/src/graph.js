// The interactive lineage graph: starts at one node and grows one hop at a
// time, fetching only the neighbours asked for (/api/neighbors, capped per
// node), so a store of a million nodes costs no more than what is on screen.
import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { api, displayName, h, showError, formatValue } from './dom.js';

cytoscape.use(dagre);

const STYLE = [
  { selector: 'node', style: {
      'label': 'data(label)', 'font-size': 11, 'text-wrap': 'ellipsis',
      'text-max-width': 130, 'text-valign': 'bottom', 'text-margin-y': 4,
      'color': '#1f2933', 'width': 26, 'height': 26, 'border-width': 1,
      'border-color': '#fff' } },
  { selector: 'node[kind = "artifact"]', style: {
      'shape': 'round-rectangle', 'background-color': '#2f6fd6' } },
  { selector: 'node[kind = "execution"]', style: {
      'shape': 'ellipse', 'background-color': '#d9822b' } },
  { selector: 'node.start', style: { 'border-width': 4, 'border-color': '#17324d' } },
  { selector: 'node:selected', style: { 'overlay-color': '#2160c4', 'overlay-opacity': 0.2,
      'overlay-padding': 6 } },
  { selector: 'edge', style: {
      'width': 1.5, 'line-color': '#9aa5b1', 'target-arrow-color': '#9aa5b1',
      'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'label': 'data(label)',
      'font-size': 9, 'color': '#6b7785', 'text-rotation': 'autorotate' } },
];

export class LineageGraph {
  // `container` holds the canvas; `panel` shows the selected node.
  constructor(container, panel, status, start) {
    this.panel = panel;
    this.status = status;
    this.meta = new Map();  // id -> {side, upDone, downDone}
    this.cy = cytoscape({ container, style: STYLE, wheelSensitivity: 0.3,
                          minZoom: 0.1, maxZoom: 3 });
    window.mlmdGraph = this.cy;  // read by the browser test
    this.addNodes([start], 'start');
    this.cy.getElementById(start.id).addClass('start').select();
    this.cy.on('tap', 'node', (ev) => this.select(ev.target));
    // Double click: one hop both ways from that node.
    this.cy.on('dbltap', 'node', async (ev) => {
      await this.run([ev.target.id()], 'up');
      await this.run([ev.target.id()], 'down');
    });
    this.select(this.cy.getElementById(start.id));
    this.layout();
  }

  addNodes(nodes, side) {
    for (const n of nodes) {
      if (this.cy.getElementById(n.id).nonempty()) continue;
      this.cy.add({ group: 'nodes', data: { ...n, label: displayName(n) } });
      this.meta.set(n.id, { side, upDone: false, downDone: false });
    }
  }

  addEdges(edges) {
    for (const e of edges) {
      const id = e.source + '>' + e.target + ':' + e.event + ':' + e.label;
      if (this.cy.getElementById(id).nonempty()) continue;
      this.cy.add({ group: 'edges', data: { id, ...e } });
    }
  }

  // One hop from one node. Returns how many neighbours the store has there.
  async expand(id, direction) {
    const m = this.meta.get(id);
    const key = direction === 'up' ? 'upDone' : 'downDone';
    if (!m || m[key]) return { total: 0, shown: 0 };
    const r = await api('neighbors', { node: id, direction });
    this.addNodes(r.nodes, direction);
    this.addEdges(r.edges);
    m[key] = true;
    return r;
  }

  // One more hop on the whole upstream (or downstream) frontier.
  async hop(direction) {
    const side = direction === 'up' ? 'up' : 'down';
    const key = direction === 'up' ? 'upDone' : 'downDone';
    const frontier = [...this.meta.entries()]
      .filter(([, m]) => (m.side === 'start' || m.side === side) && !m[key])
      .map(([id]) => id);
    await this.run(frontier, direction);
  }

  async run(ids, direction) {
    showError(null);
    this.setStatus('Loading…');
    const capped = [];
    try {
      for (const id of ids) {
        const r = await this.expand(id, direction);
        if (r.total > r.shown) capped.push(`${id}: ${r.shown} of ${r.total}`);
      }
    } catch (err) {
      showError(err);
    }
    this.layout();
    this.setStatus(capped.length ? 'Some nodes have more neighbours than shown (' +
                   capped.join(', ') + ')' : '');
  }

  layout() {
    this.cy.layout({ name: 'dagre', rankDir: 'LR', nodeSep: 25, rankSep: 70,
                     animate: false, fit: true, padding: 30 }).run();
    if (this.cy.zoom() > 1.4) { this.cy.zoom(1.4); this.cy.center(); }
  }

  setStatus(extra) {
    const nodes = this.cy.nodes().length;
    const edges = this.cy.edges().length;
    this.status.textContent = `${nodes} nodes, ${edges} edges shown` +
                              (extra ? ' — ' + extra : '');
  }

  select(node) {
    this.cy.nodes().unselect();
    node.select();
    const d = node.data();
    const page = d.kind === 'artifact' ? '#/artifact/' : '#/execution/';
    const props = { ...d.properties, ...d.custom_properties };
    const rows = Object.keys(props).slice(0, 12).map((k) =>
      h('tr', {}, h('th', {}, k), h('td', { class: 'mono' }, formatValue(props[k]))));
    this.panel.replaceChildren(...[
      h('h2', {}, displayName(d)),
      h('p', { class: 'muted' }, `${d.kind} ${d.mlmd_id} · ${d.type}` +
        (d.state ? ' · ' + d.state : '')),
      d.uri ? h('p', { class: 'mono' }, d.uri) : null,
      h('div', { class: 'toolbar' },
        h('button', { class: 'secondary', id: 'expand-node-up',
                      onclick: () => this.run([d.id], 'up') }, '← upstream'),
        h('button', { class: 'secondary', id: 'expand-node-down',
                      onclick: () => this.run([d.id], 'down') }, 'downstream →'),
        h('a', { href: page + d.mlmd_id }, 'open page')),
      rows.length ? h('table', { class: 'props' }, h('tbody', {}, rows)) : null,
    ].filter(Boolean));
  }
}
