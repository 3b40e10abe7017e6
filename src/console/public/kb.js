// @ts-check
// The knowledge-base editor (issue 16 items 1–3): the list of entries and figures with search and filters,
// an entry or a figure edited as a form with live validation (the server's kb:validate rules, asked
// ~400 ms after the last keystroke), a preview of how the bot would answer, the draft → review → publish
// buttons by role, the history with a diff and rollback, and "what changes on this date".
// Editors are not programmers: everything is a labelled field, never YAML. Text from the server is always
// inserted with textContent (el()), never as HTML.
import { api, el, hasRole, lang, me, navigation, notice, start, t, when } from './common.js';
// fuse.js's own ES module build, served by console/vendor-routes.ts (not a file in this folder).
// @ts-expect-error: the module is a URL on the server, not a file the type checker can read
import FuseModule from './vendor/fuse.mjs';

/** @type {any} */
var Fuse = FuseModule;

/**
 * @typedef {{ id: string, name: string }} Person
 * @typedef {{ kind: string, ref?: string, text?: string }} Origin
 * @typedef {{ state: 'editing' | 'in_review', authors: Person[], updatedAt: string, note?: string }} DraftSummary
 * @typedef {{ path: string, kind: 'entry' | 'figure', id: string, topic?: string, title: string, status?: string,
 *   lastChecked?: string, rev: number, publishedAt?: string, draft: DraftSummary | null }} DocSummary
 * @typedef {{ field: string | null, line: number, message: string, text?: string }} Problem  text: the message in Vietnamese
 * @typedef {{ text: string, fields: Fields | null, state: 'editing' | 'in_review', authors: Person[], baseRev: number,
 *   eTag: string, note?: string, origin?: Origin, updatedAt: string }} Draft
 * @typedef {{ rev: number, text: string, fields: Fields, publishedAt: string, authors: Person[], reviewer: Person }} Published
 * @typedef {{ path: string, kind: 'entry' | 'figure', rev: number, published: Published | null, draft: Draft | null, canPublish: boolean }} DocDetail
 * @typedef {Record<string, any>} Fields
 * @typedef {{ served: number, helpful: number, unhelpful: number, handoffsAfter: number }} Usage
 * @typedef {{ entryId: string, title: string, score: number }} Candidate
 * @typedef {{ outcome: string, entryId: string | null, confidence: number, candidates: Candidate[], text: string | null }} Answer
 * @typedef {{ rev: number, publishedAt: string, authors: Person[], reviewer: Person, note?: string }} Revision
 * @typedef {{ search: (q: string) => { item: SearchRecord }[] }} FuseIndex
 * @typedef {{ doc: DocSummary, title: string, id: string, topic: string }} SearchRecord
 */

/** The limits of load.ts (rendered text, figures filled in). */
var ANSWER_MAX = 600;
var MORE_MAX = 1000;
var CHECK_DELAY_MS = 400;
var APPLIES_TO = [
  'employee',
  'si_compulsory',
  'si_voluntary',
  'hi_card_holder',
  'ui_participant',
  'union_member',
  'employer',
  'employer_10plus',
  'household_business_owner',
  'female_employee',
  'public_sector',
];

var list = {
  /** @type {DocSummary[]} */ docs: [],
  /** @type {string[]} */ topics: [],
  canPublish: false,
  /** @type {Record<string, Usage> | null} */ usage: null,
  /** @type {FuseIndex | null} */ fuse: null,
  filters: { topic: '', drafts: false, review: false, figures: false, q: '' },
};

/**
 * The document open in the editor.
 * @type {{ path: string, kind: 'entry' | 'figure', isNew: boolean, detail: DocDetail | null, fields: Fields, saved: string,
 *   problems: Problem[], checking: boolean, checkFailed: string, seq: number, timer: number, slots: Map<string, HTMLElement>,
 *   refresh: (() => void)[] } | null}
 */
var cur = null;
/**
 * Figure values in force today, by id, as a worker reads them (for the character counts); null while asked.
 * @type {Map<string, { value: string, source: string } | null>}
 */
var figureText = new Map();

var $ = /** @param {string} id */ (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** "Bảo hiểm Xã hội" → "bao hiem xa hoi": what the search and the id suggestion compare. */
function fold(/** @type {string} */ text) {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}
/** An entry id from a title: lower-case ascii words joined with "-". */
export function suggestId(/** @type {string} */ title) {
  return fold(title)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}
function today() {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
}
/** 5310000 → "5.310.000", as figures.ts formats them for a worker. */
function formatFigure(/** @type {number | string} */ value) {
  if (typeof value === 'string') return value;
  var parts = String(value).split('.');
  var grouped = (parts[0] || '').replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'en' ? ',' : '.');
  return parts[1] ? grouped + (lang === 'en' ? '.' : ',') + parts[1] : grouped;
}
function topicLabel(/** @type {string | undefined} */ topic) {
  if (!topic) return '';
  var label = t('kb.topics.' + topic);
  return label === 'kb.topics.' + topic ? topic : label;
}
function names(/** @type {Person[] | undefined} */ people) {
  return (people || []).map((p) => p.name).join(', ');
}
/** @param {ApiErrorLike} err */
function isConflict(err) {
  return !!err && err.status === 409;
}
/** @typedef {{ status?: number, message?: string }} ApiErrorLike */

// ---------------------------------------------------------------------------------------------------
// Paths in the fields object ("citations.0.quote")

/** @param {Fields} obj @param {string} path */
function getPath(obj, path) {
  return path.split('.').reduce(function (/** @type {any} */ o, k) {
    return o == null ? undefined : o[k];
  }, obj);
}
/** Set a value; an empty optional value removes the key (and an emptied parent object). */
function setPath(/** @type {Fields} */ obj, /** @type {string} */ path, /** @type {unknown} */ value) {
  var keys = path.split('.');
  /** @type {any} */
  var o = obj;
  for (var i = 0; i < keys.length - 1; i++) {
    var k = /** @type {string} */ (keys[i]);
    if (o[k] == null || typeof o[k] !== 'object') o[k] = /^\d+$/.test(keys[i + 1] || '') ? [] : {};
    o = o[k];
  }
  var last = /** @type {string} */ (keys[keys.length - 1]);
  var empty = value === '' || value === undefined || (Array.isArray(value) && value.length === 0);
  if (empty && !Array.isArray(o)) delete o[last];
  else o[last] = value;
  if (keys.length === 2 && !Array.isArray(obj[keys[0] || '']) && Object.keys(obj[keys[0] || ''] || {}).length === 0) delete obj[keys[0] || ''];
}
/** The nodes of a list without its empty places. */
function present(/** @type {(Node | null | undefined)[]} */ nodes) {
  return /** @type {Node[]} */ (nodes.filter(Boolean));
}
function lines(/** @type {string} */ text) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

// ---------------------------------------------------------------------------------------------------
// The list

async function loadList() {
  var data = await api('GET', '/console/api/kb/documents');
  list.docs = data.documents || [];
  list.topics = data.topics || [];
  list.canPublish = !!data.canPublish;
  buildSearch();
  fillTopics();
  renderList();
}

function records() {
  return list.docs.map((d) => ({ doc: d, title: fold(d.title || ''), id: fold(d.id || ''), topic: fold(topicLabel(d.topic)) }));
}
function buildSearch() {
  list.fuse = Fuse
    ? new Fuse(records(), {
        keys: [
          { name: 'title', weight: 2 },
          { name: 'id', weight: 1 },
          { name: 'topic', weight: 0.5 },
        ],
        threshold: 0.38,
        ignoreLocation: true,
        ignoreDiacritics: true,
      })
    : null;
}

