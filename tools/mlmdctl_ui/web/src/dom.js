// Small DOM and fetch helpers. Every text from the store goes in through
// textContent, never innerHTML, so names and URIs cannot inject markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function showError(err) {
  const box = document.getElementById('error');
  if (!err) {
    box.hidden = true;
    box.textContent = '';
    return;
  }
  box.replaceChildren(h('b', {}, err.code || 'ERROR'), err.message || String(err));
  box.hidden = false;
}

// GET /api/...; resolves to the JSON body or rejects with {code, message}.
export async function api(path, params = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v != null) qs.set(k, v);
  const url = '/api/' + path + (qs.toString() ? '?' + qs : '');
  let resp;
  try {
    resp = await fetch(url);
  } catch (e) {
    throw { code: 'UNREACHABLE',
            message: 'The mlmdctl ui process itself is not answering (' + e.message +
                     '). Is it still running?' };
  }
  let body;
  try {
    body = await resp.json();
  } catch (e) {
    throw { code: 'HTTP_' + resp.status, message: 'Unexpected answer from ' + url };
  }
  if (!resp.ok) throw body.error || { code: 'HTTP_' + resp.status, message: url };
  return body;
}

export function formatTime(ms) {
  if (!ms) return '';
  return new Date(Number(ms)).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function formatValue(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

// Name the page shows for a node: KFP's display_name, else name, else type#id.
export function displayName(node) {
  const dn = node.custom_properties && node.custom_properties.display_name;
  if (typeof dn === 'string' && dn) return dn;
  if (node.name) return node.name;
  return (node.type || node.kind) + ' #' + node.mlmd_id;
}

export function propsTable(props, emptyText) {
  const keys = Object.keys(props || {});
  if (!keys.length) return h('p', { class: 'muted' }, emptyText);
  return h('table', { class: 'props' },
    h('tbody', {}, keys.map((k) =>
      h('tr', {}, h('th', {}, k), h('td', { class: 'mono' }, formatValue(props[k]))))));
}

export function statePill(state) {
  return h('span', { class: 'pill ' + (state || '') }, state || '');
}
