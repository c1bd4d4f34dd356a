// mlmdctl ui: hash-routed pages over the JSON API of mlmdctl-ui.
//   #/?type=&name=&uri=&property=&value=&filter=   artifact search
//   #/artifact/<id>  #/execution/<id>              node page with lineage
//   #/runs  #/run/<context id>                      KFP runs
import { api, displayName, formatTime, h, propsTable, showError, statePill }
  from './dom.js';
import { LineageGraph } from './graph.js';

const view = () => document.getElementById('view');

function setView(...children) {
  view().replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
}

async function guarded(fn) {
  showError(null);
  try {
    await fn();
  } catch (err) {
    showError(err);
    if (view().querySelector('.muted.loading')) setView(h('p', { class: 'muted' },
      'Nothing to show.'));
  }
}

function loading() {
  setView(h('p', { class: 'muted loading' }, 'Loading…'));
}

// ---- search -------------------------------------------------------------

async function searchPage(params) {
  const field = (name, label, placeholder, cls) => h('label', { class: cls },
    label, h('input', { id: 'f-' + name, name, value: params.get(name) || '',
                        placeholder }));
  const typeSelect = h('select', { id: 'f-type', name: 'type' },
    h('option', { value: '' }, 'any type'));
  const results = h('div', { id: 'results' });
  const form = h('form', { class: 'search card', id: 'search-form' },
    h('label', {}, 'Type', typeSelect),
    field('name', 'Name', 'exact, or a pattern with *'),
    field('uri', 'URI', 'exact, or gs://bucket/* '),
    field('property', 'Property', 'custom property, or properties.key'),
    field('value', 'Property value', 'text or number; * allowed'),
    h('span'),
    field('filter', 'MLMD filter (advanced)',
          "e.g. create_time_since_epoch > 1700000000000", 'wide'),
    h('div', {}, h('button', { id: 'search-btn', type: 'submit' }, 'Search')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const qs = new URLSearchParams();
    for (const el of form.querySelectorAll('input, select')) {
      if (el.value.trim()) qs.set(el.name, el.value.trim());
    }
    const target = '#/?' + qs;
    if (location.hash === target) route(); else location.hash = target;
  });
  setView(h('h1', {}, 'Artifacts'), form, results);

  try {
    const t = await api('types');
    for (const name of t.types) typeSelect.append(h('option', { value: name }, name));
    typeSelect.value = params.get('type') || '';
  } catch (err) {
    showError(err);
    return;
  }
  await loadResults(results, params, '');
}

async function loadResults(results, params, pageToken) {
  const q = {};
  for (const k of ['type', 'name', 'uri', 'property', 'value', 'filter']) {
    q[k] = params.get(k) || '';
  }
  q.page_size = 50;
  q.page_token = pageToken;
  let r;
  try {
    r = await api('artifacts', q);
  } catch (err) {
    showError(err);
    results.replaceChildren(h('p', { class: 'muted', id: 'no-results' },
                                'The search could not run.'));
    return;
  }
  let tbody = results.querySelector('tbody');
  if (!pageToken) {
    tbody = h('tbody');
    results.replaceChildren(
      r.filter ? h('p', { class: 'muted' }, 'Filter: ', h('span', { class: 'mono' },
                                                          r.filter)) : '',
      h('table', { id: 'results-table' },
        h('thead', {}, h('tr', {}, ['id', 'name', 'type', 'uri', 'state', 'created']
          .map((c) => h('th', {}, c)))), tbody));
  }
  for (const a of r.artifacts) {
    tbody.append(h('tr', { 'data-id': a.mlmd_id },
      h('td', {}, a.mlmd_id),
      h('td', {}, h('a', { class: 'artifact-link', href: '#/artifact/' + a.mlmd_id },
                    displayName(a))),
      h('td', {}, a.type), h('td', { class: 'mono' }, a.uri),
      h('td', {}, statePill(a.state)), h('td', {}, formatTime(a.create_time))));
  }
  results.querySelector('#more-btn')?.remove();
  if (!pageToken && !r.artifacts.length) {
    results.append(h('p', { class: 'muted', id: 'no-results' }, 'No artifact matches.'));
  }
  if (r.next_page_token) {
    results.append(h('p', {}, h('button', { id: 'more-btn', class: 'secondary',
      onclick: () => loadResults(results, params, r.next_page_token) }, 'Next 50')));
  }
}

// ---- node pages ---------------------------------------------------------

