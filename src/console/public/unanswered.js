// @ts-check
// /console/unanswered (role editor): what the bot did not answer well, grouped (GET /console/api/unanswered/groups).
// From each example an editor adds the worker's words as a phrasing of an entry, or starts a new entry — both
// become drafts that go through review (the knowledge-base API, src/console/kb-routes.ts) — or marks the group
// handled. Workers' words are inserted as text only; the trend is an SVG drawn with the DOM (the CSP allows no
// inline style).
import { api, el, lang, navigation, notice, start, t, when } from './common.js';

/**
 * @typedef {'handoff' | 'clarify' | 'low_confidence' | 'out_of_scope' | 'failed' | 'thumbs_down' | 'marked_wrong'} Kind
 * @typedef {{ text: string, at: string, kind: Kind, conversationId: string }} Example
 * @typedef {{ key: string, label: string, count: number, distinctWorkers: number, kinds: Partial<Record<Kind, number>>,
 *   firstAt: string, lastAt: string, trend: { weeks: number[], last7: number, previous7: number },
 *   candidates: { entryId: string, title: string | null }[], examples: Example[], handledAt: string | null,
 *   newSinceHandled: number }} Group
 * @typedef {{ signals: number, groups: number, handled: number }} Totals
 * @typedef {{ path: string, kind: 'entry' | 'figure', id: string, topic?: string, title: string }} KbDocument
 * @typedef {{ documents: KbDocument[], topics: string[] }} KbDocuments
 * @typedef {import('./common.js').ApiError} ApiError
 */

var days = 30;
/** @type {KbDocuments | null} */
var kbDocuments = null;
var SVG = 'http://www.w3.org/2000/svg';

/** @param {string} id */
function $(id) {
  return /** @type {HTMLElement} */ (document.getElementById(id));
}

/** The knowledge base's entries and topics (the editor API), read once per page. */
async function documents() {
  if (!kbDocuments) kbDocuments = /** @type {KbDocuments} */ (await api('GET', '/console/api/kb/documents'));
  return kbDocuments;
}

/** @param {unknown} err */
function failed(err) {
  var e = /** @type {ApiError} */ (err);
  // The editing API answers 404 for a route it does not have yet (or an entry that is gone): say which.
  notice(e.status === 404 ? t('unanswered.kbNotReady') + ' (' + (e.serverMessage || e.message) + ')' : e.serverMessage || e.message, true);
}

/**
 * Messages per week as small bars (oldest first); the numbers are also in the text beside it.
 * @param {number[]} weeks
 */
function sparkline(weeks) {
  var width = 64;
  var height = 20;
  var gap = 2;
  var bar = (width - gap * (weeks.length - 1)) / weeks.length;
  var top = Math.max.apply(null, weeks.concat([1]));
  var svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('class', 'spark');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('unanswered.trendLabel') + ': ' + weeks.join(', '));
  svg.setAttribute('data-testid', 'trend');
  weeks.forEach(function (n, i) {
    var h = n === 0 ? 1 : Math.max(2, Math.round((n / top) * height));
    var rect = document.createElementNS(SVG, 'rect');
    rect.setAttribute('x', String(i * (bar + gap)));
    rect.setAttribute('y', String(height - h));
    rect.setAttribute('width', String(bar));
    rect.setAttribute('height', String(h));
    rect.setAttribute('class', n === 0 ? 'empty' : i === weeks.length - 1 ? 'now' : '');
    svg.appendChild(rect);
  });
  return svg;
}

/** @param {Kind} kind @param {number} [n] */
function kindBadge(kind, n) {
  return el('span', { class: 'badge kind-' + kind, 'data-kind': kind, text: t('unanswered.kind.' + kind) + (n && n > 1 ? ' × ' + n : '') });
}

/**
 * The entry picker for "add as a phrasing": the matcher's candidates first, then every entry, filtered by a search.
 * @param {Group} g
 * @param {Example} example
 * @param {HTMLElement} panel
 */
