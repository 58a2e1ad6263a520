// Stancemap workbench. Every piece of data is put into the page as a text node or an attribute set with
// setAttribute on a fixed, safe list: no innerHTML, no inline handlers, no eval (the CSP forbids them anyway).
'use strict';

const SAFE_ATTRS = new Set(['class', 'id', 'title', 'type', 'name', 'value', 'placeholder', 'for', 'rows',
  'accept', 'download', 'role', 'tabindex', 'min', 'max', 'aria-label', 'rel', 'value']);

/** el('a', {href: '/doc/1', class: 'x'}, 'text', child) builds an element; strings become text nodes. */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'href') e.setAttribute('href', safeHref(String(v)));
    else if (k.startsWith('data-')) e.setAttribute(k, String(v));
    else if (k === 'bg') e.style.backgroundColor = String(v);
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) e.addEventListener(ev, fn);
    else if (SAFE_ATTRS.has(k)) e.setAttribute(k, String(v));
    else throw new Error('attribute not allowed: ' + k);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** Links go to this server (a path) or to http(s) pages; anything else (javascript:, data:) becomes '#'. */
function safeHref(h) {
  if (h.startsWith('/') && !h.startsWith('//')) return h;
  if (h.startsWith('#')) return h;
  try {
    const u = new URL(h);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
  } catch (e) { /* not a URL */ }
  return '#';
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

function cookie(name) {
  for (const part of document.cookie.split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v || '');
  }
  return '';
}

async function api(path, options) {
  const opts = Object.assign({headers: {}}, options || {});
  if (opts.method && opts.method !== 'GET') opts.headers['X-CSRF-Token'] = cookie('sm_csrf');
  const r = await fetch(path, opts);
  const type = r.headers.get('Content-Type') || '';
  const body = type.startsWith('application/json') ? await r.json() : await r.text();
  if (!r.ok) throw new Error(body && body.message ? body.message : ('HTTP ' + r.status));
  return body;
}

function postJson(path, body) {
  return api(path, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
}

function hue(s) { let h = 0; for (const c of String(s)) h = (h * 31 + c.charCodeAt(0)) >>> 0; return h % 360; }
function colour(label) { return 'hsl(' + hue(label) + ', 70%, 84%)'; }
function strong(label) { return 'hsl(' + hue(label) + ', 55%, 42%)'; }
function pct(x) { return x === null || x === undefined ? '–' : Math.round(x * 100) + ' %'; }
function num(x) { return x === null || x === undefined ? '–' : Number(x).toFixed(2); }
function badge(position) {
  return position ? el('span', {class: 'badge pos-' + String(position).replace(/[^a-z-]/g, '')}, position) : null;
}
function showError(where, e) { where.append(el('p', {class: 'error'}, String(e.message || e))); }

const main = () => document.getElementById('main');

// ---- corpus --------------------------------------------------------------------------------------------------

async function corpusPage() {
  const m = main();
  const params = new URLSearchParams(location.search);
  m.append(el('h1', {}, 'Corpus'));
  const facets = await api('/api/facets');
  const form = el('form', {class: 'filters', id: 'filters'});
  const field = (label, input) => el('label', {}, label, input);
  const select = (name, values, labelOf) => {
    const s = el('select', {name}, el('option', {value: ''}, 'any'));
    for (const v of values) {
      const id = typeof v === 'string' ? v : v.id;
      const o = el('option', {value: id}, labelOf ? labelOf(v) : id);
      if (params.get(name) === id) o.selected = true;
      s.append(o);
    }
    return s;
  };
  const text = (name, type, ph) => { const i = el('input', {name, type, placeholder: ph || ''}); i.value = params.get(name) || ''; return i; };
  form.append(field('Search', text('q', 'search', 'words, "phrases", narrative:…')),
    field('Mode', select('mode', ['hybrid', 'text', 'semantic'])),
    field('Source', select('source', facets.sources)),
    field('From', text('from', 'date')), field('To', text('to', 'date')),
    field('Position', select('position', facets.positions)),
    field('Narrative', select('narrative', facets.narratives, v => v.name)),
    field('Technique', select('technique', facets.techniques, v => v.name)),
    el('button', {type: 'submit'}, 'Filter'));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) if (v) q.set(k, v);
    location.search = q.toString();
  });
  m.append(form);
  const list = el('div', {id: 'corpus-list'});
  m.append(list);
  const q = new URLSearchParams();
  for (const k of ['q', 'mode', 'source', 'from', 'to', 'position', 'narrative', 'technique', 'offset']) {
    if (params.get(k)) q.set(k, params.get(k));
  }
  q.set('limit', '20');
  try {
    const page = await api('/api/corpus?' + q);
    list.append(el('p', {class: 'meta', id: 'corpus-total'}, page.total + ' document(s)'));
    for (const n of page.notes) list.append(el('p', {class: 'note'}, n));
    for (const d of page.items) {
      const marks = Object.entries(d.stance).filter(([, s]) => s.label !== 'none')
        .map(([t, s]) => el('span', {class: 'mark ' + s.label, title: t + ': ' + s.label + ' (' + num(s.score) + ')'},
          (s.label === 'favor' ? '▲ ' : '▼ ') + t));
      list.append(el('article', {class: 'item', 'data-id': d.id},
        el('h3', {}, el('a', {href: '/doc/' + d.id}, d.title || '(untitled)')),
        el('div', {class: 'meta'}, badge(d.position), marks, ' ', d.source, d.published ? ' · ' + d.published.slice(0, 10) : ''),
        el('p', {}, d.excerpt),
        d.narratives.length ? el('div', {class: 'meta'}, 'Narratives: ' + d.narratives.join(', ')) : null));
    }
    const pager = el('div', {class: 'pager'});
    const go = off => { const p = new URLSearchParams(location.search); p.set('offset', String(off)); location.search = p.toString(); };
    if (page.offset > 0) pager.append(el('button', {class: 'secondary', on: {click: () => go(Math.max(0, page.offset - page.limit))}}, '← Newer'));
    pager.append(el('span', {class: 'meta'}, (page.total ? page.offset + 1 : 0) + '–' + Math.min(page.total, page.offset + page.limit) + ' of ' + page.total));
    if (page.offset + page.limit < page.total) pager.append(el('button', {class: 'secondary', id: 'next-page', on: {click: () => go(page.offset + page.limit)}}, 'Older →'));
    list.append(pager);
  } catch (e) { showError(list, e); }
}

