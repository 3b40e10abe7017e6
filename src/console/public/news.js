// @ts-check
// The console's news page (/console/news, role editor): the union's news and programmes with their state
// and days, a form to add or edit one, publish / withdraw / delete, and a preview of how the list reads in
// the chat (the server composes it, with the bot's own code). Text from the server goes in as textContent.
import { api, el, lang, navigation, notice, start, t } from './common.js';

/**
 * @typedef {{ id: string, kind: 'news' | 'programme', title: string, body: string, link?: string, validFrom: string,
 *   validUntil?: string, status: 'draft' | 'published' | 'withdrawn', state: 'draft' | 'withdrawn' | 'scheduled' | 'current' | 'ended',
 *   updatedAt: string }} Item
 * @typedef {{ kind: string, title: string, body: string, link: string, validFrom: string, validUntil: string }} Fields
 */

/** @param {string} id */
function $(id) {
  return /** @type {HTMLElement} */ (document.getElementById(id));
}
/** @param {string} id */
function input(id) {
  return /** @type {HTMLInputElement} */ (document.getElementById(id));
}

var LIMITS = { title: 80, body: 600 };
/** the item being edited, or '' for a new one */
var editing = '';
/** the server's day in Vietnam (YYYY-MM-DD): a new item starts today */
var today = '';

/** @param {string} day YYYY-MM-DD → 31/12/2026 */
function formatDay(day) {
  var p = day.split('-');
  return p[2] + '/' + p[1] + '/' + p[0];
}

/** @returns {Fields} */
function formFields() {
  return {
    kind: input('f-kind').value,
    title: input('f-title').value,
    body: input('f-body').value,
    link: input('f-link').value.trim(),
    validFrom: input('f-from').value,
    validUntil: input('f-until').value,
  };
}

/** @param {Fields} fields  an empty optional field is left out (the server removes it) */
function body(fields) {
  /** @type {Record<string, string>} */
  var out = { kind: fields.kind, title: fields.title, body: fields.body, validFrom: fields.validFrom };
  if (fields.link) out.link = fields.link;
  if (fields.validUntil) out.validUntil = fields.validUntil;
  return out;
}

function counters() {
  $('c-title').textContent = t('news.chars', { n: Array.from(input('f-title').value).length, max: LIMITS.title });
  $('c-body').textContent = t('news.chars', { n: Array.from(input('f-body').value).length, max: LIMITS.body });
}

/** @param {Item | null} item */
function fillForm(item) {
  editing = item ? item.id : '';
  input('f-kind').value = item ? item.kind : 'programme';
  input('f-title').value = item ? item.title : '';
  input('f-body').value = item ? item.body : '';
  input('f-link').value = (item && item.link) || '';
  input('f-from').value = item ? item.validFrom : today;
  input('f-until').value = (item && item.validUntil) || '';
  $('form-title').textContent = t(item ? 'news.edit' : 'news.new');
  $('cancel-edit').hidden = !item;
  $('form-error').hidden = true;
  $('preview-box').hidden = true;
  counters();
}

/** @param {unknown} e */
function showError(e) {
  var box = $('form-error');
  box.textContent = e instanceof Error ? e.message : String(e);
  box.hidden = false;
}

/** @param {Item} item */
function itemCard(item) {
  var until = item.validUntil ? formatDay(item.validUntil) : t('news.openEnded');
  /**
   * @param {string} key
   * @param {string} action
   * @param {string} done
   * @param {string} [cls]
   */
  var button = function (key, action, done, cls) {
    var b = el('button', { type: 'button', class: cls, 'data-testid': action + '-' + item.id, text: t(key) });
    b.addEventListener('click', function () {
      if (action === 'delete' && !confirm(t('news.deleteConfirm', { title: item.title }))) return;
      api('POST', '/console/api/news/' + encodeURIComponent(item.id) + '/' + action)
        .then(function () {
          notice(t(done));
          if (editing === item.id && action === 'delete') fillForm(null);
          return load();
        })
        .catch(function (e) {
          notice(e.message, true);
        });
    });
    return b;
  };
  var edit = el('button', { type: 'button', 'data-testid': 'edit-' + item.id, text: t('news.edit') });
  edit.addEventListener('click', function () {
    fillForm(item);
    input('f-title').focus();
  });
  return el('li', { class: 'card news-item', 'data-testid': 'news-item', 'data-state': item.state }, [
    el('div', {}, [
      el('span', { class: 'badge state-' + item.state, text: t('news.states.' + item.state) }),
      el('span', { class: 'badge', text: t('news.kinds.' + item.kind) }),
      el('span', { class: 'muted small', text: t('news.validity', { from: formatDay(item.validFrom), until: until }) }),
    ]),
    el('h3', { text: item.title }),
    el('p', { class: 'body', text: item.body }),
    item.link ? el('a', { href: item.link, target: '_blank', rel: 'noopener noreferrer', class: 'small', text: item.link }) : null,
    el('div', { class: 'actions' }, [
      edit,
      item.status === 'published'
        ? button('news.withdraw', 'withdraw', 'news.done.withdrawn')
        : button('news.publish', 'publish', 'news.done.published', 'primary'),
      button('news.delete', 'delete', 'news.done.deleted', 'danger'),
    ]),
  ]);
}

async function load() {
  var data = /** @type {{ today: string, items: Item[] }} */ (await api('GET', '/console/api/news'));
  today = data.today;
  var list = $('news-list');
  list.replaceChildren.apply(list, data.items.map(itemCard));
  $('news-empty').hidden = data.items.length > 0;
}

function wire() {
  var form = /** @type {HTMLFormElement} */ ($('news-form'));
  input('f-title').addEventListener('input', counters);
  input('f-body').addEventListener('input', counters);
  $('cancel-edit').addEventListener('click', function () {
    fillForm(null);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var url = editing ? '/console/api/news/' + encodeURIComponent(editing) : '/console/api/news';
    api('POST', url, body(formFields()))
      .then(function () {
        notice(t('news.done.saved'));
        fillForm(null);
        return load();
      })
      .catch(showError);
  });
  $('preview').addEventListener('click', function () {
    api('POST', '/console/api/news/preview', { lang: lang, item: body(formFields()) })
      .then(function (/** @type {{ text: string }} */ data) {
        $('form-error').hidden = true;
        $('preview-text').textContent = data.text;
        $('preview-box').hidden = false;
      })
      .catch(showError);
  });
}

start('editor')
  .then(function (account) {
    $('who-name').textContent = account.displayName || account.username;
    $('nav-slot').appendChild(navigation());
    if (lang === 'en') /** @type {HTMLAnchorElement} */ ($('public-link')).href = '/news';
    wire();
    return load();
  })
  .then(function () {
    fillForm(null);
  })
  .then(function () {
    $('loading').hidden = true;
    $('news-main').hidden = false;
  })
  .catch(function (e) {
    if (e && e.message !== 'forbidden') notice(e.message || String(e), true);
  });
