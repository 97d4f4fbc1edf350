// Snapdock's dashboard: plain JavaScript, no build. Every value from the API is put into the page
// as text (textContent), never as HTML. The token the user types stays in sessionStorage (this tab
// only) and goes out only as the Authorization header of calls to this same server.
'use strict';

const TOKEN_KEY = 'snapdock.token';
const POLL_MS = 5000;
const RUN_POLL_MS = 1000;

const $ = (id) => document.getElementById(id);

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

/** Calls the API; resolves with the parsed JSON, rejects with an Error carrying the API's message. */
async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (token()) headers['Authorization'] = 'Bearer ' + token();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!res.ok) {
    const msg = json && (json.message || json.error) ? (json.message || json.error) : (text || res.statusText);
    const err = new Error(res.status + ' ' + msg);
    err.status = res.status;
    throw err;
  }
  return json;
}

function showStatus(message, isError) {
  const s = $('status');
  s.textContent = message || '';
  s.className = isError ? 'error' : '';
}

function explain(err) {
  if (err.status === 401) return 'Token needed or not valid: ' + err.message;
  if (err.status === 403) return 'Not allowed with this token: ' + err.message;
  return err.message;
}

// ---- formatting ---------------------------------------------------------------------------

function size(bytes) {
  if (bytes === undefined || bytes === null) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Number(bytes), i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i === 0 ? v : v.toFixed(1)) + ' ' + units[i];
}

/** 20261122T010000Z -> Date */
function stampDate(stamp) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp || '');
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : null;
}

function age(date) {
  if (!date) return '';
  const s = Math.max(0, Math.round((Date.now() - date.getTime()) / 1000));
  if (s < 90) return s + ' s';
  if (s < 5400) return Math.round(s / 60) + ' min';
  if (s < 172800) return Math.round(s / 3600) + ' h';
  return Math.round(s / 86400) + ' d';
}

function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString();
}

/** Any JSON value as nested text: objects as definition lists, arrays as lists. */
function render(value) {
  if (value === null || value === undefined) return el('span', '—');
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return el('span', value.length ? value.join(', ') : '—');
    const ul = el('ul');
    value.forEach((v) => { const li = el('li'); li.appendChild(render(v)); ul.appendChild(li); });
    return ul;
  }
  if (typeof value === 'object') {
    const dl = el('dl');
    Object.keys(value).forEach((k) => { dl.appendChild(el('dt', k)); const dd = el('dd'); dd.appendChild(render(value[k])); dl.appendChild(dd); });
    return dl;
  }
  return el('span', value);
}

// ---- lists --------------------------------------------------------------------------------

let snapshots = [];

function renderSnapshots(list) {
  snapshots = list || [];
  const body = $('snapshots').tBodies[0];
  body.replaceChildren();
  snapshots.forEach((s) => {
    const tr = el('tr');
    tr.dataset.stamp = s.stamp;
    tr.appendChild(el('td', s.stamp));
    tr.appendChild(el('td', (s.stores || []).join(', ')));
    tr.appendChild(el('td', s.complete ? size(s.size) : '', 'num'));
    tr.appendChild(el('td', s.validation, 'validation ' + (s.validation || '')));
    tr.appendChild(el('td', age(stampDate(s.stamp))));
    const actions = el('td');
    if (s.complete) {
      const v = el('button', 'Validate', 'validate');
      v.type = 'button';
      v.dataset.stamp = s.stamp;
      v.addEventListener('click', () => validate(s.stamp, v));
      const r = el('button', 'Restore…', 'restore');
      r.type = 'button';
      r.dataset.stamp = s.stamp;
      r.addEventListener('click', () => openRestore(s.stamp));
      actions.append(v, ' ', r);
    }
    tr.appendChild(actions);
    body.appendChild(tr);
  });
  if (!snapshots.length) {
    const tr = el('tr');
    const td = el('td', 'No snapshot yet.');
    td.colSpan = 6;
    tr.appendChild(td);
    body.appendChild(tr);
  }
}

function renderRuns(list) {
  const body = $('runs').tBodies[0];
  body.replaceChildren();
  (list || []).slice(0, 50).forEach((r) => {
    const tr = el('tr');
    tr.dataset.id = r.id;
    tr.appendChild(el('td', r.kind));
    tr.appendChild(el('td', r.status, 'status ' + r.status));
    tr.appendChild(el('td', time(r.startedAt)));
    tr.appendChild(el('td', (r.stores || []).map((s) => s.name + ' ' + s.status).join(', ')
      || (r.requestedStores || []).join(', ')));
    tr.appendChild(el('td', r.stamp || ''));
    tr.appendChild(el('td', r.error || '', 'error'));
    body.appendChild(tr);
  });
}

async function refresh() {
  try {
    const [list, runs] = await Promise.all([api('GET', '/api/backups'), api('GET', '/api/runs')]);
    renderSnapshots(list);
    renderRuns(runs);
    showStatus('Updated ' + new Date().toLocaleTimeString());
  } catch (err) {
    showStatus(explain(err), true);
  }
}

// ---- actions ------------------------------------------------------------------------------

function actionResult(text, cls) {
  const p = $('action-result');
  p.textContent = text;
  p.className = cls || '';
}

async function startBackup() {
  try {
    const run = await api('POST', '/api/backups', {});
    actionResult('Backup started (run ' + run.id + ').');
    refresh();
  } catch (err) {
    actionResult(explain(err), 'error');
  }
}