function fillTopics() {
  var select = /** @type {HTMLSelectElement} */ ($('kb-topic'));
  var chosen = select.value;
  select.replaceChildren(el('option', { value: '', text: t('kb.filters.allTopics') }));
  list.topics.forEach((topic) => select.appendChild(el('option', { value: topic, text: topicLabel(topic) })));
  select.value = chosen;
}

/** The review queue first for a reviewer, then drafts, then by topic and title. */
function order(/** @type {DocSummary} */ a, /** @type {DocSummary} */ b) {
  var rank = (/** @type {DocSummary} */ d) => (d.draft ? (d.draft.state === 'in_review' && hasRole(me, 'reviewer') ? 0 : 1) : 2);
  return (
    rank(a) - rank(b) ||
    (a.kind === b.kind ? 0 : a.kind === 'entry' ? -1 : 1) ||
    (a.topic || '').localeCompare(b.topic || '') ||
    a.title.localeCompare(b.title, 'vi')
  );
}

function visibleDocs() {
  var f = list.filters;
  var q = fold(f.q.trim());
  /** @type {DocSummary[]} */
  var found;
  if (!q) found = list.docs.slice().sort(order);
  else if (list.fuse) found = list.fuse.search(q).map((r) => r.item.doc);
  else
    found = records()
      .filter((r) => (r.title + ' ' + r.id + ' ' + r.topic).includes(q))
      .map((r) => r.doc);
  return found.filter(
    (d) =>
      (!f.topic || d.topic === f.topic) &&
      (!f.drafts || !!d.draft) &&
      (!f.review || (!!d.draft && d.draft.state === 'in_review')) &&
      (!f.figures || d.kind === 'figure'),
  );
}

function renderList() {
  var shown = visibleDocs();
  $('kb-count').textContent = t('kb.count', { shown: shown.length, total: list.docs.length });
  var ul = $('kb-list');
  ul.replaceChildren();
  if (shown.length === 0) ul.appendChild(el('li', { class: 'empty', text: t('kb.empty') }));
  shown.forEach((d) => ul.appendChild(listItem(d)));
}

function listItem(/** @type {DocSummary} */ d) {
  var usage = list.usage && d.kind === 'entry' ? list.usage[d.id] : undefined;
  var badges = el('span', { class: 'kb-badges' }, [
    d.kind === 'figure' ? el('span', { class: 'badge', text: t('kb.kind.figure') }) : null,
    d.status ? el('span', { class: 'badge kb-status-' + d.status, text: t('kb.status.' + d.status) }) : null,
    el('span', { class: 'badge', text: d.rev ? t('kb.rev', { rev: d.rev }) : t('kb.neverPublished') }),
    d.draft
      ? el('span', {
          class: 'badge kb-draft-' + d.draft.state,
          'data-testid': 'kb-draft-badge',
          text: t(d.draft.state === 'in_review' ? 'kb.draftInReview' : 'kb.draftEditing', { names: names(d.draft.authors) }),
        })
      : null,
  ]);
  var meta = [d.id, topicLabel(d.topic), d.lastChecked ? t('kb.lastChecked', { day: d.lastChecked }) : ''].filter(Boolean).join(' · ');
  var usageLine = usage
    ? t('kb.usage', {
        served: usage.served,
        helpful: usage.helpful + usage.unhelpful > 0 ? Math.round((100 * usage.helpful) / (usage.helpful + usage.unhelpful)) + '%' : '–',
        handoffs: usage.handoffsAfter,
      })
    : '';
  var button = el(
    'button',
    { type: 'button', class: 'kb-item', 'data-path': d.path, 'data-testid': 'kb-item', 'aria-current': cur && cur.path === d.path ? 'true' : undefined },
    [
      el('strong', { class: 'kb-item-title', text: d.title }),
      el('span', { class: 'line small muted', text: meta }),
      badges,
      usageLine ? el('span', { class: 'line small kb-usage', 'data-testid': 'kb-usage', text: usageLine }) : null,
    ],
  );
  button.addEventListener('click', () => openDoc(d.path));
  return el('li', {}, [button]);
}

// ---------------------------------------------------------------------------------------------------
// Opening a document

/** Leave unsaved changes only when the editor agrees. */
function mayLeave() {
  return !cur || !isDirty() || window.confirm(t('kb.workflow.unsavedLeave'));
}
function isDirty() {
  return !!cur && JSON.stringify(clean(cur.fields, cur.kind)) !== cur.saved;
}

async function openDoc(/** @type {string} */ path, /** @type {boolean} */ force = false) {
  if (!force && cur && cur.path === path && !cur.isNew) return;
  if (!force && !mayLeave()) return;
  showTab('list');
  /** @type {DocDetail} */
  var detail = await api('GET', '/console/api/kb/document?path=' + encodeURIComponent(path));
  var fields = (detail.draft && detail.draft.fields) || (detail.published && detail.published.fields) || {};
  cur = newCurrent(path, detail.kind, false, detail, JSON.parse(JSON.stringify(fields)));
  if (location.hash !== '#' + encodeURIComponent(path)) history.replaceState(null, '', '#' + encodeURIComponent(path));
  renderEditor();
  renderList();
  scheduleCheck(0);
}

function newEntry() {
  if (!mayLeave()) return;
  showTab('list');
  var topic = list.filters.topic || list.topics[0] || '';
  /** @type {Fields} */
  var fields = { topic: topic, id: '', title: '', status: 'published', last_checked: today(), phrasings: [], answer: '', citations: [], personal_note: true };
  cur = newCurrent('', 'entry', true, null, fields);
  cur.saved = '';
  history.replaceState(null, '', location.pathname + location.search);
  renderEditor();
  renderList();
}

/**
 * @param {string} path @param {'entry' | 'figure'} kind @param {boolean} isNew @param {DocDetail | null} detail @param {Fields} fields
 * @returns {NonNullable<typeof cur>}
 */
function newCurrent(path, kind, isNew, detail, fields) {
  if (kind === 'entry' && !Array.isArray(fields.phrasings)) fields.phrasings = [];
  if (kind === 'entry' && !Array.isArray(fields.citations)) fields.citations = [];
  if (kind === 'figure' && !Array.isArray(fields.values)) fields.values = [];
  return {
    path,
    kind,
    isNew,
    detail,
    fields,
    saved: JSON.stringify(clean(fields, kind)),
    problems: [],
    checking: false,
    checkFailed: '',
    seq: 0,
    timer: 0,
    slots: new Map(),
    refresh: [],
  };
}

/** The fields as the server takes them: no empty optional values. */
function clean(/** @type {Fields} */ fields, /** @type {'entry' | 'figure'} */ kind) {
  var out = JSON.parse(JSON.stringify(fields));
  if (kind === 'figure') {
    out.values = (out.values || []).map((/** @type {Record<string, unknown>} */ v) => {
      /** @type {Record<string, unknown>} */
      var row = { value: v.value, from: v.from, source: v.source };
      if (v.until) row.until = v.until;
      return row;
    });
    return out;
  }
  out.citations = (out.citations || []).map((/** @type {Record<string, unknown>} */ c) => {
    /** @type {Record<string, unknown>} */
    var row = {};
    Object.keys(c).forEach((k) => {
      if (c[k] !== '' && c[k] != null) row[k] = c[k];
    });
    return row;
  });
  ['more', 'review_note'].forEach((k) => {
    if (out[k] === '') delete out[k];
  });
  if (out.effective && !out.effective.from && !out.effective.until) delete out.effective;
  if (out.en && !out.en.title && !out.en.answer && !out.en.more && !(out.en.phrasings || []).length) delete out.en;
  if (Array.isArray(out.applies_to) && out.applies_to.length === 0) delete out.applies_to;
  return out;
}