async function phrasingPicker(g, example, panel) {
  var docs;
  try {
    docs = await documents();
  } catch (err) {
    failed(err);
    return;
  }
  var entries = docs.documents.filter(function (d) {
    return d.kind === 'entry';
  });
  var first = g.candidates.map(function (c) {
    return c.entryId;
  });
  // The candidates are served entries: offered even when the list has not got them (a knowledge base not yet imported).
  g.candidates.forEach(function (c) {
    if (
      !entries.some(function (d) {
        return d.id === c.entryId;
      })
    )
      entries.push({ path: '', kind: 'entry', id: c.entryId, title: c.title || c.entryId });
  });
  entries.sort(function (a, b) {
    var ia = first.indexOf(a.id);
    var ib = first.indexOf(b.id);
    if (ia !== ib) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
    return a.title.localeCompare(b.title, 'vi');
  });
  var search = /** @type {HTMLInputElement} */ (
    el('input', { type: 'search', placeholder: t('unanswered.searchEntries'), 'aria-label': t('unanswered.searchEntries'), 'data-testid': 'entry-search' })
  );
  var select = /** @type {HTMLSelectElement} */ (el('select', { 'aria-label': t('unanswered.pickEntry'), 'data-testid': 'entry-select' }));
  /** Folded for a search without diacritics. @param {string} s */
  var fold = function (s) {
    return s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .toLowerCase();
  };
  var fill = function () {
    var q = fold(search.value.trim());
    select.textContent = '';
    entries
      .filter(function (d) {
        return !q || fold(d.title + ' ' + d.id).includes(q);
      })
      .forEach(function (d) {
        var option = /** @type {HTMLOptionElement} */ (el('option', { value: d.id, text: (first.includes(d.id) ? '★ ' : '') + d.title }));
        select.appendChild(option);
      });
  };
  search.addEventListener('input', fill);
  fill();
  var add = el('button', { type: 'button', class: 'primary', 'data-testid': 'phrasing-add', text: t('unanswered.add') });
  var cancel = el('button', { type: 'button', text: t('unanswered.cancel') });
  cancel.addEventListener('click', function () {
    panel.textContent = '';
  });
  add.addEventListener('click', async function () {
    var entryId = select.value;
    if (!entryId) return;
    add.setAttribute('disabled', '');
    try {
      await api('POST', '/console/api/kb/phrasing', { entryId: entryId, text: example.text, origin: { kind: 'unanswered', ref: g.key, text: example.text } });
      var chosen = entries.find(function (d) {
        return d.id === entryId;
      });
      notice(t('unanswered.phrasingAdded', { title: chosen ? chosen.title : entryId }));
      panel.textContent = '';
    } catch (err) {
      failed(err);
      add.removeAttribute('disabled');
    }
  });
  panel.textContent = '';
  panel.appendChild(el('p', { class: 'quote', text: '“' + example.text + '”' }));
  panel.appendChild(el('label', { class: 'small muted', text: t('unanswered.pickEntry') }));
  panel.appendChild(search);
  panel.appendChild(select);
  panel.appendChild(el('div', { class: 'row' }, [add, cancel]));
  search.focus();
}

/**
 * "New entry" from an example: a topic and a title, then the draft opens in the editor.
 * @param {Group} g
 * @param {Example} example
 * @param {HTMLElement} panel
 */
async function newEntryForm(g, example, panel) {
  var docs;
  try {
    docs = await documents();
  } catch (err) {
    failed(err);
    return;
  }
  var candidate = docs.documents.find(function (d) {
    return g.candidates.length > 0 && d.id === g.candidates[0].entryId;
  });
  var topic = /** @type {HTMLSelectElement} */ (el('select', { 'aria-label': t('unanswered.topic'), 'data-testid': 'new-entry-topic' }));
  docs.topics.forEach(function (name) {
    topic.appendChild(el('option', { value: name, text: name, selected: candidate && candidate.topic === name }));
  });
  var title = /** @type {HTMLInputElement} */ (
    el('input', {
      type: 'text',
      maxlength: '200',
      value: example.text.slice(0, 80),
      'aria-label': t('unanswered.entryTitle'),
      'data-testid': 'new-entry-title',
    })
  );
  var create = el('button', { type: 'button', class: 'primary', 'data-testid': 'new-entry-create', text: t('unanswered.create') });
  var cancel = el('button', { type: 'button', text: t('unanswered.cancel') });
  cancel.addEventListener('click', function () {
    panel.textContent = '';
  });
  create.addEventListener('click', async function () {
    if (!title.value.trim()) return title.focus();
    create.setAttribute('disabled', '');
    try {
      var made = await api('POST', '/console/api/kb/new-entry', {
        topic: topic.value,
        title: title.value.trim(),
        question: example.text,
        origin: { kind: 'unanswered', ref: g.key, text: example.text },
      });
      openDraft(made);
    } catch (err) {
      failed(err);
      create.removeAttribute('disabled');
    }
  });
  panel.textContent = '';
  panel.appendChild(el('label', { class: 'small muted', text: t('unanswered.topic') }));
  panel.appendChild(topic);
  panel.appendChild(el('label', { class: 'small muted', text: t('unanswered.entryTitle') }));
  panel.appendChild(title);
  panel.appendChild(el('div', { class: 'row' }, [create, cancel]));
  title.focus();
}

/**
 * The new draft in the knowledge-base editor.
 * @param {{ draft?: { path?: string }, path?: string }} made
 */