async function validate(stamp, button) {
  button.disabled = true;
  actionResult('Validating ' + stamp + '…');
  try {
    const report = await api('POST', '/api/backups/' + encodeURIComponent(stamp) + '/validate');
    const errors = (report.errors || []).map((e) => [e.code, e.store, e.artifact, e.detail].filter(Boolean).join(' ')).join('; ');
    actionResult(stamp + ': ' + (report.valid ? 'valid' : 'invalid') + (errors ? ' — ' + errors : ''),
      report.valid ? 'valid' : 'invalid');
    refresh();
  } catch (err) {
    actionResult(explain(err), 'error');
  } finally {
    button.disabled = false;
  }
}

// ---- restore ------------------------------------------------------------------------------

function selectedStores() {
  return Array.from($('restore-stores').querySelectorAll('input[type=checkbox]:checked')).map((c) => c.value);
}

function fillStores(stamp) {
  const fs = $('restore-stores');
  fs.replaceChildren(el('legend', 'Stores'));
  const snap = snapshots.find((s) => s.stamp === stamp);
  (snap ? snap.stores : []).forEach((name) => {
    const id = 'restore-store-' + name;
    const box = el('input');
    box.type = 'checkbox';
    box.value = name;
    box.id = id;
    box.checked = true;
    box.addEventListener('change', resetPreview);
    const label = el('label', name);
    label.htmlFor = id;
    fs.append(box, label);
  });
}

function resetPreview() {
  $('restore-preview').replaceChildren();
  $('restore-result').textContent = '';
  $('restore-result').className = '';
  $('restore-confirm').disabled = true;
  $('restore-review').disabled = false;
}

function openRestore(stamp) {
  const select = $('restore-stamp');
  select.replaceChildren();
  snapshots.filter((s) => s.complete).forEach((s) => {
    const o = el('option', s.stamp + ' (' + s.validation + ')');
    o.value = s.stamp;
    select.appendChild(o);
  });
  select.value = stamp;
  fillStores(stamp);
  resetPreview();
  $('restore-dialog').showModal();
}

/** Shows what the restore will do (POST /api/restores/preview); a failing preview is shown, and does not block. */
async function review() {
  const stamp = $('restore-stamp').value;
  const stores = selectedStores();
  const box = $('restore-preview');
  box.replaceChildren(el('p', 'Asking what this restore replaces…'));
  $('restore-review').disabled = true;
  try {
    const preview = await api('POST', '/api/restores/preview', { stamp, stores });
    box.replaceChildren(el('p', 'Restoring ' + (preview.stamp || stamp) + ' replaces:'));
    (preview.stores || []).forEach((s) => {
      const div = el('div', null, 'preview-store');
      div.dataset.store = s.name;
      div.appendChild(el('h3', s.name + (s.type ? ' (' + s.type + ')' : '')));
      div.appendChild(el('p', 'Containers stopped: ' + ((s.stops && s.stops.length) ? s.stops.join(', ') : 'none')));
      const rest = Object.assign({}, s);
      delete rest.name; delete rest.type; delete rest.stops;
      if (Object.keys(rest).length) div.appendChild(render(rest));
      box.appendChild(div);
    });
  } catch (err) {
    box.replaceChildren(el('p', 'No preview: ' + explain(err), 'error'),
      el('p', 'Restoring ' + stamp + ' replaces the current data of: ' + stores.join(', ')));
  }
  $('restore-confirm').disabled = stores.length === 0;
}

async function confirmRestore() {
  const stamp = $('restore-stamp').value;
  const stores = selectedStores();
  const result = $('restore-result');
  $('restore-confirm').disabled = true;
  try {
    const run = await api('POST', '/api/restores', { stamp, stores });
    result.className = 'running';
    result.textContent = 'Restore running (run ' + run.id + ')…';
    follow(run.id);
  } catch (err) {
    result.className = 'error';
    result.textContent = explain(err);
    $('restore-confirm').disabled = false;
  }
}

/** Follows a run until it ends, showing its status in the dialog. */
function follow(id) {
  const result = $('restore-result');
  const tick = async () => {
    try {
      const run = await api('GET', '/api/runs/' + encodeURIComponent(id));
      if (run.status === 'succeeded' || run.status === 'failed') {
        result.dataset.status = run.status;
        result.className = run.status;
        const stores = (run.stores || []).map((s) => s.name + ' ' + s.status + (s.error ? ' (' + s.error + ')' : '')).join(', ');
        result.textContent = 'Restore ' + run.status + (stores ? ': ' + stores : '') + (run.error ? ' — ' + run.error : '');
        refresh();
        return;
      }
      result.textContent = 'Restore ' + run.status + ' (run ' + id + ')…';
    } catch (err) {
      result.textContent = explain(err);
    }
    setTimeout(tick, RUN_POLL_MS);
  };
  tick();
}

// ---- wiring -------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('token').value = token();
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    refresh();
  });
  $('forget-token').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    $('token').value = '';
    refresh();
  });
  $('start-backup').addEventListener('click', startBackup);
  $('restore-stamp').addEventListener('change', () => { fillStores($('restore-stamp').value); resetPreview(); });
  $('restore-review').addEventListener('click', review);
  $('restore-confirm').addEventListener('click', confirmRestore);
  $('restore-close').addEventListener('click', () => $('restore-dialog').close());
  refresh();
  // Each refresh lists the repository: none while the tab is hidden, one as soon as it shows again.
  setInterval(() => { if (!document.hidden) refresh(); }, POLL_MS);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
});