/** The path a new entry is checked and previewed under (the server picks the folder when it saves). */
function workingPath() {
  if (!cur) return '';
  return cur.isNew ? 'entries/' + (cur.fields.topic || 'new') + '/' + (cur.fields.id || 'new') + '.yaml' : cur.path;
}

// ---------------------------------------------------------------------------------------------------
// Live validation

function scheduleCheck(/** @type {number} */ delay = CHECK_DELAY_MS) {
  if (!cur) return;
  var c = cur;
  clearTimeout(c.timer);
  c.checking = true;
  updateState();
  c.timer = window.setTimeout(() => runCheck(c), delay);
}

async function runCheck(/** @type {NonNullable<typeof cur>} */ c) {
  var seq = ++c.seq;
  try {
    var result = await api('POST', '/console/api/kb/check', { path: workingPath(), fields: clean(c.fields, c.kind) });
    if (cur !== c || seq !== c.seq) return;
    c.problems = result.problems || [];
    c.checkFailed = '';
  } catch (e) {
    if (cur !== c || seq !== c.seq) return;
    c.checkFailed = /** @type {Error} */ (e).message;
  }
  c.checking = false;
  showProblems();
  updateState();
}

/** The slot of the most precise field a problem names ("citations.0.quote", else "citations.0", else "citations"). */
function slotFor(/** @type {string | null} */ field, /** @type {string} */ message = '') {
  if (!cur) return null;
  // a message without a field may still name one ("a published entry needs at least 10 phrasings")
  var named = field || (/\b(phrasings|citations|answer|title|related|values)\b/.exec(message) || [])[1];
  if (!named) return null;
  var parts = named.split('.');
  while (parts.length) {
    var slot = cur.slots.get(parts.join('.'));
    if (slot) return slot;
    parts.pop();
  }
  return null;
}

/**
 * What the editor reads: the Vietnamese wording when the page is in Vietnamese, kb:validate's otherwise.
 * @param {Problem} p
 */
function problemText(p) {
  return lang === 'vi' && p.text ? p.text : p.message;
}

function showProblems() {
  if (!cur) return;
  cur.slots.forEach((slot) => {
    slot.replaceChildren();
    slot.hidden = true;
    var field = slot.closest('.kb-field');
    if (field) field.classList.remove('has-problem');
  });
  cur.problems.forEach((p) => {
    var slot = slotFor(p.field, p.message);
    if (!slot) return;
    slot.appendChild(el('span', { class: 'kb-problem-line', text: problemText(p) }));
    slot.hidden = false;
    var field = slot.closest('.kb-field');
    if (field) field.classList.add('has-problem');
  });
  var summary = document.getElementById('kb-check');
  if (!summary) return;
  summary.replaceChildren();
  summary.className = 'kb-check';
  if (cur.checkFailed) {
    summary.classList.add('bad');
    summary.appendChild(el('p', { text: t('kb.check.failed', { message: cur.checkFailed }) }));
  } else if (cur.problems.length === 0) {
    summary.classList.add('good');
    summary.appendChild(el('p', { text: '✓ ' + t('kb.check.ok') }));
  } else {
    summary.classList.add('bad');
    summary.appendChild(el('p', { text: '⚠ ' + t('kb.check.problems', { n: cur.problems.length }) }));
    var ul = el('ul', {});
    cur.problems.forEach((p) => {
      var item = el('li', {}, [p.field ? el('code', { text: p.field }) : null, p.field ? ' ' : null, problemText(p)]);
      var slot = slotFor(p.field, p.message);
      if (slot) {
        item.classList.add('jump');
        item.tabIndex = 0;
        item.addEventListener('click', () => {
          var input = slot && slot.closest('.kb-field')?.querySelector('input, textarea, select');
          if (input instanceof HTMLElement) input.focus();
        });
      }
      ul.appendChild(item);
    });
    summary.appendChild(ul);
  }
}

// ---------------------------------------------------------------------------------------------------
// Form pieces

/** A field's error slot, registered under its path. */
function slot(/** @type {string} */ path) {
  var s = el('div', { class: 'kb-problem', role: 'alert', 'data-field': path, 'data-testid': 'kb-problem-' + path, hidden: true });
  if (cur) cur.slots.set(path, s);
  return s;
}

function changed() {
  if (!cur) return;
  cur.refresh.forEach((f) => f());
  scheduleCheck();
}

/**
 * A labelled input or textarea bound to a path in the fields.
 * @param {string} labelKey @param {string} path
 * @param {{ multiline?: boolean, rows?: number, type?: string, hint?: string, after?: HTMLElement | null, readOnly?: boolean, onInput?: (v: string) => void, testid?: string }} [opts]
 */
function textField(labelKey, path, opts) {
  var o = opts || {};
  var id = 'f-' + path.replace(/\./g, '-');
  var value = getPath(/** @type {Fields} */ (cur && cur.fields), path);
  /** @type {HTMLInputElement | HTMLTextAreaElement} */
  var input = o.multiline
    ? /** @type {HTMLTextAreaElement} */ (el('textarea', { id: id, rows: String(o.rows || 4), 'data-testid': o.testid || 'kb-field-' + path }))
    : /** @type {HTMLInputElement} */ (el('input', { id: id, type: o.type || 'text', 'data-testid': o.testid || 'kb-field-' + path }));
  input.value = value == null ? '' : String(value);
  input.readOnly = !!o.readOnly;
  input.addEventListener('input', () => {
    if (!cur) return;
    if (o.onInput) o.onInput(input.value);
    else setPath(cur.fields, path, input.value);
    changed();
  });
  return el('div', { class: 'kb-field' }, [
    el('label', { for: id, text: t(labelKey) }),
    o.hint ? el('p', { class: 'muted small kb-hint', text: o.hint }) : null,
    input,
    o.after || null,
    slot(path),
  ]);
}

/** The text of a template as a worker reads it today (figures filled in where known). */
function renderedLength(/** @type {string} */ template) {
  var text = template.replace(/\{\{\s*([a-z0-9_]+)(?:\.([a-z_]+))?\s*\}\}/g, (raw, id, field) => {
    var known = id !== 'org' && figureText.get(id);
    if (!known) return raw;
    return field === 'source' ? known.source : field ? raw : known.value;
  });
  return text.trim().length;
}

/** Fetch the values of the figures a template uses (once each), then refresh the counts. */
function learnFigures(/** @type {string} */ template) {
  var wanted = [...template.matchAll(/\{\{\s*([a-z0-9_]+)\s*\}\}/g)].map((m) => m[1] || '').filter((id) => id !== 'org' && !figureText.has(id));
  wanted.forEach((id) => {
    var doc = list.docs.find((d) => d.kind === 'figure' && d.id === id);
    if (!doc) return;
    figureText.set(id, null);
    api('GET', '/console/api/kb/document?path=' + encodeURIComponent(doc.path))
      .then((/** @type {DocDetail} */ detail) => {
        var f = (detail.published && detail.published.fields) || (detail.draft && detail.draft.fields);
        var day = today();
        var v = f && (f.values || []).find((/** @type {Fields} */ x) => x.from <= day && (!x.until || day <= x.until));
        if (v) figureText.set(id, { value: formatFigure(v.value), source: String(v.source || '') });
        if (cur) cur.refresh.forEach((r) => r());
      })
      .catch(() => undefined);
  });
}

function counter(/** @type {string} */ path, /** @type {number} */ max) {
  var out = el('p', { class: 'kb-count small', 'data-testid': 'kb-count-' + path, 'aria-live': 'polite' });
  var update = () => {
    var template = String(getPath(/** @type {Fields} */ (cur && cur.fields), path) || '');
    learnFigures(template);
    var n = renderedLength(template);
    out.textContent = t(n > max ? 'kb.field.charsOver' : 'kb.field.chars', { n: n, max: max });
    out.classList.toggle('over', n > max);
  };
  if (cur) cur.refresh.push(update);
  update();
  return out;
}

