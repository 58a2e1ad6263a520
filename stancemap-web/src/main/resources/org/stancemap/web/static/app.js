// Stancemap workbench. Every piece of data is put into the page as a text node or an attribute set with
// setAttribute on a fixed, safe list: no innerHTML, no inline handlers, no eval (the CSP forbids them anyway).
'use strict';

const SAFE_ATTRS = new Set(['class', 'id', 'title', 'type', 'name', 'value', 'placeholder', 'for', 'rows',
  'accept', 'download', 'role', 'tabindex', 'min', 'max', 'aria-label', 'rel', 'value', 'hidden', 'aria-labelledby',
  'aria-describedby']);

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
/** A search hit's sentence with its matched words in <mark>, linking to the sentence on the document page. */
function snippet(d) {
  const m = d.match;
  const p = el('p', {class: 'snippet'});
  let at = 0;
  for (const [a, b] of m.highlights) {
    if (a < at) continue;
    p.append(m.sentence.slice(at, a), el('mark', {}, m.sentence.slice(a, b)));
    at = b;
  }
  p.append(m.sentence.slice(at));
  return el('a', {class: 'snippet-link', href: '/doc/' + d.id + '#s-' + m.start + '-' + m.end}, p);
}

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
        el('h2', {}, el('a', {href: '/doc/' + d.id}, d.title || '(untitled)')),
        el('div', {class: 'meta'}, badge(d.position), marks, ' ', d.source, d.published ? ' · ' + d.published.slice(0, 10) : ''),
        d.match ? snippet(d) : el('p', {}, d.excerpt),
        d.match ? el('div', {class: 'meta matched'}, 'matched: ' + d.match.matched) : null,
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

// The highlights use the kinds and colours of the HTML report (report.HtmlReport): favor green, against red,
// narrative yellow, technique violet, role blue; app.css defines them once (--ev-KIND), for the text and the legend.
const KINDS = [
  {kind: 'favor', name: 'favor', what: 'stance: favor toward a target'},
  {kind: 'against', name: 'against', what: 'stance: against a target'},
  {kind: 'narrative', name: 'narrative', what: 'a narrative'},
  {kind: 'technique', name: 'technique', what: 'a propaganda technique'},
  {kind: 'role', name: 'role', what: 'an actor cast in a role'}];