// ---- document ------------------------------------------------------------------------------------------------

function evidenceIndex(a) {
  // sentence span "start-end" -> list of {kind, label, score}
  const idx = new Map();
  const add = (ev, kind, label, score, why) => {
    for (const e of ev || []) {
      const k = e.start + '-' + e.end;
      if (!idx.has(k)) idx.set(k, []);
      idx.get(k).push({kind, label, score: e.score !== undefined ? e.score : score, why, unit: e.unit});
    }
  };
  for (const u of a.units || []) {
    for (const [t, s] of Object.entries(u.stance || {})) {
      if (s.label !== 'none') add(s.evidence, 'stance', t + ' ' + s.label, s.score, 'stance toward ' + t);
    }
    for (const n of u.narratives || []) add(n.evidence, 'narrative', n.id, n.score, 'narrative: ' + n.name);
    for (const n of u.techniques || []) add(n.evidence, 'technique', n.id, n.score, 'technique: ' + n.name);
    for (const r of u.roles || []) add(r.evidence, 'role', r.role + ':' + r.actor, r.score, (r.mention || r.actor) + ' as ' + r.role);
  }
  return idx;
}

let tip = null;
function showTip(ev, lines) {
  hideTip();
  tip = el('div', {class: 'tip', role: 'tooltip'}, lines.map(l => el('div', {}, l)));
  document.body.append(tip);
  tip.style.left = Math.min(window.innerWidth - 370, ev.clientX + 12) + 'px';
  tip.style.top = (ev.clientY + 14) + 'px';
}
function hideTip() { if (tip) { tip.remove(); tip = null; } }

function scrollToSpan(start, end) {
  const t = document.getElementById('s-' + start + '-' + end);
  if (!t) return;
  t.scrollIntoView({block: 'center'});
  t.classList.add('flash');
  setTimeout(() => t.classList.remove('flash'), 2500);
}

function quote(e) {
  return el('span', {class: 'quote', title: 'show in the text', 'data-start': e.start, 'data-end': e.end,
    on: {click: () => scrollToSpan(e.start, e.end)}}, '“' + e.text + '”');
}