function linesField(/** @type {string} */ labelKey, /** @type {string} */ path, /** @type {{ hint?: string, count?: boolean }} */ opts) {
  var countLine = opts.count ? el('p', { class: 'kb-count small', 'data-testid': 'kb-count-' + path }) : null;
  var update = () => {
    if (!countLine || !cur) return;
    var all = /** @type {string[]} */ (getPath(cur.fields, path) || []);
    var plain = all.filter((p) => fold(p) === p.toLowerCase() || fold(p) === p).length;
    countLine.textContent = t('kb.field.phrasingsCount', { n: all.length, plain: plain });
  };
  if (cur && countLine) cur.refresh.push(update);
  var field = textField(labelKey, path, {
    multiline: true,
    rows: 8,
    hint: opts.hint,
    after: countLine,
    onInput: (v) => cur && setPath(cur.fields, path, lines(v)),
  });
  var area = /** @type {HTMLTextAreaElement} */ (field.querySelector('textarea'));
  area.value = /** @type {string[]} */ (getPath(/** @type {Fields} */ (cur && cur.fields), path) || []).join('\n');
  update();
  return field;
}

function section(/** @type {string} */ titleKey, /** @type {(Node | null)[]} */ children, /** @type {string} */ testid = '') {
  return el('fieldset', { class: 'kb-section', 'data-testid': testid || undefined }, [el('legend', { text: t(titleKey) }), ...children]);
}

function dateField(/** @type {string} */ labelKey, /** @type {string} */ path, /** @type {HTMLElement | null} */ after = null) {
  return textField(labelKey, path, { type: 'date', after: after });
}

// ---------------------------------------------------------------------------------------------------
// The entry form

function entryForm() {
  if (!cur) return el('div');
  var f = cur.fields;
  var c = cur;
  var parts = [];
  if (cur.isNew) {
    var topicSelect = /** @type {HTMLSelectElement} */ (el('select', { id: 'f-topic', 'data-testid': 'kb-field-topic' }));
    list.topics.forEach((topic) => topicSelect.appendChild(el('option', { value: topic, text: topicLabel(topic) })));
    topicSelect.value = f.topic || '';
    topicSelect.addEventListener('change', () => {
      c.fields.topic = topicSelect.value;
      changed();
    });
    parts.push(el('div', { class: 'kb-field' }, [el('label', { for: 'f-topic', text: t('kb.field.topic') }), topicSelect, slot('topic')]));
  }
  /** while the editor has not typed an id, it follows the title */
  var idTyped = !cur.isNew || !!f.id;
  var idField = textField('kb.field.id', 'id', {
    readOnly: !cur.isNew,
    hint: cur.isNew ? t('kb.field.idHint') : undefined,
    onInput: (v) => {
      idTyped = v !== '';
      c.fields.id = v;
    },
  });
  parts.push(
    textField('kb.field.title', 'title', {
      onInput: (v) => {
        c.fields.title = v;
        if (c.isNew && !idTyped) {
          c.fields.id = suggestId(v);
          /** @type {HTMLInputElement} */ (idField.querySelector('input')).value = c.fields.id;
        }
      },
    }),
    idField,
  );
  var status = /** @type {HTMLSelectElement} */ (el('select', { id: 'f-status', 'data-testid': 'kb-field-status' }));
  ['published', 'needs_review'].forEach((s) => status.appendChild(el('option', { value: s, text: t('kb.status.' + s) })));
  status.value = f.status || 'published';
  status.addEventListener('change', () => {
    c.fields.status = status.value;
    changed();
  });
  var todayButton = el('button', { type: 'button', class: 'link small', text: t('kb.field.today') });
  var checkedField = dateField('kb.field.lastChecked', 'last_checked', todayButton);
  todayButton.addEventListener('click', () => {
    c.fields.last_checked = today();
    /** @type {HTMLInputElement} */ (checkedField.querySelector('input')).value = c.fields.last_checked;
    changed();
  });
  parts.push(
    el('div', { class: 'kb-two' }, [
      el('div', { class: 'kb-field' }, [el('label', { for: 'f-status', text: t('kb.field.status') }), status, slot('status')]),
      checkedField,
    ]),
  );

  parts.push(
    textField('kb.field.answer', 'answer', {
      multiline: true,
      rows: 7,
      hint: t('kb.field.answerHint', { example: '{{base_salary}}' }),
      after: counter('answer', ANSWER_MAX),
    }),
    textField('kb.field.more', 'more', { multiline: true, rows: 4, after: counter('more', MORE_MAX) }),
    linesField('kb.field.phrasings', 'phrasings', { hint: t('kb.field.phrasingsHint'), count: true }),
    citationsSection(),
    appliesSection(),
    textField('kb.field.related', 'related', {
      onInput: (v) =>
        setPath(
          c.fields,
          'related',
          v
            .split(/[,\s]+/)
            .map((x) => x.trim())
            .filter(Boolean),
        ),
    }),
    section('kb.field.effective', [
      el('div', { class: 'kb-two' }, [dateField('kb.field.from', 'effective.from'), dateField('kb.field.until', 'effective.until')]),
      slot('effective'),
    ]),
    checkbox('kb.field.personalNote', 'personal_note'),
    f.review_note !== undefined ? textField('kb.field.reviewNote', 'review_note', { multiline: true, rows: 2 }) : null,
    englishSection(),
  );
  var related = /** @type {HTMLInputElement} */ (parts.find((p) => p && p.querySelector && p.querySelector('#f-related'))?.querySelector('#f-related'));
  if (related) related.value = (f.related || []).join(', ');
  return el('div', { class: 'kb-form' }, parts);
}

function checkbox(/** @type {string} */ labelKey, /** @type {string} */ path) {
  if (!cur) return el('div');
  var c = cur;
  var box = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', id: 'f-' + path, 'data-testid': 'kb-field-' + path }));
  box.checked = getPath(c.fields, path) !== false;
  box.addEventListener('change', () => {
    c.fields[path] = box.checked;
    changed();
  });
  return el('div', { class: 'kb-field kb-check-field' }, [el('label', { for: 'f-' + path }, [box, ' ' + t(labelKey)]), slot(path)]);
}

function citationsSection() {
  if (!cur) return el('div');
  var c = cur;
  var box = el('div', { class: 'kb-rows' });
  var draw = () => {
    // the slots of removed rows must not linger
    [...c.slots.keys()].filter((k) => k.startsWith('citations.')).forEach((k) => c.slots.delete(k));
    box.replaceChildren();
    /** @type {Fields[]} */ (c.fields.citations).forEach((cit, i) => {
      var p = 'citations.' + i;
      var statusSelect = /** @type {HTMLSelectElement} */ (el('select', { id: 'f-' + p + '-status', 'data-testid': 'kb-field-' + p + '.status' }));
      ['verified', 'corroborated'].forEach((s) => statusSelect.appendChild(el('option', { value: s, text: t('kb.field.' + s) })));
      // absent means verified (the schema's default): shown so, and written only when the editor changes it
      statusSelect.value = cit.status || 'verified';
      statusSelect.addEventListener('change', () => {
        cit.status = statusSelect.value;
        changed();
      });
      var remove = el('button', { type: 'button', class: 'danger small', 'data-testid': 'kb-citation-remove', text: t('kb.field.remove') });
      remove.addEventListener('click', () => {
        c.fields.citations.splice(i, 1);
        draw();
        changed();
      });
      box.appendChild(
        el('div', { class: 'kb-row card', 'data-testid': 'kb-citation' }, [
          textField('kb.field.law', p + '.law'),
          el('div', { class: 'kb-three' }, [
            textField('kb.field.article', p + '.article'),
            textField('kb.field.clause', p + '.clause'),
            textField('kb.field.point', p + '.point'),
          ]),
          textField('kb.field.quote', p + '.quote', { multiline: true, rows: 2 }),
          el('div', { class: 'kb-field' }, [el('label', { for: 'f-' + p + '-status', text: t('kb.field.citationStatus') }), statusSelect, slot(p + '.status')]),
          textField('kb.field.recheck', p + '.recheck'),
          slot(p),
          el('div', { class: 'row end' }, [remove]),
        ]),
      );
    });
    showProblems();
  };
  var add = el('button', { type: 'button', 'data-testid': 'kb-citation-add', text: t('kb.field.addCitation') });
  add.addEventListener('click', () => {
    c.fields.citations.push({ law: '', status: 'verified' });
    draw();
    changed();
  });
  draw();
  return section('kb.field.citations', [slot('citations'), box, add], 'kb-citations');
}