async function nodePage(kind, id) {
  loading();
  const r = await api(kind + '/' + encodeURIComponent(id));
  const n = r.node;
  const graphBox = h('div', { id: 'graph' });
  const panel = h('div', { class: 'card', id: 'selected' });
  const status = h('span', { class: 'muted', id: 'graph-status' });
  const contexts = r.contexts.length ? h('ul', {}, r.contexts.map((c) =>
    h('li', {}, c.type === 'system.PipelineRun'
      ? h('a', { href: '#/run/' + c.mlmd_id }, c.name) : c.name,
      h('span', { class: 'muted' }, ' · ' + c.type)))) :
    h('p', { class: 'muted' }, 'In no context.');
  let graph;
  setView(
    h('h1', { id: 'node-title' }, displayName(n),
      h('span', { class: 'muted' }, `  ${kind} ${n.mlmd_id} · ${n.type}`)),
    h('div', { class: 'card' },
      n.uri !== undefined ? h('p', {}, 'URI ', h('span', { class: 'mono', id: 'node-uri' },
                                                    n.uri || '(none)')) : null,
      h('p', {}, 'State ', statePill(n.state), '  Created ', formatTime(n.create_time),
        '  Updated ', formatTime(n.update_time))),
    h('h2', {}, 'Lineage'),
    h('div', { class: 'toolbar' },
      h('button', { id: 'hop-up', onclick: () => graph.hop('up') }, '← one hop upstream'),
      h('button', { id: 'hop-down', onclick: () => graph.hop('down') },
        'one hop downstream →'),
      h('button', { class: 'secondary', onclick: () => graph.layout() }, 'Re-layout'),
      h('span', { class: 'legend' }, h('span', {}, h('i', { style: 'background:#2f6fd6' }),
        'artifact'), h('span', {}, h('i', { style: 'background:#d9822b;border-radius:5px' }),
        'execution')),
      status),
    h('div', { class: 'layout' }, graphBox, panel),
    h('h2', {}, 'Properties'), h('div', { id: 'props' }, propsTable(n.properties,
                                                             'No properties.')),
    h('h2', {}, 'Custom properties'),
    h('div', { id: 'custom-props' }, propsTable(n.custom_properties,
                                                'No custom properties.')),
    h('h2', {}, 'Contexts'), contexts);
  graph = new LineageGraph(graphBox, panel, status, n);
  graph.setStatus('select a node to expand it alone; double-click expands both ways');
}

// ---- runs ---------------------------------------------------------------

async function runsPage() {
  loading();
  const list = h('tbody');
  const more = h('p');
  const load = async (token) => {
    const r = await api('runs', { page_token: token });
    for (const c of r.runs) {
      list.append(h('tr', {}, h('td', {}, c.mlmd_id),
        h('td', {}, h('a', { class: 'run-link', href: '#/run/' + c.mlmd_id }, c.name)),
        h('td', {}, c.custom_properties.pipeline_name || ''),
        h('td', {}, formatTime(c.create_time))));
    }
    more.replaceChildren(r.next_page_token ? h('button', { class: 'secondary',
      onclick: () => guarded(() => load(r.next_page_token)) }, 'Next 20') : '');
    return r;
  };
  const first = await load('');
  setView(h('h1', {}, 'Pipeline runs'),
    first.runs.length ? h('table', {}, h('thead', {}, h('tr', {},
      ['id', 'run', 'pipeline', 'created'].map((c) => h('th', {}, c)))), list) :
      h('p', { class: 'muted' }, 'No system.PipelineRun contexts in this store.'),
    more);
}

async function runPage(id) {
  loading();
  const r = await api('run/' + encodeURIComponent(id));
  const tasks = h('tbody');
  const more = h('p');
  const addTasks = (executions) => {
    for (const e of executions) {
      const cp = e.custom_properties;
      tasks.append(h('tr', { 'data-id': e.mlmd_id },
        h('td', {}, h('a', { href: '#/execution/' + e.mlmd_id }, e.mlmd_id)),
        h('td', { class: 'task-name' }, cp.task_name || e.name || ''),
        h('td', {}, e.type), h('td', {}, statePill(e.state)),
        h('td', {}, formatTime(e.create_time))));
    }
  };
  const pageMore = (token) => more.replaceChildren(token ? h('button', {
    class: 'secondary', onclick: () => guarded(async () => {
      const next = await api('run/' + encodeURIComponent(id), { page_token: token });
      addTasks(next.executions);
      pageMore(next.next_page_token);
    }) }, 'More tasks') : '');
  addTasks(r.executions);
  pageMore(r.next_page_token);
  const metrics = r.metrics.map((m) => {
    const values = { ...m.custom_properties };
    delete values.display_name;
    delete values.store_session_info;
    return h('div', { class: 'card metric' },
      h('h2', {}, h('a', { href: '#/artifact/' + m.mlmd_id }, displayName(m)),
        h('span', { class: 'muted' }, ' · ' + m.type)),
      propsTable(values, 'No values.'));
  });
  setView(
    h('h1', { id: 'run-title' }, r.run.name, h('span', { class: 'muted' },
      `  run ${r.run.mlmd_id} · ${r.run.type}`)),
    h('div', { class: 'card' }, propsTable(r.run.custom_properties, 'No properties.')),
    h('h2', {}, 'Tasks'),
    h('table', { id: 'tasks' }, h('thead', {}, h('tr', {},
      ['execution', 'task', 'type', 'state', 'created'].map((c) => h('th', {}, c)))),
      tasks),
    more,
    h('h2', {}, 'Metrics'),
    metrics.length ? h('div', { class: 'metrics', id: 'metrics' }, metrics) :
      h('p', { class: 'muted' }, 'No metrics artifacts in this run.'));
}

// ---- router -------------------------------------------------------------

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  const parts = path.split('/').filter(Boolean);
  showError(null);
  if (parts[0] === 'artifact' || parts[0] === 'execution') {
    return guarded(() => nodePage(parts[0], parts[1] || ''));
  }
  if (parts[0] === 'run') return guarded(() => runPage(parts[1] || ''));
  if (parts[0] === 'runs') return guarded(runsPage);
  return guarded(() => searchPage(new URLSearchParams(query || '')));
}

window.addEventListener('hashchange', route);
route();