async function documentPage() {
  const m = main();
  const id = location.pathname.split('/').pop();
  let d;
  try { d = await api('/api/documents/' + encodeURIComponent(id)); } catch (e) { showError(m, e); return; }
  document.title = 'Stancemap · ' + (d.title || 'document ' + d.id);
  m.append(el('h1', {id: 'doc-title'}, d.title || '(untitled)'),
    el('p', {class: 'meta'}, badge(d.analysis && d.analysis.position ? d.analysis.position.label : null),
      d.source, d.published ? ' · ' + d.published.slice(0, 10) : '', d.url ? ' · ' : '',
      d.url ? el('a', {href: d.url, rel: 'noopener'}, 'original') : null, ' · ',
      el('a', {href: '/review?doc=' + d.id}, 'review labels')));
  const a = d.analysis || {units: []};
  const idx = evidenceIndex(a);
  const text = d.text;
  const box = el('div', {class: 'text', id: 'doc-text'});
  let at = 0;
  for (const u of a.units || []) {
    if (u.start > at) box.append(text.slice(at, u.start));
    const unit = el('span', {class: 'unit' + (u.relevant ? ' relevant' : ''), id: 'unit-' + u.id, 'data-unit': u.id,
      title: u.kind + (u.author ? ' by ' + u.author : '')});
    let p = u.start;
    for (const s of u.sentences || []) {
      if (s.start < p) continue;
      if (s.start > p) unit.append(text.slice(p, s.start));
      const labels = idx.get(s.start + '-' + s.end);
      const sp = el('span', {id: 's-' + s.start + '-' + s.end}, text.slice(s.start, s.end));
      if (labels) {
        sp.classList.add('ev');
        sp.setAttribute('data-labels', labels.map(l => l.kind + ':' + l.label).join(' '));
        sp.style.backgroundColor = colour(labels[0].label);
        const lines = labels.map(l => l.why + ' — ' + l.label + ', score ' + num(l.score));
        sp.addEventListener('mouseenter', ev => showTip(ev, lines));
        sp.addEventListener('mouseleave', hideTip);
      }
      unit.append(sp);
      p = s.end;
    }
    if (u.end > p) unit.append(text.slice(p, u.end));
    box.append(unit);
    at = Math.max(at, u.end);
  }
  if (at < text.length) box.append(text.slice(at));

  const side = el('aside', {class: 'side', id: 'side'});
  side.append(el('h2', {}, 'Position'), a.position ? el('p', {}, badge(a.position.label), pct(a.position.score)) : el('p', {class: 'note'}, a.status || 'not analysed'));
  side.append(el('h2', {}, 'Stance per target'));
  const st = el('ul', {id: 'stance'});
  for (const [t, s] of Object.entries(a.stance || {})) {
    st.append(el('li', {}, el('strong', {}, t), ': ', el('span', {class: 'mark ' + s.label}, s.label), ' ', num(s.score),
      (s.evidence || []).slice(0, 2).map(e => el('div', {}, quote(e)))));
  }
  side.append(st);
  const labelList = (title, items, idName) => {
    side.append(el('h2', {}, title));
    if (!items || !items.length) { side.append(el('p', {class: 'note'}, 'none')); return; }
    const ul = el('ul', {id: idName});
    for (const n of items) {
      ul.append(el('li', {}, el('span', {class: 'badge', bg: colour(n.id)}, n.name || n.id), ' ', num(n.score),
        (n.evidence || []).slice(0, 2).map(e => el('div', {}, quote(e)))));
    }
    side.append(ul);
  };
  labelList('Narratives', a.narratives, 'narratives');
  labelList('Techniques', a.techniques, 'techniques');
  side.append(el('h2', {}, 'Roles'));
  const roles = el('ul', {id: 'roles'});
  for (const r of a.roles || []) roles.append(el('li', {}, (r.entity || r.actor) + ' — ' + r.role + ' ' + num(r.score), (r.evidence || []).slice(0, 1).map(e => el('div', {}, quote(e)))));
  side.append(roles);
  side.append(el('h2', {}, 'Contradictions'));
  const cons = el('ul', {id: 'contradictions'});
  for (const c of a.contradictions || []) cons.append(el('li', {}, c.kind + ' (' + c.a + ' vs ' + c.b + (c.target ? ', ' + c.target : '') + ')', (c.quotes || []).map(e => el('div', {}, quote(e)))));
  if (!(a.contradictions || []).length) cons.append(el('li', {class: 'note'}, 'none'));
  side.append(cons);
  m.append(el('div', {class: 'layout'}, box, side));
  const h = location.hash.match(/^#s-(\d+)-(\d+)$/);
  if (h) scrollToSpan(h[1], h[2]);
}

// ---- analyze -------------------------------------------------------------------------------------------------

function analyzePage() {
  const m = main();
  m.append(el('h1', {}, 'Analyze'));
  const out = el('div', {id: 'analyze-result'});
  const busy = (b) => { for (const x of m.querySelectorAll('button')) x.disabled = b; if (b) { clear(out); out.append(el('p', {class: 'note'}, 'Analysing…')); } };
  const done = r => { location.href = '/doc/' + r.id; };
  const fail = e => { clear(out); showError(out, e); busy(false); };
  const title = el('input', {name: 'title', placeholder: 'title (optional)'});
  const ta = el('textarea', {id: 'paste-text', name: 'text', placeholder: 'Paste a text…'});
  m.append(el('h2', {}, 'Paste text'), title, ta, el('p', {}, el('button', {id: 'paste-go', on: {click: () => {
    busy(true); postJson('/api/analyze', {text: ta.value, title: title.value}).then(done, fail);
  }}}, 'Analyze text')));
  const url = el('input', {id: 'url', type: 'url', placeholder: 'https://…'});
  m.append(el('h2', {}, 'A page on the web'), url, ' ', el('button', {on: {click: () => {
    busy(true); postJson('/api/analyze', {url: url.value}).then(done, fail);
  }}}, 'Fetch and analyze'));
  const file = el('input', {id: 'file', type: 'file', accept: '.txt,.md,.markdown,.html,.htm,.xhtml,.pdf,.docx,.png,.jpg,.jpeg'});
  m.append(el('h2', {}, 'Upload a file'), el('p', {class: 'note'}, 'Text, Markdown, HTML, PDF, docx, or a meme image (PNG, JPEG: read by OCR), up to the server\'s size limit.'),
    file, ' ', el('button', {on: {click: () => {
      if (!file.files.length) return;
      const fd = new FormData(); fd.append('file', file.files[0]);
      busy(true); api('/api/analyze', {method: 'POST', body: fd}).then(done, fail);
    }}}, 'Upload and analyze'));
  m.append(out);
}

// ---- ask -----------------------------------------------------------------------------------------------------

function askPage() {
  const m = main();
  m.append(el('h1', {}, 'Ask'));
  const q = el('input', {id: 'question', type: 'search', placeholder: 'What do campists say about NATO?'});
  q.style.width = '70%';
  const out = el('div', {id: 'answer', class: 'answer'});
  const go = async () => {
    clear(out);
    if (!q.value.trim()) return;
    out.append(el('p', {class: 'note'}, 'Thinking…'));
    try {
      const a = await postJson('/api/ask', {question: q.value});
      clear(out);
      const cites = new Map(a.citations.map(c => [c.n, c]));
      const ref = n => { const c = cites.get(n); return c ? el('a', {class: 'cite', href: '/doc/' + c.documentId + '#s-' + c.start + '-' + c.end, title: c.quote}, '[' + n + ']') : '[' + n + ']'; };
      out.append(el('p', {id: 'answer-summary'}, a.summary.units + ' unit(s) in ' + a.summary.documents + ' document(s) from ' + a.summary.sources + ' source(s).'));
      for (const p of a.positions) {
        out.append(el('h2', {}, p.name + ' — ' + p.units + ' unit(s), ' + p.documents + ' document(s)'));
        out.append(el('p', {}, 'Quoted: ', p.quotes.map(ref)));
        for (const n of p.narratives.concat(p.techniques)) out.append(el('div', {}, el('span', {class: 'badge', bg: colour(n.id)}, n.name), ' ', n.units + ' unit(s) ', n.quotes.map(ref)));
      }
      out.append(el('h2', {}, 'Citations'));
      const ol = el('ol', {id: 'citations'});
      for (const c of a.citations) {
        ol.append(el('li', {value: c.n}, el('a', {class: 'cite', href: '/doc/' + c.documentId + '#s-' + c.start + '-' + c.end}, '“' + c.quote + '”'),
          el('div', {class: 'meta'}, (c.title || 'document ' + c.documentId) + ' · ' + (c.source || '') + ' · ' + c.unit + (c.supports ? ' · ' + c.supports : ''))));
      }
      out.append(ol);
      for (const n of a.notes) out.append(el('p', {class: 'note'}, n));
    } catch (e) { clear(out); showError(out, e); }
  };
  q.addEventListener('keydown', ev => { if (ev.key === 'Enter') go(); });
  m.append(el('p', {}, q, ' ', el('button', {id: 'ask-go', on: {click: go}}, 'Ask')), out);
}

// ---- review --------------------------------------------------------------------------------------------------

function agreementTable(rows) {
  const t = el('table', {class: 'agree', id: 'agreement'}, el('tr', {}, ['dimension', 'reviewed', 'agreed', 'accuracy', "Cohen's κ", "Krippendorff's α"].map(h => el('th', {}, h))));
  for (const r of rows) t.append(el('tr', {'data-dimension': r.dimension}, el('td', {}, r.dimension), el('td', {}, r.n), el('td', {}, r.agreed), el('td', {}, pct(r.accuracy)), el('td', {class: 'kappa'}, num(r.kappa)), el('td', {class: 'alpha'}, num(r.alpha))));
  if (!rows.length) t.append(el('tr', {}, el('td', {}, 'no reviews yet')));
  return t;
}

/** Before/after table of a retraining: one row per trained dimension, evaluated on the held-out reviewed units. */
function retrainTable(r) {
  const t = el('table', {class: 'agree', id: 'retrain-table'}, el('tr', {}, ['dimension', 'held-out n', 'accuracy before', 'accuracy after', 'macro-F1 before', 'macro-F1 after', 'F_avg before', 'F_avg after', "κ before", "κ after"].map(h => el('th', {}, h))));
  for (const dim of Object.keys(r.after)) {
    const b = r.before[dim] || {}, a = r.after[dim];
    t.append(el('tr', {'data-dimension': dim}, el('td', {}, dim), el('td', {}, a.n), el('td', {}, pct(b.accuracy)), el('td', {}, pct(a.accuracy)), el('td', {}, num(b.macroF1)), el('td', {}, num(a.macroF1)), el('td', {}, num(b.fAvg)), el('td', {}, num(a.fAvg)), el('td', {}, num(b.kappa)), el('td', {}, num(a.kappa))));
  }
  if (!Object.keys(r.after).length) t.append(el('tr', {}, el('td', {}, 'no held-out unit codes a trained dimension')));
  return t;
}

/** Who is working: the reviewer name the Review page keeps, or 'web'. */
function who() { return (localStorage.getItem('stancemap.reviewer') || '').trim() || 'web'; }

/**
 * The active model: its id and codebook, who activated it when, the start-up notice when the recorded model could
 * not be loaded, and a button back to the default model. {@code after} runs after switching.
 */
async function modelStatus(after) {
  const s = await api('/api/model');
  const box = el('span', {id: 'model-status'}, 'Active model: ', el('code', {id: 'active-model-id'}, s.id),
    ' (codebook ' + s.codebook.version + (s.codebook.file ? ', ' + s.codebook.file : '') + ')',
    s.isDefault ? ' – the default model' : ' – activated by ' + s.activatedBy + ' at ' + s.activatedAt);
  if (s.notice) box.append(el('p', {class: 'error', id: 'model-notice'}, s.notice));
  if (!s.isDefault || s.notice) {
    const back = el('button', {type: 'button', class: 'secondary', id: 'use-default-model'}, 'Use the default model');
    back.addEventListener('click', async () => {
      back.disabled = true;
      try { await postJson('/api/model/default', {activated_by: who()}); if (after) await after(); } catch (e) { back.disabled = false; showError(box, e); }
    });
    box.append(' ', back);
  }
  return box;
}

function retrainSection() {
  const box = el('div', {id: 'retrain-box'});
  const result = el('div', {id: 'retrain-result'});
  const active = el('span', {id: 'active-model'});
  const showActive = async () => { try { clear(active).append(await modelStatus(showActive)); } catch (e) { showError(active, e); } };
  const button = el('button', {id: 'retrain', type: 'button'}, 'Retrain from corrections');
  button.addEventListener('click', async () => {
    button.disabled = true;
    clear(result).append(el('p', {class: 'note'}, 'Training on the reviews… this can take a minute.'));
    try {
      const r = await postJson('/api/retrain', {});
      const use = el('button', {id: 'activate-model', type: 'button'}, 'Use the new model');
      use.addEventListener('click', async () => {
        use.disabled = true;
        try { await postJson('/api/model/activate', {model: r.model, activated_by: who()}); clear(use).append('In use ✓'); showActive(); } catch (e) { use.disabled = false; showError(result, e); }
      });
      const skipped = Object.entries(r.skipped);
      clear(result).append(el('p', {}, 'New model ', el('code', {}, r.model), ': trained on ', r.examples, ' reviewed units, evaluated on ', r.heldOut, ' held-out units (before = the active model, after = the new one).'),
        retrainTable(r));
      if (skipped.length) result.append(el('p', {class: 'note'}, 'Not trained (they keep the current heads): ', skipped.map(([d, why]) => d + ' – ' + why).join('; ')));
      result.append(el('p', {}, use));
    } catch (e) { clear(result); showError(result, e); }
    button.disabled = false;
  });
  box.append(el('p', {}, button, ' ', active), result);
  showActive();
  return box;
}

async function reviewPage() {
  const m = main();
  m.append(el('h1', {}, 'Review'));
  const params = new URLSearchParams(location.search);
  let doc = params.get('doc');
  if (!doc) {
    const first = await api('/api/corpus?limit=1');
    if (!first.items.length) { m.append(el('p', {}, 'No documents yet: analyze one first.')); return; }
    doc = String(first.items[0].id);
  }
  let data;
  try { data = await api('/api/review/' + encodeURIComponent(doc)); } catch (e) { showError(m, e); return; }
  const reviewer = el('input', {id: 'reviewer', placeholder: 'your name'});
  reviewer.value = localStorage.getItem('stancemap.reviewer') || '';
  reviewer.addEventListener('change', () => localStorage.setItem('stancemap.reviewer', reviewer.value));
  const agreeBox = el('div', {id: 'agreement-box'}, agreementTable(data.agreement));
  m.append(el('p', {}, el('a', {href: '/doc/' + data.id}, data.title || 'document ' + data.id), ' · Reviewer: ', reviewer),
    el('p', {class: 'note'}, 'Keys: ', el('kbd', {}, 'j'), '/', el('kbd', {}, 'k'), ' next/previous unit, ', el('kbd', {}, 'a'), ' accept all labels of the unit, ', el('kbd', {}, '1'), '–', el('kbd', {}, '9'), ' focus a dimension\'s correction.'),
    el('h2', {}, 'Agreement'), agreeBox, el('h2', {}, 'Retraining'), retrainSection());
  const units = [];
  const send = async (u, dim, label) => {
    if (!reviewer.value.trim()) { alert('Enter your name first.'); reviewer.focus(); return; }
    try {
      const r = await postJson('/api/reviews', {documentId: data.id, unit: u.id, dimension: dim, label, reviewer: reviewer.value.trim()});
      clear(agreeBox).append(agreementTable(r.agreement));
      const st = document.getElementById('status-' + u.id + '-' + dim.replace(':', '_'));
      clear(st).append(el('span', {class: 'done'}, label === u.labels[dim] ? '✓ accepted' : '✎ ' + label));
    } catch (e) { showError(agreeBox, e); }
  };
  for (const u of data.units) {
    const box = el('div', {class: 'review-unit', id: 'review-' + u.id, tabindex: '0'});
    box.append(el('div', {class: 'meta'}, u.id + ' · ' + u.kind), el('p', {}, u.text));
    const grid = el('div', {class: 'dims'});
    let i = 0;
    const stale = new Set(u.notInCodebook || []);
    for (const [dim, options] of Object.entries(data.choices)) {
      i++;
      const sel = el('select', {name: dim, 'data-key': i, 'aria-label': 'correct ' + dim});
      for (const o of options) { const op = el('option', {value: o}, o); if (o === u.labels[dim]) op.selected = true; sel.append(op); }
      sel.addEventListener('change', () => send(u, dim, sel.value));
      const prev = u.reviews[dim];
      const status = el('span', {id: 'status-' + u.id + '-' + dim.replace(':', '_')}, prev ? (prev.label === prev.ai ? '✓ accepted' : '✎ ' + prev.label) + ' by ' + prev.reviewer : '');
      if (stale.has(dim)) status.append(el('span', {class: 'note stale'}, ' ' + u.labels[dim] + ' is no longer in the codebook: this analysis keeps it until the document is analysed again'));
      grid.append(el('span', {}, i + '. ' + dim), el('span', {}, 'AI: ', el('strong', {}, u.labels[dim]), ' → ', sel), status);
    }
    box.append(grid, el('button', {class: 'secondary accept', on: {click: async () => { for (const dim of Object.keys(data.choices)) if (!stale.has(dim)) await send(u, dim, u.labels[dim]); }}}, 'Accept all (a)'));
    m.append(box);
    units.push(box);
  }
  let cur = 0;
  const focus = n => { if (!units.length) return; units[cur].classList.remove('current'); cur = Math.max(0, Math.min(units.length - 1, n)); units[cur].classList.add('current'); units[cur].scrollIntoView({block: 'center'}); };
  focus(0);
  document.addEventListener('keydown', ev => {
    if (ev.target.tagName === 'INPUT' || ev.target.tagName === 'TEXTAREA') return;
    if (ev.key === 'j') focus(cur + 1);
    else if (ev.key === 'k') focus(cur - 1);
    else if (ev.key === 'a') units[cur].querySelector('button.accept').click();
    else if (/^[1-9]$/.test(ev.key)) { const s = units[cur].querySelector('select[data-key="' + ev.key + '"]'); if (s) s.focus(); }
  });
}

// ---- dashboards: small SVG charts drawn here (no chart library) ------------------------------------------------

const SVG = 'http://www.w3.org/2000/svg';
function svgEl(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  if (text !== undefined) e.append(document.createTextNode(String(text)));
  return e;
}

/** The axis maximum: at least 4 and a multiple of 4, so the five grid labels are whole, distinct numbers. */
function niceMax(v) { return Math.max(4, Math.ceil(v / 4) * 4); }

function chartFrame(svg, w, h, pad, xs, yMax, xLabel) {
  svg.append(svgEl('rect', {x: 0, y: 0, width: w, height: h, fill: '#fff'}));
  for (let i = 0; i <= 4; i++) {
    const y = h - pad.b - (h - pad.t - pad.b) * i / 4;
    svg.append(svgEl('line', {x1: pad.l, x2: w - pad.r, y1: y, y2: y, stroke: '#e3e7eb'}));
    svg.append(svgEl('text', {x: pad.l - 6, y: y + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#5b6875'}, Math.round(yMax * i / 4)));
  }
  const step = Math.max(1, Math.ceil(xs.length / 12));
  xs.forEach((x, i) => { if (i % step === 0) svg.append(svgEl('text', {x: xLabel(i), y: h - pad.b + 16, 'text-anchor': 'middle', 'font-size': 11, fill: '#5b6875'}, x)); });
}

function legend(svg, names, x, y) {
  names.forEach((n, i) => {
    svg.append(svgEl('rect', {x, y: y + i * 16, width: 10, height: 10, fill: strong(n)}));
    svg.append(svgEl('text', {x: x + 14, y: y + i * 16 + 9, 'font-size': 11, fill: '#1d2733'}, n));
  });
}

function stackedArea(rows) { // [month, series, value]
  const months = [...new Set(rows.map(r => r[0]))].sort();
  const series = [...new Set(rows.map(r => r[1]))].sort();
  const val = new Map(rows.map(r => [r[0] + '|' + r[1], r[2]]));
  const w = 820, h = 300, pad = {l: 40, r: 200, t: 10, b: 30};
  const totals = months.map(m => series.reduce((s, n) => s + (val.get(m + '|' + n) || 0), 0));
  const yMax = niceMax(Math.max(1, ...totals));
  const svg = svgEl('svg', {xmlns: SVG, width: w, height: h, viewBox: '0 0 ' + w + ' ' + h});
  const x = i => pad.l + (months.length < 2 ? 0 : (w - pad.l - pad.r) * i / (months.length - 1));
  const y = v => h - pad.b - (h - pad.t - pad.b) * v / yMax;
  chartFrame(svg, w, h, pad, months, yMax, x);
  const base = months.map(() => 0);
  for (const n of series) {
    const top = months.map((m, i) => base[i] + (val.get(m + '|' + n) || 0));
    const pts = months.map((m, i) => x(i) + ',' + y(top[i])).concat(months.map((m, i) => x(months.length - 1 - i) + ',' + y(base[months.length - 1 - i])));
    svg.append(svgEl('polygon', {points: pts.join(' '), fill: strong(n), 'fill-opacity': 0.75, stroke: '#fff', 'stroke-width': 0.5}));
    top.forEach((t, i) => { base[i] = t; });
  }
  legend(svg, series, w - pad.r + 12, pad.t);
  return svg;
}

function stackedBars(rows) { // [group, series, value]
  const groups = [...new Set(rows.map(r => r[0]))];
  const series = [...new Set(rows.map(r => r[1]))].sort();
  const val = new Map(rows.map(r => [r[0] + '|' + r[1], r[2]]));
  const w = 820, h = 300, pad = {l: 40, r: 200, t: 10, b: 30};
  const yMax = niceMax(Math.max(1, ...groups.map(g => series.reduce((s, n) => s + (val.get(g + '|' + n) || 0), 0))));
  const bw = (w - pad.l - pad.r) / Math.max(1, groups.length);
  const x = i => pad.l + bw * i + bw / 2;
  const y = v => h - pad.b - (h - pad.t - pad.b) * v / yMax;
  const svg = svgEl('svg', {xmlns: SVG, width: w, height: h, viewBox: '0 0 ' + w + ' ' + h});
  chartFrame(svg, w, h, pad, groups, yMax, x);
  groups.forEach((g, i) => {
    let b = 0;
    for (const n of series) {
      const v = val.get(g + '|' + n) || 0;
      if (!v) continue;
      svg.append(svgEl('rect', {x: x(i) - bw * 0.35, width: bw * 0.7, y: y(b + v), height: y(b) - y(b + v), fill: strong(n)}));
      b += v;
    }
  });
  legend(svg, series, w - pad.r + 12, pad.t);
  return svg;
}

function lines(rows) { // [month, target, stance, value] -> one line per target+stance
  const months = [...new Set(rows.map(r => r[0]))].sort();
  const keys = [...new Set(rows.map(r => r[1] + ' ' + r[2]))].sort();
  const val = new Map(rows.map(r => [r[0] + '|' + r[1] + ' ' + r[2], r[3]]));
  const w = 820, h = 300, pad = {l: 40, r: 200, t: 10, b: 30};
  const yMax = niceMax(Math.max(1, ...rows.map(r => r[3])));
  const x = i => pad.l + (months.length < 2 ? (w - pad.l - pad.r) / 2 : (w - pad.l - pad.r) * i / (months.length - 1));
  const y = v => h - pad.b - (h - pad.t - pad.b) * v / yMax;
  const svg = svgEl('svg', {xmlns: SVG, width: w, height: h, viewBox: '0 0 ' + w + ' ' + h});
  chartFrame(svg, w, h, pad, months, yMax, x);
  for (const k of keys) {
    const pts = months.map((m, i) => x(i) + ',' + y(val.get(m + '|' + k) || 0));
    svg.append(svgEl('polyline', {points: pts.join(' '), fill: 'none', stroke: strong(k), 'stroke-width': 2, 'stroke-dasharray': k.endsWith('against') ? '5 3' : ''}));
    months.forEach((m, i) => svg.append(svgEl('circle', {cx: x(i), cy: y(val.get(m + '|' + k) || 0), r: 2.5, fill: strong(k)})));
  }
  legend(svg, keys, w - pad.r + 12, pad.t);
  return svg;
}

function heatmap(rows) { // [a, b, value]
  const names = [...new Set(rows.flatMap(r => [r[0], r[1]]))].sort();
  const val = new Map();
  for (const r of rows) { val.set(r[0] + '|' + r[1], r[2]); val.set(r[1] + '|' + r[0], r[2]); }
  const cell = 26, left = 190, top = 10;
  const w = left + cell * names.length + 20, h = top + cell * names.length + 150;
  const vMax = Math.max(1, ...rows.map(r => r[2]));
  const svg = svgEl('svg', {xmlns: SVG, width: Math.max(w, 300), height: h, viewBox: '0 0 ' + Math.max(w, 300) + ' ' + h});
  svg.append(svgEl('rect', {x: 0, y: 0, width: Math.max(w, 300), height: h, fill: '#fff'}));
  names.forEach((a, i) => {
    svg.append(svgEl('text', {x: left - 6, y: top + i * cell + cell * 0.65, 'text-anchor': 'end', 'font-size': 11}, a));
    svg.append(svgEl('text', {x: left + i * cell + cell / 2, y: top + names.length * cell + 8, 'font-size': 11, transform: 'rotate(60 ' + (left + i * cell + cell / 2) + ' ' + (top + names.length * cell + 8) + ')'}, a));
    names.forEach((b, j) => {
      const v = val.get(a + '|' + b) || 0;
      svg.append(svgEl('rect', {x: left + j * cell, y: top + i * cell, width: cell - 2, height: cell - 2, fill: v ? 'hsl(210, 60%, ' + (92 - 55 * v / vMax) + '%)' : '#f3f4f6'}));
      if (v) svg.append(svgEl('text', {x: left + j * cell + cell / 2 - 1, y: top + i * cell + cell * 0.62, 'text-anchor': 'middle', 'font-size': 10, fill: v / vMax > 0.5 ? '#fff' : '#1d2733'}, v));
    });
  });
  return svg;
}

function download(name, blob) {
  const a = el('a', {download: name});
  a.href = URL.createObjectURL(blob);
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

function svgBlob(svg) { return new Blob([new XMLSerializer().serializeToString(svg)], {type: 'image/svg+xml'}); }

function pngOf(svg, name) {
  const img = new Image();
  const url = URL.createObjectURL(svgBlob(svg));
  img.onload = () => {
    const c = document.createElement('canvas');
    c.width = svg.width.baseVal.value; c.height = svg.height.baseVal.value;
    c.getContext('2d').drawImage(img, 0, 0);
    URL.revokeObjectURL(url);
    c.toBlob(b => download(name + '.png', b), 'image/png');
  };
  img.src = url;
}

async function dashboardsPage() {
  const m = main();
  m.append(el('h1', {}, 'Dashboards'));
  const charts = [
    ['narratives-over-time', 'Narratives over time (documents per month)', stackedArea],
    ['positions-by-source', 'Positions by source (documents)', stackedBars],
    ['stance-over-time', 'Stance toward each target over time (documents per month; dashed: against)', lines],
    ['narrative-cooccurrence', 'Narrative co-occurrence (documents carrying both)', heatmap]];
  for (const [name, title, draw] of charts) {
    const box = el('section', {class: 'chart', id: 'chart-' + name});
    box.append(el('h2', {}, title));
    m.append(box);
    try {
      const d = await api('/api/dashboards/' + name);
      if (!d.rows.length) { box.append(el('p', {class: 'note'}, 'No data yet.')); continue; }
      const svg = draw(d.rows);
      box.append(svg, el('div', {class: 'tools'},
        el('button', {class: 'secondary', on: {click: () => download(name + '.svg', svgBlob(svg))}}, 'SVG'),
        el('button', {class: 'secondary', on: {click: () => pngOf(svg, name)}}, 'PNG'),
        el('a', {href: '/api/dashboards/' + name + '?format=csv', download: name + '.csv'}, 'data (CSV)')));
    } catch (e) { showError(box, e); }
  }
}

// ---- codebook ------------------------------------------------------------------------------------------------

/**
 * The active codebook (the one the active model labels with), or a saved version with ?file=NAME. Every change
 * (edit, add, remove) starts from the codebook shown and is saved as a new version file.
 */
async function codebookPage() {
  const m = main();
  const file = new URLSearchParams(location.search).get('file');
  const cb = await api('/api/codebook' + (file ? '?file=' + encodeURIComponent(file) : ''));
  m.append(el('h1', {}, 'Codebook: ' + (cb.name || cb.id) + ' ' + cb.version), el('p', {class: 'note'}, cb.description || ''));
  const state = el('p', {id: 'codebook-state'}, cb.active
    ? 'The active codebook (the active model labels with it)' + (cb.file ? ': saved version ' + cb.file : ': the one the server started with') + '.'
    : 'Saved version ' + cb.file + ', not active (the active codebook is version ' + cb.activeVersion + '). Changes below start from this version; retrain with it and Use to make it active.');
  const versions = el('select', {id: 'codebook-version', 'aria-label': 'codebook version'}, el('option', {value: ''}, 'the active codebook'));
  for (const f of cb.saved || []) { const o = el('option', {value: f}, f); if (f === file) o.selected = true; versions.append(o); }
  versions.addEventListener('change', () => { location.href = '/codebook' + (versions.value ? '?file=' + encodeURIComponent(versions.value) : ''); });
  const status = el('div', {id: 'model-box'});
  const showStatus = async () => { try { clear(status).append(await modelStatus(() => location.reload())); } catch (e) { showError(status, e); } };
  m.append(state, el('p', {}, 'Show: ', versions), status);
  showStatus();
  const section = (title, kind, items) => {
    m.append(el('h2', {}, title));
    for (const l of items) {
      const card = el('div', {class: 'label-card', id: 'label-' + l.id}, el('strong', {}, l.name), ' ', el('span', {class: 'meta'}, l.id),
        el('p', {}, l.definition), (l.exemplars || []).length ? el('details', {}, el('summary', {}, l.exemplars.length + (kind === 'target' ? ' alias(es)' : ' exemplar(s)')), el('ul', {}, l.exemplars.map(x => el('li', {}, x)))) : null,
        (l.nearMisses || []).length ? el('details', {}, el('summary', {}, l.nearMisses.length + ' near miss(es)'), el('ul', {}, l.nearMisses.map(x => el('li', {}, x)))) : null);
      const edit = el('button', {type: 'button', class: 'edit-label'}, 'Edit');
      edit.addEventListener('click', () => { edit.disabled = true; card.append(editForm(kind, l, cb.file)); });
      card.append(edit);
      if (kind === 'narrative' || kind === 'technique') {
        const remove = el('button', {type: 'button', class: 'secondary remove-label'}, 'Remove');
        remove.addEventListener('click', () => { remove.disabled = true; card.append(removeForm(kind, l, cb.file)); });
        card.append(' ', remove);
      }
      m.append(card);
    }
    if (kind === 'narrative' || kind === 'technique') {
      const add = el('button', {type: 'button', class: 'secondary', id: 'add-' + kind}, 'Add a ' + kind);
      const slot = el('div', {});
      add.addEventListener('click', () => { add.disabled = true; slot.append(addForm(kind, cb.file)); });
      m.append(el('p', {}, add), slot);
    }
  };
  section('Targets', 'target', cb.targets.map(t => ({id: t.id, name: t.name, definition: t.definition, exemplars: t.aliases})));
  section('Positions', 'position', cb.positions);
  section('Narratives', 'narrative', cb.narratives);
  section('Techniques', 'technique', cb.techniques);
  section('Roles', 'role', cb.roles);
}

const joinLines = xs => (xs || []).join('\n');
const splitLines = t => t.value.split('\n').map(x => x.trim()).filter(x => x);

/** Sends a codebook change and shows the saved version: open it, retrain with it, use the new heads. */
async function saveChange(result, button, method, path, body) {
  clear(result);
  button.disabled = true;
  try {
    const r = await api(path, {method, headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
    const retrain = el('button', {type: 'button', class: 'retrain-codebook'}, 'Retrain with this codebook');
    const out = el('div', {class: 'retrain-result'});
    retrain.addEventListener('click', async () => {
      retrain.disabled = true;
      clear(out).append(el('p', {class: 'note'}, 'Training the heads of ' + r.file + ' …'));
      try {
        const t = await postJson('/api/codebook/retrain', {file: r.file});
        const use = el('button', {type: 'button', class: 'activate-codebook-model'}, 'Use');
        use.addEventListener('click', async () => {
          use.disabled = true;
          try { await postJson('/api/model/activate', {model: t.model, activated_by: who()}); clear(use).append('In use ✓'); } catch (e) { use.disabled = false; showError(out, e); }
        });
        clear(out).append(el('p', {}, 'Model ' + t.modelId + ' (' + t.model + '); evaluation: ' + t.evaluation), retrainTable(t), use);
      } catch (e) { clear(out); retrain.disabled = false; showError(out, e); }
    });
    result.append(el('p', {class: 'ok'}, 'Saved as ' + r.file + ' (version ' + r.version + '); the server still uses the active codebook. ',
      el('a', {class: 'open-version', href: '/codebook?file=' + encodeURIComponent(r.file)}, 'Open this version')));
    for (const n of r.notes || []) result.append(el('p', {class: 'note saved-note'}, n));
    result.append(retrain, out);
    return r;
  } catch (e) { showError(result, e); return null; } finally { button.disabled = false; }
}

/** The edit form of one label: Save writes a new codebook file; Retrain trains its heads; Use activates them. */
function editForm(kind, l, base) {
  const form = el('form', {class: 'label-edit'});
  const def = el('textarea', {name: 'definition', rows: 3});
  def.value = l.definition || '';
  const ex = el('textarea', {name: 'exemplars', rows: 6});
  ex.value = joinLines(l.exemplars);
  const nm = el('textarea', {name: 'near_misses', rows: 4});
  nm.value = joinLines(l.nearMisses);
  const labels = kind === 'narrative' || kind === 'technique' || kind === 'role';
  const result = el('div', {class: 'edit-result'});
  form.append(el('label', {}, 'Definition', def));
  if (kind !== 'target') form.append(el('label', {}, 'Exemplars (one per line)', ex));
  if (labels) form.append(el('label', {}, 'Near misses (one per line)', nm));
  const save = el('button', {type: 'submit'}, 'Save');
  form.append(save, result);
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const body = {definition: def.value, base, edited_by: who()};
    if (kind !== 'target') body.exemplars = splitLines(ex);
    if (labels) body.near_misses = splitLines(nm);
    saveChange(result, save, 'PUT', '/api/codebook/labels/' + encodeURIComponent(kind) + '/' + encodeURIComponent(l.id), body);
  });
  return form;
}

/** A new narrative or technique: id, name, definition, exemplars, near misses; saved as a new codebook file. */
function addForm(kind, base) {
  const form = el('form', {class: 'label-add', id: 'add-' + kind + '-form'});
  const id = el('input', {name: 'id', placeholder: 'id, like energy-blackmail'});
  const name = el('input', {name: 'name', placeholder: 'name'});
  const def = el('textarea', {name: 'definition', rows: 3});
  const ex = el('textarea', {name: 'exemplars', rows: 6});
  const nm = el('textarea', {name: 'near_misses', rows: 4});
  const result = el('div', {class: 'edit-result'});
  const save = el('button', {type: 'submit'}, 'Add');
  form.append(el('h3', {}, 'New ' + kind), el('label', {}, 'Id ', id), ' ', el('label', {}, 'Name ', name), el('label', {}, 'Definition', def),
    el('label', {}, 'Exemplars (one per line, at least 4)', ex), el('label', {}, 'Near misses (one per line)', nm), save, result);
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    saveChange(result, save, 'POST', '/api/codebook/labels/' + encodeURIComponent(kind), {id: id.value.trim(), name: name.value.trim(),
      definition: def.value, exemplars: splitLines(ex), near_misses: splitLines(nm), base, edited_by: who()});
  });
  return form;
}

/** Confirms the removal of a narrative or technique, saved as a new codebook file. */
function removeForm(kind, l, base) {
  const box = el('div', {class: 'label-remove'});
  const result = el('div', {class: 'edit-result'});
  const go = el('button', {type: 'button', class: 'confirm-remove'}, 'Remove ' + l.id);
  box.append(el('p', {class: 'note'}, 'Remove ' + kind + ' ' + l.id + ' as a new codebook version? Stored analyses that carry it keep it until the documents are analysed again.'), go, result);
  go.addEventListener('click', () => saveChange(result, go, 'DELETE', '/api/codebook/labels/' + encodeURIComponent(kind) + '/' + encodeURIComponent(l.id), {base, edited_by: who()}));
  return box;
}

const PAGES = {corpus: corpusPage, document: documentPage, analyze: analyzePage, ask: askPage, review: reviewPage,
  dashboards: dashboardsPage, codebook: codebookPage};

document.addEventListener('DOMContentLoaded', () => {
  const m = main();
  clear(m);
  const page = PAGES[document.body.getAttribute('data-page')];
  Promise.resolve(page ? page() : null).then(() => document.body.setAttribute('data-ready', 'true'),
    e => { showError(m, e); document.body.setAttribute('data-ready', 'true'); });
});