function appliesSection() {
  if (!cur) return el('div');
  var c = cur;
  var chosen = new Set(c.fields.applies_to || []);
  var boxes = APPLIES_TO.map((key) => {
    var box = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', value: key, id: 'f-applies-' + key }));
    box.checked = chosen.has(key);
    box.addEventListener('change', () => {
      if (box.checked) chosen.add(key);
      else chosen.delete(key);
      setPath(
        c.fields,
        'applies_to',
        APPLIES_TO.filter((k) => chosen.has(k)),
      );
      changed();
    });
    return el('label', { for: 'f-applies-' + key, class: 'kb-applies' }, [box, ' ' + t('kb.appliesTo.' + key)]);
  });
  return section('kb.field.appliesTo', [el('div', { class: 'kb-applies-list' }, boxes), slot('applies_to')]);
}

function englishSection() {
  if (!cur) return el('div');
  var c = cur;
  var open = !!c.fields.en;
  var details = el('details', { class: 'kb-section kb-english', open: open }, [
    el('summary', { text: t('kb.field.english') }),
    textField('kb.field.enTitle', 'en.title'),
    textField('kb.field.enAnswer', 'en.answer', { multiline: true, rows: 5, after: counter('en.answer', ANSWER_MAX) }),
    textField('kb.field.enMore', 'en.more', { multiline: true, rows: 3 }),
    linesField('kb.field.enPhrasings', 'en.phrasings', {}),
    slot('en'),
  ]);
  return details;
}

// ---------------------------------------------------------------------------------------------------
// The figure form