function openDraft(made) {
  var path = (made.draft && made.draft.path) || made.path || '';
  location.href = '/console/kb?' + (path ? 'path=' + encodeURIComponent(path) : '') + (lang === 'en' ? (path ? '&' : '') + 'lang=en' : '');
}

/** @param {Group} g */
async function dismiss(g) {
  try {
    await api('POST', '/console/api/unanswered/dismiss', { key: g.key, days: days });
    notice(t('unanswered.dismissed'));
    await load();
  } catch (err) {
    failed(err);
  }
}

/** @param {Group} g */
function renderGroup(g) {
  var li = el('li', { class: 'group card', 'data-testid': 'group', 'data-key': g.key });
  var kinds = el('div', { class: 'kinds' });
  Object.entries(g.kinds).forEach(function ([kind, n]) {
    kinds.appendChild(kindBadge(/** @type {Kind} */ (kind), n));
  });
  li.appendChild(el('h2', { class: 'label', 'data-testid': 'group-label', text: g.label }));
  li.appendChild(
    el('div', { class: 'facts small' }, [
      el('strong', { 'data-testid': 'group-count', text: t('unanswered.count', { count: g.count, workers: g.distinctWorkers }) }),
      el('span', { class: 'muted', text: t('unanswered.last', { when: when(g.lastAt) }) }),
      el('span', { class: 'trend' }, [
        sparkline(g.trend.weeks),
        el('span', { class: 'muted', text: t('unanswered.trend', { last: g.trend.last7, previous: g.trend.previous7 }) }),
      ]),
    ]),
  );
  li.appendChild(kinds);
  if (g.handledAt) li.appendChild(el('p', { class: 'small handled', text: t('unanswered.newSince', { count: g.newSinceHandled, when: when(g.handledAt) }) }));
  if (g.candidates.length) {
    li.appendChild(
      el(
        'p',
        { class: 'small candidates' },
        [t('unanswered.candidates') + ' '].concat(
          g.candidates.map(function (c, i) {
            return (i ? ', ' : '') + (c.title || c.entryId);
          }),
        ),
      ),
    );
  }
  var panel = el('div', { class: 'panel', 'data-testid': 'group-panel' });
  var list = el('ul', { class: 'examples', 'aria-label': t('unanswered.examples') });
  g.examples.forEach(function (example) {
    var phrasing = el('button', { type: 'button', class: 'link', 'data-testid': 'add-phrasing', text: t('unanswered.addPhrasing') });
    phrasing.addEventListener('click', function () {
      phrasingPicker(g, example, panel);
    });
    var fresh = el('button', { type: 'button', class: 'link', 'data-testid': 'new-entry', text: t('unanswered.newEntry') });
    fresh.addEventListener('click', function () {
      newEntryForm(g, example, panel);
    });
    list.appendChild(
      el('li', { 'data-testid': 'example' }, [
        el('span', { class: 'text', text: example.text }),
        el('span', { class: 'small muted', text: ' · ' + when(example.at) + ' · ' + t('unanswered.kind.' + example.kind) }),
        el('span', { class: 'actions' }, [phrasing, fresh]),
      ]),
    );
  });
  li.appendChild(el('p', { class: 'small muted', text: t('unanswered.examples') }));
  li.appendChild(list);
  li.appendChild(panel);
  var done = el('button', { type: 'button', 'data-testid': 'dismiss', text: t('unanswered.dismiss') });
  done.addEventListener('click', function () {
    done.setAttribute('disabled', '');
    dismiss(g);
  });
  li.appendChild(el('div', { class: 'row end' }, [done]));
  return li;
}

async function load() {
  document.querySelectorAll('#period button').forEach(function (b) {
    b.setAttribute('aria-pressed', String(b.getAttribute('data-days') === String(days)));
  });
  try {
    var data = /** @type {{ groups: Group[], totals: Totals }} */ (await api('GET', '/console/api/unanswered/groups?days=' + days));
    var list = $('groups');
    list.textContent = '';
    data.groups.forEach(function (g) {
      list.appendChild(renderGroup(g));
    });
    $('empty').hidden = data.groups.length > 0;
    $('totals').textContent = t('unanswered.totals', { signals: data.totals.signals, groups: data.totals.groups, handled: data.totals.handled });
  } catch (err) {
    notice(t('unanswered.loadFailed', { error: /** @type {Error} */ (err).message }), true);
  }
}

start('editor').then(function () {
  document.title = t('unanswered.title') + ' — ' + t('title');
  $('nav-slot').replaceWith(navigation());
  document.querySelectorAll('#period button').forEach(function (b) {
    b.addEventListener('click', function () {
      days = Number(b.getAttribute('data-days'));
      load();
    });
  });
  return load();
});