const MIN_SCORES = [0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const DEFAULT_MIN = 0.5;

/**
 * The evidence the page highlights (issue #20, point 12): for each label the document reports (stance favor or
 * against, narratives, techniques, roles), the sentences the analysis cites for it at document level (at most three,
 * best first). Unit-level evidence is not highlighted: every labelled unit cites its own sentences, which coloured
 * almost the whole text, a list of signatories included. "start-end" -> [{kind, key, label, score, why}].
 */
function citedEvidence(a, targetName) {
  const idx = new Map();
  const labels = [];
  const add = (kind, key, label, score, evidence, why) => {
    const l = {kind, key, label, score, why, sentences: 0};
    labels.push(l);
    for (const e of evidence || []) {
      const k = e.start + '-' + e.end;
      if (!idx.has(k)) idx.set(k, []);
      if (idx.get(k).some(x => x.key === key)) continue;
      idx.get(k).push(Object.assign({}, l, {evidence: e.score}));
      l.sentences++;
    }
  };
  for (const [t, s] of Object.entries(a.stance || {})) {
    if (s.label === 'favor' || s.label === 'against') {
      add(s.label, 'stance:' + t, s.label + ' ' + targetName(t), s.score, s.evidence, 'stance ' + s.label + ' ' + targetName(t));
    }
  }
  for (const n of a.narratives || []) add('narrative', 'narrative:' + n.id, n.name || n.id, n.score, n.evidence, 'narrative: ' + (n.name || n.id) + (n.mode === 'rebuts' ? ' (rebutted)' : ''));
  for (const n of a.techniques || []) add('technique', 'technique:' + n.id, n.name || n.id, n.score, n.evidence, 'technique: ' + (n.name || n.id));
  for (const r of a.roles || []) add('role', 'role:' + r.actor + ':' + r.role, (r.entity || r.actor) + ' as ' + r.role, r.score, r.evidence, 'role: ' + (r.entity || r.actor) + ' as ' + r.role);
  return {idx, labels};
}

/** One tooltip at a time, shown on hover and on keyboard focus; Escape hides it (WCAG 1.4.13). */
let tip = null;
function showTip(at, lines) {
  hideTip();
  tip = el('div', {class: 'tip', role: 'tooltip', id: 'tip'}, lines.map(l => el('div', {}, l)));
  main().append(tip);
  const x = at.clientX !== undefined ? at.clientX + 12 : at.left;
  const y = at.clientY !== undefined ? at.clientY + 14 : at.bottom + 6;
  tip.style.left = Math.max(0, Math.min(window.innerWidth - 370, x)) + 'px';
  tip.style.top = Math.max(0, Math.min(window.innerHeight - tip.offsetHeight - 4, y)) + 'px';
}
function hideTip() { if (tip) { tip.remove(); tip = null; } }
document.addEventListener('keydown', ev => { if (ev.key === 'Escape') hideTip(); });

/** Makes a sentence show its tooltip on hover and on focus; lines() is asked each time (the filters change it). */
function withTip(node, lines) {
  node.addEventListener('mouseenter', ev => { const l = lines(); if (l.length) showTip(ev, l); });
  node.addEventListener('mouseleave', hideTip);
  node.addEventListener('focus', () => { const l = lines(); if (l.length) showTip(node.getBoundingClientRect(), l); });
  node.addEventListener('blur', hideTip);
}

function scrollToSpan(start, end) {
  const t = document.getElementById('s-' + start + '-' + end);
  if (!t) return;
  t.scrollIntoView({block: 'center'});
  t.classList.add('flash');
  // keyboard users land on the sentence too: a sentence that is not highlighted takes focus only from here
  if (!t.hasAttribute('tabindex')) t.setAttribute('tabindex', '-1');
  t.focus({preventScroll: true});
  setTimeout(() => t.classList.remove('flash'), 2500);
}

/** A quoted sentence in the side panel: a link to it in the text (Tab reaches it, Enter follows it). */
function quote(e) {
  const target = '#s-' + e.start + '-' + e.end;
  return el('a', {class: 'quote', href: target, title: 'show in the text', 'data-start': e.start, 'data-end': e.end,
    on: {click: ev => { ev.preventDefault(); history.replaceState(null, '', target); scrollToSpan(e.start, e.end); }}}, '“' + e.text + '”');
}

/** A reported sentence's voice in words: "reported claim, the author rebuts it — held by campists". */
function voiceLine(v) {
  return 'reported claim' + (v.attitude ? ', the author ' + v.attitude + ' it' : '')
    + (v.speaker ? ' — held by ' + v.speaker.text : '');
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
  let facets = {targets: []};
  try { facets = await api('/api/facets'); } catch (e) { /* target ids stand in for their names */ }
  const targetNames = new Map(facets.targets.map(t => [t.id, t.name]));
  const {idx, labels} = citedEvidence(a, t => targetNames.get(t) || t);
  const text = d.text;
  const box = el('div', {class: 'text', id: 'doc-text'});
  // the labels of each highlighted sentence, in words, for screen readers (aria-describedby) and the tooltip
  const descriptions = el('div', {hidden: true, id: 'ev-descriptions'});
  const evidence = []; // {node, labels, voice, description}
  let at = 0;
  for (const u of a.units || []) {
    if (u.start > at) box.append(text.slice(at, u.start));
    const unit = el('span', {class: 'unit' + (u.relevant ? ' relevant' : ''), id: 'unit-' + u.id, 'data-unit': u.id,
      title: u.kind + (u.author ? ' by ' + u.author : '')});
    let p = u.start;
    for (const s of u.sentences || []) {
      if (s.start < p) continue;
      if (s.start > p) unit.append(text.slice(p, s.start));
      const cited = idx.get(s.start + '-' + s.end);
      const sp = el('span', {id: 's-' + s.start + '-' + s.end}, text.slice(s.start, s.end));
      const reported = s.voice && s.voice.kind === 'reported';
      if (reported) {
        sp.classList.add('reported');
        sp.setAttribute('data-voice', 'reported:' + (s.voice.attitude || ''));
      }
      if (cited) {
        const description = el('div', {id: 'd-' + s.start + '-' + s.end});
        descriptions.append(description);
        const item = {node: sp, labels: cited, voice: reported ? voiceLine(s.voice) : null, description, shown: []};
        evidence.push(item);
        withTip(sp, () => item.shown.map(l => l.why + ' — score ' + num(l.score) + (l.evidence !== l.score ? ' (this sentence ' + num(l.evidence) + ')' : ''))
          .concat(item.shown.length && item.voice ? [item.voice] : []));
      }
      unit.append(sp);
      p = s.end;
    }
    if (u.end > p) unit.append(text.slice(p, u.end));
    box.append(unit);
    at = Math.max(at, u.end);
  }
  if (at < text.length) box.append(text.slice(at));

  // the legend says what each colour means and lets the reader choose what is highlighted
  const state = {kinds: new Set(KINDS.map(k => k.kind)), off: new Set(), min: DEFAULT_MIN};
  const perKind = new Map();
  const countOf = new Map(KINDS.map(k => [k.kind, el('span', {id: 'count-' + k.kind}, '0')]));
  const apply = () => {
    perKind.clear();
    for (const item of evidence) {
      item.shown = item.labels.filter(l => state.kinds.has(l.kind) && !state.off.has(l.key) && l.score >= state.min);
      const kinds = KINDS.map(k => k.kind).filter(k => item.shown.some(l => l.kind === k));
      const sp = item.node;
      for (const k of KINDS) sp.classList.toggle('k-' + k.kind, kinds.includes(k.kind));
      sp.classList.toggle('ev', kinds.length > 0);
      sp.classList.toggle('multi', kinds.length > 1);
      // one band per kind, top to bottom, so that a sentence with several kinds shows them all
      sp.style.backgroundImage = kinds.length > 1 ? 'linear-gradient(to bottom, ' + kinds.map((k, i) =>
        'var(--ev-' + k + ') ' + (100 * i / kinds.length) + '% ' + (100 * (i + 1) / kinds.length) + '%').join(', ') + ')' : '';
      clear(item.description).append(item.shown.map(l => l.why + ', score ' + num(l.score)).join('; '));
      if (kinds.length) {
        sp.setAttribute('data-labels', item.shown.map(l => l.key).join(' '));
        sp.setAttribute('tabindex', '0');
        sp.setAttribute('aria-describedby', item.description.id);
        for (const k of kinds) perKind.set(k, (perKind.get(k) || 0) + 1);
      } else {
        sp.removeAttribute('data-labels');
        sp.removeAttribute('tabindex');
        sp.removeAttribute('aria-describedby');
      }
    }
    for (const [k, c] of countOf) clear(c).append(String(perKind.get(k) || 0));
  };
  const legend = el('section', {class: 'legend', id: 'legend', 'aria-labelledby': 'legend-title'},
    el('h2', {id: 'legend-title'}, 'Highlights'),
    el('p', {class: 'note'}, 'The sentences the analysis cites as evidence for each label it reports (at most three per label), in the colours of the HTML report; a sentence with several kinds shows a band for each. Hover over a highlighted sentence, or reach it with Tab, for all its labels.'));
  const kindsBox = el('div', {class: 'kinds'});
  for (const k of KINDS) {
    const n = labels.filter(l => l.kind === k.kind && l.sentences).length;
    const cb = el('input', {type: 'checkbox', 'data-kind': k.kind});
    cb.checked = true;
    cb.disabled = !n;
    cb.addEventListener('change', () => { if (cb.checked) state.kinds.add(k.kind); else state.kinds.delete(k.kind); apply(); });
    kindsBox.append(el('label', {class: 'kind', title: k.what}, cb, ' ', el('span', {class: 'swatch k-' + k.kind}), ' ' + k.name + ' ',
      el('span', {class: 'note'}, '(', countOf.get(k.kind), ')')));
  }
  const minSel = el('select', {id: 'min-score'});
  for (const v of MIN_SCORES) {
    const o = el('option', {value: String(v)}, num(v));
    if (v === DEFAULT_MIN) o.selected = true;
    minSel.append(o);
  }
  minSel.addEventListener('change', () => { state.min = Number(minSel.value); apply(); });
  legend.append(kindsBox, el('p', {}, el('label', {}, 'Labels scoring at least ', minSel)));
  const list = el('ul', {class: 'label-filter'});
  for (const l of labels.filter(x => x.sentences)) {
    const cb = el('input', {type: 'checkbox', 'data-key': l.key});
    cb.checked = true;
    cb.addEventListener('change', () => { if (cb.checked) state.off.delete(l.key); else state.off.add(l.key); apply(); });
    list.append(el('li', {}, el('label', {}, cb, ' ', el('span', {class: 'swatch k-' + l.kind}), ' ' + l.label + ' ', el('span', {class: 'note'}, num(l.score)))));
  }
  legend.append(el('details', {id: 'label-filter'}, el('summary', {}, 'Each label (' + labels.filter(x => x.sentences).length + ')'), list));
  apply();

  // the panel scrolls on its own: it takes keyboard focus so that it can be scrolled without a mouse
  const side = el('aside', {class: 'side', id: 'side', tabindex: '0', 'aria-label': 'Analysis'});
  side.append(el('h2', {}, 'Position'), a.position ? el('p', {}, badge(a.position.label), pct(a.position.score)) : el('p', {class: 'note'}, a.status || 'not analysed'));
  if (a.status === 'analysed-via-gloss') side.append(el('p', {class: 'note', id: 'gloss-note'}, 'Read through a word-by-word English gloss of its language (' + (a.language || '?') + '): the labels are less reliable than for English; the quotes are the original\u2019s.'));
  if (a.position && a.position.scores) {
    const ps = el('ul', {id: 'position-scores', class: 'small'});
    for (const [k, v] of Object.entries(a.position.scores)) ps.append(el('li', {}, k + ' ', pct(v)));
    side.append(ps);
  }
  // Voices: who takes which position when the page is mixed, and every claim the text reports rather than makes.
  side.append(el('h2', {}, 'Voices'));
  const vs = el('ul', {id: 'voices'});
  for (const [pos, units] of Object.entries((a.position && a.position.voices) || {})) {
    vs.append(el('li', {}, badge(pos), ' ', units.map(id => {
      const u = (a.units || []).find(x => x.id === id);
      return el('a', {href: '#unit-' + id, class: 'unit-link'}, id + (u && u.author ? ' (' + u.author + ')' : u ? ' (' + u.kind + ')' : ''), ' ');
    })));
  }
  let reported = 0;
  for (const u of a.units || []) {
    for (const s of u.sentences || []) {
      if (!s.voice || s.voice.kind !== 'reported') continue;
      reported++;
      vs.append(el('li', {class: 'reported-claim'}, voiceLine(s.voice), ': ',
        quote({start: s.start, end: s.end, text: text.slice(s.start, s.end)})));
    }
  }
  if (!reported && !Object.keys((a.position && a.position.voices) || {}).length) {
    vs.append(el('li', {class: 'note'}, 'every sentence is the author\'s own claim'));
  }
  side.append(vs);
  side.append(el('h2', {}, 'Stance per target'));
  const st = el('ul', {id: 'stance'});
  for (const [t, s] of Object.entries(a.stance || {})) {
    st.append(el('li', {}, el('strong', {}, t), ': ', el('span', {class: 'mark ' + s.label}, s.label), ' ', num(s.score),
      (s.evidence || []).slice(0, 2).map(e => el('div', {}, quote(e)))));
  }
  side.append(st);
  const labelList = (title, items, idName, kind) => {
    side.append(el('h2', {}, title));
    if (!items || !items.length) { side.append(el('p', {class: 'note'}, 'none')); return; }
    const ul = el('ul', {id: idName});
    for (const n of items) {
      ul.append(el('li', {}, el('span', {class: 'badge k-' + kind}, n.name || n.id),
        n.mode === 'rebuts' ? el('span', {class: 'note'}, ' (rebutted)') : null, ' ', num(n.score),
        (n.evidence || []).slice(0, 2).map(e => el('div', {}, quote(e)))));
    }
    side.append(ul);
  };
  labelList('Narratives', a.narratives, 'narratives', 'narrative');
  labelList('Techniques', a.techniques, 'techniques', 'technique');
  side.append(el('h2', {}, 'Roles'));
  const roles = el('ul', {id: 'roles'});
  for (const r of a.roles || []) roles.append(el('li', {}, (r.entity || r.actor) + ' — ' + r.role + ' ' + num(r.score), (r.evidence || []).slice(0, 1).map(e => el('div', {}, quote(e)))));
  side.append(roles);
  side.append(el('h2', {}, 'Contradictions'));
  const cons = el('ul', {id: 'contradictions'});
  for (const c of a.contradictions || []) cons.append(el('li', {}, c.kind + ' (' + c.a + ' vs ' + c.b + (c.target ? ', ' + c.target : '') + ')', (c.quotes || []).map(e => el('div', {}, quote(e)))));
  if (!(a.contradictions || []).length) cons.append(el('li', {class: 'note'}, 'none'));
  side.append(cons);
  m.append(el('div', {class: 'layout'}, el('div', {}, legend, box, descriptions), side));
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
  // every control has a label of its own (a placeholder is no label; #20, point 19: the file input had none)
  const title = el('input', {id: 'paste-title', name: 'title', placeholder: 'optional'});
  const ta = el('textarea', {id: 'paste-text', name: 'text', placeholder: 'Paste a text…'});
  m.append(el('h2', {}, 'Paste text'), el('p', {}, el('label', {for: 'paste-title'}, 'Title '), title),
    el('p', {}, el('label', {for: 'paste-text'}, 'Text'), ta), el('p', {}, el('button', {id: 'paste-go', on: {click: () => {
      busy(true); postJson('/api/analyze', {text: ta.value, title: title.value}).then(done, fail);
    }}}, 'Analyze text')));
  const url = el('input', {id: 'url', type: 'url', placeholder: 'https://…'});
  m.append(el('h2', {}, 'A page on the web'), el('label', {for: 'url'}, 'Address '), url, ' ', el('button', {on: {click: () => {
    busy(true); postJson('/api/analyze', {url: url.value}).then(done, fail);
  }}}, 'Fetch and analyze'));
  const file = el('input', {id: 'file', type: 'file', accept: '.txt,.md,.markdown,.html,.htm,.xhtml,.pdf,.docx,.png,.jpg,.jpeg'});
  m.append(el('h2', {}, 'Upload a file'), el('p', {class: 'note', id: 'file-help'}, 'Text, Markdown, HTML, PDF, docx, or a meme image (PNG, JPEG: read by OCR), up to the server\'s size limit.'),
    el('label', {for: 'file'}, 'File to analyze '), file, ' ', el('button', {on: {click: () => {
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
    // Shortcuts never fire while a form control has focus: in a dropdown, "a" selects an option by its first
    // letter, and accepting at the same time would store a label the page no longer shows.
    const t = ev.target;
    if (t && (['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'OPTION'].includes(t.tagName) || t.isContentEditable)) return;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === 'j') focus(cur + 1);
    else if (ev.key === 'k') focus(cur - 1);
    else if (ev.key === 'a') units[cur].querySelector('button.accept').click();
    else if (/^[1-9]$/.test(ev.key)) { const s = units[cur].querySelector('select[data-key="' + ev.key + '"]'); if (s) s.focus(); }
  });
}

// ---- dashboards: drawn by Apache ECharts (the WebJar's dist/echarts.min.js, served from the jar) ----------------
// Names from the corpus (sources, labels) reach ECharts only as data: on screen it paints them into a canvas, its
// tooltips use renderMode 'richText' (drawn on the canvas too, no HTML), and the SVG export escapes them first.

const FONT = 'sans-serif'; // no quotes: ECharts writes the family into the SVG file's style attributes

/** A custom property of app.css: the position colours are defined there, for badges and charts alike. */
function cssVar(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }
function positionColour(p) { return cssVar('--pos-' + String(p).replace(/[^a-z-]/g, '') + '-strong') || strong(p); }

function distinct(xs) { return [...new Set(xs.map(String))]; }

/** A label's name from the codebook (the facets), else its id: a label removed since keeps its id. */
function nameOf(names, id) { return names.get(String(id)) || String(id); }

/** At most n characters; the tooltip gives the whole name. */
function short(s, n) { return s.length <= n ? s : s.slice(0, n - 1).trimEnd() + '…'; }

/** Axis labels for ids: short names, made unique with the id where two would read the same. */
function shortNames(ids, names, n) {
  const shorts = ids.map(id => short(nameOf(names, id), n));
  return shorts.map((x, i) => shorts.indexOf(x) === shorts.lastIndexOf(x) ? x : short(x, n - ids[i].length - 3) + ' (' + ids[i] + ')');
}

function counts(rows, keyOf, valueColumn) {
  const m = new Map();
  for (const r of rows) m.set(keyOf(r), (m.get(keyOf(r)) || 0) + Number(r[valueColumn]));
  return m;
}

/** What every chart shares: fonts, a scrolling legend on top, tooltips that never build HTML. */
function baseOption(extra) {
  return Object.assign({
    backgroundColor: '#fff',
    textStyle: {fontFamily: FONT, color: '#1d2733'},
    legend: {type: 'scroll', top: 0, left: 0, right: 0, textStyle: {color: '#1d2733'}},
    grid: {left: 8, right: 24, top: 44, bottom: 8, containLabel: true},
    tooltip: {renderMode: 'richText', confine: true, trigger: 'axis'},
  }, extra);
}

/** An axis in the page's greys (a new object each time: ECharts may keep and change what it is given). */
function axis(extra) {
  return Object.assign({axisLabel: {color: '#5b6875'}, axisLine: {lineStyle: {color: '#c9d3dd'}},
    splitLine: {lineStyle: {color: '#e3e7eb'}}}, extra);
}
function countAxis() { return axis({type: 'value', minInterval: 1}); } // the chart's title says what is counted

function narrativesOverTime(d, names) { // rows [period, narrative, documents] on the periods the server chose
  const ids = distinct(d.rows.map(r => r[1])).sort();
  const at = counts(d.rows, r => r[0] + '|' + r[1], 2);
  return baseOption({
    color: ids.map(strong),
    xAxis: axis({type: 'category', boundaryGap: false, data: d.periods}),
    yAxis: countAxis(),
    series: ids.map(id => ({id, name: nameOf(names.narratives, id), type: 'line', stack: 'narratives', symbol: 'none',
      areaStyle: {opacity: 0.75}, lineStyle: {width: 1}, emphasis: {focus: 'series'},
      data: d.periods.map(m => isBreak(m) ? null : at.get(m + '|' + id) || 0)})),
  });
}

function positionsBySource(d) { // rows [source, position, documents]
  const rows = d.rows;
  const sources = distinct(rows.map(r => r[0]));
  const positions = distinct(rows.map(r => r[1])).sort();
  const at = counts(rows, r => r[0] + '|' + r[1], 2);
  return baseOption({
    color: positions.map(positionColour),
    tooltip: {renderMode: 'richText', confine: true, trigger: 'axis', axisPointer: {type: 'shadow'}},
    xAxis: countAxis(),
    yAxis: axis({type: 'category', inverse: true, data: sources}),
    series: positions.map(p => ({id: p, name: p, type: 'bar', stack: 'positions', barMaxWidth: 28, emphasis: {focus: 'series'},
      data: sources.map(s => at.get(s + '|' + p) || 0)})),
  });
}

function stanceOverTime(d, names) { // rows [period, target, stance, documents]: one line per target and stance
  const keys = distinct(d.rows.map(r => r[1] + ' ' + r[2])).sort();
  const at = counts(d.rows, r => r[0] + '|' + r[1] + ' ' + r[2], 3);
  const target = k => k.slice(0, k.lastIndexOf(' '));
  return baseOption({
    color: keys.map(k => strong(target(k))),
    xAxis: axis({type: 'category', data: d.periods}),
    yAxis: countAxis(),
    series: keys.map(k => {
      const against = k.endsWith(' against');
      return {id: k, name: nameOf(names.targets, target(k)) + ' ' + k.slice(k.lastIndexOf(' ') + 1), type: 'line',
        symbol: against ? 'triangle' : 'circle', symbolSize: 7,
        lineStyle: {width: 2, type: against ? 'dashed' : 'solid'}, emphasis: {focus: 'series'},
        data: d.periods.map(m => isBreak(m) ? null : at.get(m + '|' + k) || 0)};
    }),
  });
}

function cooccurrence(d, names) { // rows [narrative a, narrative b, documents], a < b: drawn both ways
  const rows = d.rows;
  const ids = distinct(rows.flatMap(r => [r[0], r[1]])).sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const data = rows.flatMap(r => [[index.get(String(r[0])), index.get(String(r[1])), Number(r[2])],
    [index.get(String(r[1])), index.get(String(r[0])), Number(r[2])]]);
  const name = id => nameOf(names.narratives, id);
  // the axes show the codebook's names, cut to 28 characters so that they fit beside the grid; the cell's tooltip
  // gives both whole names
  const labels = shortNames(ids, names.narratives, 28);
  const option = baseOption({
    grid: {left: 8, right: 24, top: 10, bottom: 56, containLabel: true},
    tooltip: {renderMode: 'richText', confine: true, trigger: 'item',
      formatter: p => name(ids[p.value[0]]) + ' + ' + name(ids[p.value[1]]) + ': ' + p.value[2] + ' document(s)'},
    xAxis: axis({type: 'category', data: labels, axisLabel: {color: '#5b6875', interval: 0, rotate: 40}}),
    yAxis: axis({type: 'category', inverse: true, data: labels, axisLabel: {color: '#5b6875', interval: 0}}),
    visualMap: {min: 0, max: Math.max(1, ...data.map(x => x[2])), orient: 'horizontal', left: 'center', bottom: 0,
      itemHeight: 160, calculable: false, text: ['more', 'fewer documents'], textStyle: {color: '#5b6875'},
      inRange: {color: ['#e3edf7', cssVar('--accent') || '#2f5d8a']}},
    series: [{name: 'documents carrying both', type: 'heatmap', data, label: {show: true},
      itemStyle: {borderColor: '#fff', borderWidth: 2},
      emphasis: {itemStyle: {borderColor: '#1d2733', borderWidth: 1}}}],
  });
  delete option.legend; // one series: the colour scale below says what the colours mean
  return option;
}

/** XML-escapes every string of an option (ECharts 5.3's SVG string export writes text as given). */
function escapedForSvg(v) {
  if (typeof v === 'string') {
    return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
  }
  if (Array.isArray(v)) return v.map(escapedForSvg);
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = escapedForSvg(x);
    return o;
  }
  return v;
}

/** The chart as an SVG file, drawn again by ECharts' SVG renderer (server-side mode: no DOM, no style in the page). */
function svgFile(option, width, height) {
  const c = echarts.init(null, null, {renderer: 'svg', ssr: true, width, height});
  try {
    c.setOption(Object.assign(escapedForSvg(option), {animation: false}));
    return new Blob([c.renderToSVGString()], {type: 'image/svg+xml'});
  } finally { c.dispose(); }
}

function pngFile(chart) {
  const url = chart.getDataURL({type: 'png', pixelRatio: 2, backgroundColor: '#fff'});
  const bin = atob(url.slice(url.indexOf(',') + 1));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], {type: 'image/png'});
}

function download(name, blob) {
  const a = el('a', {download: name});
  a.href = URL.createObjectURL(blob);
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

const PER = {month: 'month', quarter: 'quarter', year: 'year'};

/** The category where the axis skips months without documents ("⋯ 78 months ⋯"): drawn as a gap in the lines. */
function isBreak(period) { return String(period).startsWith('⋯'); }

/** What a time chart leaves out, in words: undated documents and outliers far from the rest (see Periods.java). */
function timeNotes(d, what) {
  const out = [];
  if (d.undated) out.push(d.undated + ' undated document(s) ' + what + ' (no publication date): not on this chart.');
  if (d.before || d.after) {
    out.push('Left out as far from the rest: ' + [d.before ? d.before + ' document(s) dated before ' + d.first : '',
      d.after ? d.after + ' after ' + d.last : ''].filter(x => x).join(', ') + ' (the API lists every month with period=month).');
  }
  for (const g of d.gaps || []) out.push('No document from ' + g.from + ' to ' + g.to + ': the axis skips these months (⋯).');
  return out;
}

const DASHBOARDS = [
  {name: 'narratives-over-time', title: d => 'Narratives over time (documents per ' + (PER[d.period] || 'month') + ')',
    draw: narrativesOverTime, empty: 'No dated, analysed document carries a narrative yet.',
    notes: d => timeNotes(d, 'carrying a narrative')},
  {name: 'positions-by-source', title: () => 'Positions by source (documents)', draw: positionsBySource,
    empty: 'No analysed document has a position yet.', height: n => 90 + 34 * n},
  {name: 'stance-over-time', title: d => 'Stance toward each target over time (documents per ' + (PER[d.period] || 'month') + '; dashed: against)',
    draw: stanceOverTime, empty: 'No dated, analysed document takes a stance (favor or against) yet.',
    notes: d => timeNotes(d, 'taking a stance')},
  {name: 'narrative-cooccurrence', title: () => 'Narrative co-occurrence (documents carrying both)', draw: cooccurrence,
    empty: 'No document carries two narratives yet.', height: n => 190 + 26 * n}];

async function dashboardsPage() {
  const m = main();
  m.append(el('h1', {}, 'Dashboards'));
  if (typeof echarts === 'undefined') throw new Error('the chart library (/assets/echarts-*.min.js) did not load');
  const facets = await api('/api/facets');
  const names = {narratives: new Map(facets.narratives.map(n => [n.id, n.name])),
    targets: new Map(facets.targets.map(t => [t.id, t.name]))};
  for (const c of DASHBOARDS) {
    const heading = el('h2', {}, c.title({}));
    const box = el('section', {class: 'chart', id: 'chart-' + c.name}, heading);
    m.append(box);
    try {
      const d = await api('/api/dashboards/' + c.name);
      clear(heading).append(c.title(d));
      if (d.period) box.setAttribute('data-period', d.period);
      const notes = c.notes ? c.notes(d) : [];
      if (c.notes) box.setAttribute('data-undated', String(d.undated || 0));
      if (!d.rows.length) {
        box.classList.add('empty');
        box.append(el('div', {class: 'no-data'}, el('strong', {}, 'No data'), el('span', {}, c.empty), notes.map(n => el('span', {class: 'chart-note'}, n))));
        continue;
      }
      for (const n of notes) box.append(el('p', {class: 'note chart-note'}, n));
      const option = () => c.draw(d, names); // a fresh option for the screen and for each SVG file
      const plot = el('div', {class: 'plot', role: 'img', 'aria-label': c.title(d)});
      if (c.height) plot.style.height = Math.min(1400, Math.max(260, c.height(option().yAxis.data.length))) + 'px';
      box.append(plot);
      const chart = echarts.init(plot, null, {renderer: 'canvas'});
      chart.on('finished', () => box.setAttribute('data-drawn', 'true'));
      chart.setOption(option());
      new ResizeObserver(() => chart.resize()).observe(plot);
      box.append(el('div', {class: 'tools'},
        el('button', {class: 'secondary', 'data-export': 'png', on: {click: () => download(c.name + '.png', pngFile(chart))}}, 'PNG'),
        el('button', {class: 'secondary', 'data-export': 'svg', on: {click: () => download(c.name + '.svg',
          svgFile(option(), chart.getWidth(), chart.getHeight()))}}, 'SVG'),
        el('a', {href: '/api/dashboards/' + c.name + '?format=csv', download: c.name + '.csv', 'data-export': 'csv'}, 'data (CSV)')));
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