function figureForm() {
  if (!cur) return el('div');
  var c = cur;
  var box = el('div', { class: 'kb-rows' });
  var draw = () => {
    [...c.slots.keys()].filter((k) => k.startsWith('values.')).forEach((k) => c.slots.delete(k));
    box.replaceChildren();
    /** @type {Fields[]} */ (c.fields.values).forEach((row, i) => {
      var p = 'values.' + i;
      var remove = el('button', { type: 'button', class: 'danger small', 'data-testid': 'kb-value-remove', text: t('kb.field.remove') });
      remove.addEventListener('click', () => {
        c.fields.values.splice(i, 1);
        draw();
        changed();
      });
      var value = textField('kb.field.value', p + '.value', {
        // a number when it is one (5310000, 0.5), else the text as typed ("61 tuổi 6 tháng")
        onInput: (v) => {
          var n = v.trim().replace(/\s/g, '');
          row.value = /^-?\d+(\.\d+)?$/.test(n) ? Number(n) : v;
        },
      });
      box.appendChild(
        el('div', { class: 'kb-row card', 'data-testid': 'kb-value' }, [
          el('div', { class: 'kb-three' }, [value, dateField('kb.field.from', p + '.from'), dateField('kb.field.until', p + '.until')]),
          el('p', { class: 'muted small', text: t('kb.field.openEnded') }),
          textField('kb.field.source', p + '.source'),
          slot(p),
          el('div', { class: 'row end' }, [remove]),
        ]),
      );
    });
    showProblems();
  };
  var add = el('button', { type: 'button', 'data-testid': 'kb-value-add', text: t('kb.field.addValue') });
  add.addEventListener('click', () => {
    var last = c.fields.values[c.fields.values.length - 1];
    c.fields.values.push({ value: '', from: last && last.until ? nextDay(last.until) : today(), source: '' });
    draw();
    changed();
  });
  draw();
  return el('div', { class: 'kb-form' }, [
    textField('kb.field.id', 'id', { readOnly: true }),
    textField('kb.field.label', 'label'),
    textField('kb.field.unit', 'unit'),
    section('kb.field.values', [slot('values'), box, add], 'kb-values'),
  ]);
}
function nextDay(/** @type {string} */ day) {
  var d = new Date(day + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------------
// The editor: state line, form, check summary, buttons, preview, history

function renderEditor() {
  var pane = $('editor-pane');
  document.body.classList.toggle('has-doc', !!cur);
  if (!cur) {
    pane.replaceChildren(el('p', { class: 'muted kb-pick', text: t('kb.pick') }));
    return;
  }
  cur.slots = new Map();
  cur.refresh = [];
  var back = el('button', { type: 'button', class: 'link back kb-back', 'data-testid': 'kb-back', text: t('kb.back') });
  back.addEventListener('click', () => {
    if (!mayLeave()) return;
    cur = null;
    history.replaceState(null, '', location.pathname + location.search);
    renderEditor();
    renderList();
  });
  var title = cur.isNew ? t('kb.newEntry').replace(/^\+\s*/, '') : String(cur.fields.title || cur.fields.label || cur.path);
  var form = cur.kind === 'figure' ? figureForm() : entryForm();
  pane.replaceChildren(
    ...present([
      back,
      el('h2', { 'data-testid': 'kb-editor-title', text: title }),
      el('p', { class: 'muted small', text: cur.path }),
      el('div', { id: 'kb-state', class: 'kb-state card', 'data-testid': 'kb-state' }),
      el('div', { class: 'card' }, [form]),
      el('div', { id: 'kb-check', class: 'kb-check', 'data-testid': 'kb-check', 'aria-live': 'polite' }),
      el('div', { id: 'kb-actions', class: 'kb-actions card', 'data-testid': 'kb-actions' }),
      cur.kind === 'entry' ? previewBox() : null,
      cur.isNew ? null : el('div', { id: 'kb-history', class: 'card', 'data-testid': 'kb-history' }),
    ]),
  );
  showProblems();
  updateState();
  if (!cur.isNew) loadHistory();
}

/** A rollback's draft carries the server's note "rollback to rev N": the origin line already says it, in the editor's language. */
function repeatsOrigin(/** @type {Draft} */ draft) {
  return !!draft.origin && draft.origin.kind === 'rollback' && draft.note === 'rollback to rev ' + draft.origin.ref;
}

/** The state line (who has the draft, its origin and note) and the workflow buttons with why they are disabled. */
function updateState() {
  if (!cur) return;
  var stateBox = document.getElementById('kb-state');
  var actions = document.getElementById('kb-actions');
  if (!stateBox || !actions) return;
  var draft = cur.detail && cur.detail.draft;
  var isAuthor = !!draft && !!me && draft.authors.some((a) => a.id === /** @type {NonNullable<typeof me>} */ (me).id);
  var dirty = isDirty();
  stateBox.replaceChildren(
    ...present([
      el('p', {
        text: draft
          ? t(draft.state === 'in_review' ? 'kb.workflow.stateInReview' : 'kb.workflow.stateEditing', {
              names: names(draft.authors),
              when: when(draft.updatedAt),
            })
          : cur.isNew
            ? ''
            : t('kb.workflow.stateNone'),
      }),
      draft && draft.origin
        ? el('p', {
            class: 'small',
            'data-testid': 'kb-origin',
            text: t('kb.workflow.origin', {
              what:
                t('kb.workflow.originKinds.' + draft.origin.kind, { rev: draft.origin.ref ?? '' }) + (draft.origin.text ? ': “' + draft.origin.text + '”' : ''),
            }),
          })
        : null,
      draft && draft.note && !repeatsOrigin(draft)
        ? el('p', { class: 'small kb-note', 'data-testid': 'kb-note', text: t('kb.workflow.note', { note: draft.note }) })
        : null,
    ]),
  );
  stateBox.hidden = !stateBox.textContent;

  var hasProblems = cur.problems.length > 0 || !!cur.checkFailed;
  // the commonest blocker of a new entry (one started from an unanswered question has none): say it plainly
  var noCitation = cur.kind === 'entry' && (cur.fields.citations || []).length === 0;
  var inReview = !!draft && draft.state === 'in_review';
  /** @type {{ key: string, testid: string, run: () => void, why: string, cls?: string }[]} */
  var buttons = [];
  buttons.push({ key: 'save', testid: 'kb-save', run: save, why: inReview ? 'inReview' : !dirty ? 'noChange' : '', cls: 'primary' });
  if (!inReview) {
    buttons.push({
      key: 'submit',
      testid: 'kb-submit',
      run: submit,
      why: dirty
        ? 'unsaved'
        : !draft
          ? 'noDraft'
          : !isAuthor
            ? 'notAuthor'
            : noCitation
              ? 'noCitation'
              : cur.checking
                ? 'checking'
                : hasProblems
                  ? 'problems'
                  : '',
    });
  }
  if (inReview && hasRole(me, 'reviewer')) {
    var reviewWhy = !cur.detail || !cur.detail.canPublish ? (isAuthor ? 'ownDraft' : 'notReviewer') : '';
    buttons.push({ key: 'return', testid: 'kb-return', run: returnDraft, why: reviewWhy });
    buttons.push({
      key: 'publish',
      testid: 'kb-publish',
      run: publish,
      why: reviewWhy || (cur.checking ? 'checking' : hasProblems ? 'problems' : ''),
      cls: 'primary',
    });
  }
  if (draft && (isAuthor || hasRole(me, 'reviewer'))) buttons.push({ key: 'discard', testid: 'kb-discard', run: confirmDiscard, why: '', cls: 'danger' });

  var row = el('div', { class: 'row' });
  var whys = el('ul', { class: 'kb-why small', 'data-testid': 'kb-why' });
  buttons.forEach((b) => {
    var button = /** @type {HTMLButtonElement} */ (
      el('button', {
        type: 'button',
        class: b.cls,
        'data-testid': b.testid,
        disabled: !!b.why,
        title: b.why ? t('kb.workflow.why.' + b.why) : undefined,
        text: t('kb.workflow.' + b.key),
      })
    );
    if (b.why) {
      var whyId = 'why-' + b.key;
      button.setAttribute('aria-describedby', whyId);
      whys.appendChild(
        el('li', { id: whyId, 'data-testid': 'kb-why-' + b.key }, [el('strong', { text: t('kb.workflow.' + b.key) + ': ' }), t('kb.workflow.why.' + b.why)]),
      );
    }
    button.addEventListener('click', b.run);
    row.appendChild(button);
  });
  var children = [row, whys.childElementCount ? whys : null];
  if (inReview && hasRole(me, 'reviewer') && cur.detail && cur.detail.canPublish) {
    children.push(
      el('div', { class: 'kb-field' }, [
        el('label', { for: 'review-note', text: t('kb.workflow.returnNote') + ' / ' + t('kb.workflow.publishNote') }),
        el('textarea', { id: 'review-note', rows: '2', 'data-testid': 'kb-review-note' }),
      ]),
    );
  }
  children.push(el('div', { id: 'kb-confirm' }));
  // Keep the reviewer's note while the buttons are redrawn.
  var noteBefore = /** @type {HTMLTextAreaElement | null} */ (document.getElementById('review-note'));
  var keep = noteBefore ? noteBefore.value : '';
  actions.replaceChildren(...children.filter((x) => x !== null));
  var noteAfter = /** @type {HTMLTextAreaElement | null} */ (document.getElementById('review-note'));
  if (noteAfter) noteAfter.value = keep;
}

/**
 * Run a workflow call; a 409 (someone else changed it) reloads the document with a clear message.
 * @param {() => Promise<unknown>} call @param {string} doneKey
 */
async function act(call, doneKey) {
  if (!cur) return;
  var c = cur;
  try {
    await call();
    notice(t(doneKey));
  } catch (e) {
    var err = /** @type {ApiErrorLike} */ (e);
    if (isConflict(err)) notice(t('kb.workflow.conflict'), true);
    else {
      notice(err.message || String(e), true);
      return;
    }
  }
  await loadList().catch(() => undefined);
  if (cur === c && (c.path || !c.isNew)) await openDoc(c.path, true);
}

async function save() {
  if (!cur) return;
  var c = cur;
  var draft = c.detail && c.detail.draft;
  /** @type {Record<string, unknown>} */
  var body = { fields: clean(c.fields, c.kind) };
  if (!c.isNew) body.path = c.path;
  if (draft) body.eTag = draft.eTag;
  await act(async () => {
    var res = await api('POST', '/console/api/kb/draft', body);
    if (c.isNew && res && res.draft) {
      // the server chose the new entry's path (entries/<folder>/<id>.yaml)
      c.path = res.draft.path || res.path || 'entries/' + c.fields.topic + '/' + c.fields.id + '.yaml';
      c.isNew = false;
    }
  }, 'kb.workflow.saved');
}
function eTag() {
  return (cur && cur.detail && cur.detail.draft && cur.detail.draft.eTag) || '';
}
function reviewNote() {
  var box = /** @type {HTMLTextAreaElement | null} */ (document.getElementById('review-note'));
  return box ? box.value.trim() : '';
}
async function submit() {
  if (cur)
    await act(() => api('POST', '/console/api/kb/submit', { path: /** @type {NonNullable<typeof cur>} */ (cur).path, eTag: eTag() }), 'kb.workflow.submitted');
}
async function returnDraft() {
  if (!cur) return;
  var note = reviewNote();
  if (!note) {
    var box = document.getElementById('review-note');
    if (box) box.focus();
    notice(t('kb.workflow.returnNote'), true);
    return;
  }
  var path = cur.path;
  await act(() => api('POST', '/console/api/kb/return', { path: path, eTag: eTag(), note: note }), 'kb.workflow.returned');
}
async function publish() {
  if (!cur) return;
  var note = reviewNote();
  var path = cur.path;
  await act(
    () => api('POST', '/console/api/kb/publish', note ? { path: path, eTag: eTag(), note: note } : { path: path, eTag: eTag() }),
    'kb.workflow.published',
  );
}
function confirmDiscard() {
  var box = document.getElementById('kb-confirm');
  if (!box || !cur) return;
  var path = cur.path;
  var yes = el('button', { type: 'button', class: 'danger', 'data-testid': 'kb-discard-yes', text: t('kb.workflow.yes') });
  var no = el('button', { type: 'button', text: t('kb.workflow.cancel') });
  yes.addEventListener('click', () => act(() => api('POST', '/console/api/kb/discard', { path: path, eTag: eTag() }), 'kb.workflow.discarded'));
  no.addEventListener('click', () => box && box.replaceChildren());
  box.replaceChildren(el('div', { class: 'kb-confirm' }, [el('p', { text: t('kb.workflow.discardConfirm') }), el('div', { class: 'row' }, [yes, no])]));
}

// ---------------------------------------------------------------------------------------------------
// Preview: how would the bot answer, before and after this edit

function previewBox() {
  var input = /** @type {HTMLInputElement} */ (
    el('input', { id: 'preview-q', type: 'text', 'data-testid': 'kb-preview-question', placeholder: t('kb.preview.question') })
  );
  var run = el('button', { type: 'submit', 'data-testid': 'kb-preview-run', text: t('kb.preview.run') });
  var out = el('div', { class: 'kb-preview-out', 'data-testid': 'kb-preview-out', 'aria-live': 'polite' });
  var form = el('form', { class: 'row' }, [el('label', { for: 'preview-q', class: 'visually-hidden', text: t('kb.preview.question') }), input, run]);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!cur || !input.value.trim()) return;
    /** @type {Record<string, unknown>} */
    var body = { question: input.value.trim(), fields: clean(cur.fields, cur.kind) };
    if (!cur.isNew) body.path = cur.path;
    try {
      var res = await api('POST', '/console/api/kb/preview', body);
      out.replaceChildren(
        el('div', { class: 'kb-side' }, [
          answerColumn(t('kb.preview.before'), res.before, 'kb-preview-before'),
          answerColumn(t('kb.preview.after'), res.after, 'kb-preview-after'),
        ]),
      );
    } catch (e) {
      out.replaceChildren(el('p', { class: 'error', text: /** @type {Error} */ (e).message }));
    }
  });
  return el('section', { class: 'card kb-preview', 'data-testid': 'kb-preview' }, [el('h3', { text: t('kb.preview.title') }), form, out]);
}

function answerColumn(/** @type {string} */ heading, /** @type {Answer | null} */ a, /** @type {string} */ testid) {
  if (!a)
    return el('div', { class: 'kb-answer', 'data-testid': testid }, [el('h4', { text: heading }), el('p', { class: 'muted', text: t('kb.preview.none') })]);
  var outcome = t('kb.preview.outcomes.' + a.outcome);
  return el('div', { class: 'kb-answer', 'data-testid': testid }, [
    el('h4', { text: heading }),
    el('p', {
      class: 'kb-outcome',
      text:
        t('kb.preview.outcome', { outcome: outcome.startsWith('kb.') ? a.outcome : outcome }) +
        ' · ' +
        t('kb.preview.confidence', { n: Math.round((a.confidence || 0) * 100) }),
    }),
    a.text ? el('p', { class: 'kb-answer-text', text: a.text }) : null,
    el('p', { class: 'small muted', text: t('kb.preview.candidates') }),
    el(
      'ol',
      { class: 'small' },
      (a.candidates || [])
        .slice(0, 5)
        .map((c) =>
          el('li', { class: c.entryId === a.entryId ? 'chosen' : undefined, text: c.title + ' (' + c.entryId + ') — ' + Math.round(c.score * 100) + '%' }),
        ),
    ),
  ]);
}

// ---------------------------------------------------------------------------------------------------
// History, diff, rollback

async function loadHistory() {
  var box = document.getElementById('kb-history');
  if (!box || !cur) return;
  var c = cur;
  /** @type {Revision[]} */
  var revisions = [];
  try {
    revisions = (await api('GET', '/console/api/kb/history?path=' + encodeURIComponent(c.path))).revisions || [];
  } catch (e) {
    box.replaceChildren(el('h3', { text: t('kb.history.title') }), el('p', { class: 'error', text: /** @type {Error} */ (e).message }));
    return;
  }
  if (cur !== c) return;
  revisions = revisions.slice().sort((a, b) => b.rev - a.rev);
  var latest = revisions[0] ? revisions[0].rev : 0;
  var ul = el('ul', { class: 'kb-revisions' });
  revisions.forEach((r) => {
    var item = el('li', { 'data-testid': 'kb-revision' }, [
      el('strong', { text: t('kb.history.rev', { rev: r.rev }) }),
      ' ',
      el('span', {
        class: 'small',
        text: t('kb.history.line', { when: when(r.publishedAt), authors: names(r.authors), reviewer: r.reviewer ? r.reviewer.name : '' }),
      }),
      r.note ? el('p', { class: 'small kb-note', text: r.note }) : null,
    ]);
    if (r.rev !== latest) {
      var rollback = el('button', { type: 'button', class: 'link small', 'data-testid': 'kb-rollback', text: t('kb.history.rollback') });
      rollback.addEventListener('click', () => confirmRollback(item, r.rev));
      item.appendChild(rollback);
    }
    ul.appendChild(item);
  });
  // diff: any two revisions, or a revision and the draft
  /** @type {{ value: string, label: string }[]} */
  var options = revisions.map((r) => ({ value: String(r.rev), label: t('kb.history.rev', { rev: r.rev }) }));
  if (c.detail && c.detail.draft) options.unshift({ value: 'draft', label: t('kb.history.draft') });
  var from = /** @type {HTMLSelectElement} */ (el('select', { id: 'diff-from', 'data-testid': 'kb-diff-from' }));
  var to = /** @type {HTMLSelectElement} */ (el('select', { id: 'diff-to', 'data-testid': 'kb-diff-to' }));
  options.forEach((o) => {
    if (o.value !== 'draft') from.appendChild(el('option', { value: o.value, text: o.label }));
    to.appendChild(el('option', { value: o.value, text: o.label }));
  });
  // the draft against the latest revision, else the latest against the one before
  if (c.detail && c.detail.draft) {
    to.value = 'draft';
    from.selectedIndex = 0;
  } else {
    to.selectedIndex = 0;
    from.selectedIndex = Math.min(1, from.options.length - 1);
  }
  var out = el('div', { class: 'kb-diff', 'data-testid': 'kb-diff' });
  var show = el('button', { type: 'button', 'data-testid': 'kb-diff-show', text: t('kb.history.show') });
  show.addEventListener('click', async () => {
    try {
      var d = await api('GET', '/console/api/kb/diff?path=' + encodeURIComponent(c.path) + '&from=' + from.value + '&to=' + to.value);
      renderDiff(out, d.lines || []);
    } catch (e) {
      out.replaceChildren(el('p', { class: 'error', text: /** @type {Error} */ (e).message }));
    }
  });
  box.replaceChildren(
    ...present([
      el('h3', { text: t('kb.history.title') }),
      revisions.length ? ul : el('p', { class: 'muted', text: t('kb.history.empty') }),
      options.length >= 2
        ? el('div', { class: 'kb-diff-tools' }, [
            el('h4', { text: t('kb.history.diff') }),
            el('div', { class: 'row' }, [
              el('label', { for: 'diff-from', text: t('kb.history.from') }),
              from,
              el('label', { for: 'diff-to', text: t('kb.history.to') }),
              to,
              show,
            ]),
            out,
          ])
        : null,
    ]),
  );
}

/** + and − lines with a sign as well as a colour (never colour alone); unchanged lines in grey. */
function renderDiff(/** @type {HTMLElement} */ out, /** @type {{ op: string, text: string }[]} */ lines) {
  if (!lines.some((l) => l.op !== ' ')) {
    out.replaceChildren(el('p', { class: 'muted', text: t('kb.history.same') }));
    return;
  }
  var pre = el('div', { class: 'kb-diff-lines', role: 'list' });
  lines.forEach((l) => {
    var kind = l.op === '+' ? 'add' : l.op === '-' ? 'del' : 'same';
    pre.appendChild(
      el('div', { class: 'kb-diff-line ' + kind, role: 'listitem', 'data-testid': 'kb-diff-' + kind }, [
        el('span', { class: 'kb-diff-sign', 'aria-hidden': 'false', text: l.op === '+' ? '+' : l.op === '-' ? '−' : ' ' }),
        el('span', { class: 'kb-diff-text', text: l.text }),
      ]),
    );
  });
  out.replaceChildren(el('p', { class: 'small muted', text: t('kb.history.legend') }), pre);
}

function confirmRollback(/** @type {HTMLElement} */ item, /** @type {number} */ rev) {
  if (!cur) return;
  var path = cur.path;
  var existing = item.querySelector('.kb-confirm');
  if (existing) existing.remove();
  var yes = el('button', { type: 'button', class: 'primary', 'data-testid': 'kb-rollback-yes', text: t('kb.history.rollback') });
  var no = el('button', { type: 'button', text: t('kb.workflow.cancel') });
  var box = el('div', { class: 'kb-confirm' }, [el('p', { text: t('kb.history.rollbackExplain', { rev: rev }) }), el('div', { class: 'row' }, [yes, no])]);
  yes.addEventListener('click', () => act(() => api('POST', '/console/api/kb/rollback', { path: path, rev: rev }), t('kb.history.rollbackDone', { rev: rev })));
  no.addEventListener('click', () => box.remove());
  item.appendChild(box);
}

// ---------------------------------------------------------------------------------------------------
// What changes on this date

/**
 * @typedef {{ id: string, label: string, unit: string, before: { value: number | string, source: string } | null, after: { value: number | string, source: string } | null }} FigureChange
 * @typedef {{ id: string, title: string, topic: string, status: string, kind: string, texts: { field: string, before: string | null, after: string | null }[] }} EntryChange
 * @typedef {{ day: string, figures: FigureChange[], entries: EntryChange[] }} ChangeDay
 */
async function loadChanges() {
  var pane = $('changes-pane');
  pane.replaceChildren(el('p', { class: 'loading', text: t('kb.loading') }));
  try {
    var data = await api('GET', '/console/api/kb/changes');
    renderChanges(data.today, data.days || []);
  } catch (e) {
    pane.replaceChildren(el('p', { class: 'error', text: /** @type {Error} */ (e).message }));
  }
}

function renderChanges(/** @type {string} */ day0, /** @type {ChangeDay[]} */ days) {
  var pane = $('changes-pane');
  // upcoming days first (soonest first), then the past ones (most recent first)
  var upcoming = days.filter((d) => d.day >= day0);
  var past = days.filter((d) => d.day < day0).reverse();
  var parts = [el('h2', { text: t('kb.changes.title') }), el('p', { class: 'muted', text: t('kb.changes.intro') })];
  if (days.length === 0) parts.push(el('p', { class: 'muted', text: t('kb.changes.none') }));
  upcoming.concat(past).forEach((d) => {
    var tag = d.day === day0 ? t('kb.changes.today') : d.day > day0 ? t('kb.changes.upcoming') : t('kb.changes.past');
    var figures = d.figures.map((f) =>
      el('li', { class: 'kb-figure-change', 'data-testid': 'kb-change-figure' }, [
        el('strong', { text: f.label + ': ' }),
        el('span', { text: f.before ? formatFigure(f.before.value) + ' ' + f.unit : t('kb.changes.nothing') }),
        ' → ',
        el('span', { class: 'kb-new-value', text: f.after ? formatFigure(f.after.value) + ' ' + f.unit : t('kb.changes.nothing') }),
        f.after ? el('span', { class: 'small muted', text: ' (' + f.after.source + ')' }) : null,
      ]),
    );
    var entries = d.entries.map((e) => {
      var open = el('button', { type: 'button', class: 'link', text: e.title });
      open.addEventListener('click', () => {
        var doc = list.docs.find((x) => x.kind === 'entry' && x.id === e.id);
        if (doc) openDoc(doc.path);
      });
      return el('li', { class: 'kb-change-entry', 'data-testid': 'kb-change-entry' }, [
        open,
        el('span', { class: 'badge', text: t('kb.changes.kinds.' + e.kind) }),
        ...e.texts.map((x) =>
          el('div', { class: 'kb-side small' }, [
            el('div', { class: 'kb-before' }, [
              el('strong', { text: t('kb.changes.fields.' + x.field.replace('.', '_')) + ' — ' + t('kb.changes.before') }),
              el('p', { text: x.before ?? t('kb.changes.nothing') }),
            ]),
            el('div', { class: 'kb-after' }, [el('strong', { text: t('kb.changes.after') }), el('p', { text: x.after ?? t('kb.changes.nothing') })]),
          ]),
        ),
      ]);
    });
    parts.push(
      el('section', { class: 'card kb-change-day' + (d.day < day0 ? ' past' : ''), 'data-testid': 'kb-change-day', 'data-day': d.day }, [
        el('h3', {}, [d.day.split('-').reverse().join('/') + ' ', el('span', { class: 'badge', text: tag })]),
        figures.length ? el('h4', { text: t('kb.changes.figures') }) : null,
        figures.length ? el('ul', { class: 'kb-figure-changes' }, figures) : null,
        entries.length ? el('h4', { text: t('kb.changes.entries', { n: entries.length }) }) : null,
        entries.length ? el('ul', { class: 'kb-change-entries' }, entries) : null,
      ]),
    );
  });
  pane.replaceChildren(...parts);
}

/** @param {'list' | 'changes'} tab */
function showTab(tab) {
  var changes = tab === 'changes';
  $('tab-list').classList.toggle('on', !changes);
  $('tab-changes').classList.toggle('on', changes);
  $('tab-list').setAttribute('aria-selected', String(!changes));
  $('tab-changes').setAttribute('aria-selected', String(changes));
  $('list-tools').hidden = changes;
  $('editor-pane').hidden = changes;
  $('changes-pane').hidden = !changes;
  document.body.classList.toggle('kb-on-changes', changes);
}

// ---------------------------------------------------------------------------------------------------

async function main() {
  await start('editor');
  $('nav-slot').replaceWith(navigation());
  /** @type {HTMLInputElement} */ ($('kb-search')).placeholder = t('kb.search');
  $('loading').hidden = true;
  $('kb-main').hidden = false;
  var usage = api('GET', '/console/api/kb/usage').then(
    (u) => (list.usage = (u && u.entries) || null),
    () => (list.usage = null), // not there yet (404): the usage lines stay blank
  );
  await loadList();
  usage.then(renderList);

  $('kb-search').addEventListener('input', (ev) => {
    list.filters.q = /** @type {HTMLInputElement} */ (ev.target).value;
    renderList();
  });
  $('kb-topic').addEventListener('change', (ev) => {
    list.filters.topic = /** @type {HTMLSelectElement} */ (ev.target).value;
    renderList();
  });
  /** @type {['drafts' | 'review' | 'figures', string][]} */
  var chips = [
    ['drafts', 'filter-drafts'],
    ['review', 'filter-review'],
    ['figures', 'filter-figures'],
  ];
  chips.forEach(([key, id]) => {
    $(id).addEventListener('click', () => {
      list.filters[key] = !list.filters[key];
      $(id).classList.toggle('on', list.filters[key]);
      $(id).setAttribute('aria-pressed', String(list.filters[key]));
      renderList();
    });
  });
  $('new-entry').addEventListener('click', newEntry);
  $('tab-list').addEventListener('click', () => showTab('list'));
  $('tab-changes').addEventListener('click', () => {
    showTab('changes');
    loadChanges();
  });
  window.addEventListener('beforeunload', (ev) => {
    if (isDirty()) ev.preventDefault();
  });
  var fromHash = decodeURIComponent(location.hash.slice(1));
  if (fromHash && list.docs.some((d) => d.path === fromHash)) await openDoc(fromHash);
  else if (hasRole(me, 'reviewer') && list.docs.some((d) => d.draft && d.draft.state === 'in_review')) {
    // a reviewer's queue comes first: the list is ordered so, and the filter is one tap away
  }
}

main().catch((e) => {
  if (e && e.message === 'forbidden') return;
  var loading = document.getElementById('loading');
  if (loading) loading.textContent = String(e && e.message ? e.message : e);
});
