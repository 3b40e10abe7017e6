// @ts-check
// What every console page beyond the case inbox shares (the knowledge-base editor, the unanswered list,
// news, administration): the signed-in account and its CSRF token, the console's strings, calls to
// /console/api with readable errors, and the navigation between pages by role. Text from the server is
// always inserted with textContent, never as HTML.

/**
 * @typedef {{ id: string, username: string, displayName: string, role: 'staff' | 'editor' | 'reviewer' | 'admin', publicName?: string }} Account
 * @typedef {Error & { status?: number, code?: string, serverMessage?: string, details?: unknown }} ApiError
 */

export var lang = /[?&]lang=en\b/.test(location.search) ? 'en' : 'vi';
/** @type {Record<string, unknown>} */
var S = {};
var csrf = '';
/** @type {Account | null} */
export var me = null;

/** staff < editor < reviewer < admin, as on the server (console/auth.ts). */
var RANK = { staff: 1, editor: 2, reviewer: 3, admin: 4 };
/**
 * @param {Account | null} account
 * @param {Account['role']} role
 */
export function hasRole(account, role) {
  return !!account && RANK[account.role] >= RANK[role];
}

/** @param {string} key */
function lookup(key) {
  return key.split('.').reduce(function (/** @type {unknown} */ o, k) {
    return o && typeof o === 'object' ? /** @type {Record<string, unknown>} */ (o)[k] : undefined;
  }, S);
}
/**
 * A console string (locales/<lang>/translation.json, under "console"), with {{placeholders}} filled.
 * @param {string} key
 * @param {Record<string, string | number>} [vars]
 */
export function t(key, vars) {
  var v = lookup(key);
  if (typeof v !== 'string') return key;
  return v.replace(/\{\{\s*(\w+)\s*\}\}/g, function (_m, /** @type {string} */ k) {
    return vars && vars[k] != null ? String(vars[k]) : '';
  });
}

/**
 * Calls /console/api; a failure throws an ApiError whose message is the server's (already readable).
 * @param {'GET' | 'POST'} method
 * @param {string} url
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
export async function api(method, url, body) {
  /** @type {Record<string, string>} */
  var headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    headers['X-CSRF-Token'] = csrf;
  }
  var res = await fetch(url, { method: method, headers: headers, credentials: 'same-origin', body: method === 'GET' ? undefined : JSON.stringify(body ?? {}) });
  var data = await res.json().catch(function () {
    return {};
  });
  if (!res.ok) {
    var message = (data && data.error && data.error.message) || res.statusText;
    var err = /** @type {ApiError} */ (new Error(message));
    err.status = res.status;
    err.code = data && data.error && data.error.code;
    err.serverMessage = message;
    err.details = data && data.error && data.error.details;
    throw err;
  }
  return data;
}

/**
 * An element with attributes and children (strings become text nodes).
 * @param {string} tag
 * @param {Record<string, string | boolean | undefined>} [attrs]
 * @param {(Node | string | null | undefined)[]} [children]
 * @returns {HTMLElement}
 */
export function el(tag, attrs, children) {
  var node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(function ([k, v]) {
    if (v === undefined || v === false) return;
    if (k === 'text') node.textContent = String(v);
    else node.setAttribute(k, v === true ? '' : String(v));
  });
  (children || []).forEach(function (c) {
    if (c === null || c === undefined) return;
    node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  });
  return node;
}

/** The pages of the console and the role each needs (the server checks the same roles on every API). */
var PAGES = /** @type {{ path: string, key: string, role: Account['role'] }[]} */ ([
  { path: '/console', key: 'nav.cases', role: 'staff' },
  { path: '/console/kb', key: 'nav.kb', role: 'editor' },
  { path: '/console/unanswered', key: 'nav.unanswered', role: 'editor' },
  { path: '/console/news', key: 'nav.news', role: 'editor' },
  { path: '/console/admin', key: 'nav.admin', role: 'admin' },
]);

/**
 * The case inbox (console.js, a classic script) has no part in start(): it tells, with a document event,
 * who signed in; this loads the strings and shows the same navigation in `container`.
 * @param {HTMLElement} container
 * @param {Account | null} account
 */
export async function showNavigation(container, account) {
  me = account;
  container.replaceChildren();
  if (!account || account.role === 'staff') return; // staff have one page: nothing to navigate
  if (!Object.keys(S).length) S = (await api('GET', '/console/api/i18n?lang=' + lang)).strings || {};
  container.appendChild(navigation());
}

/** Links to the pages this account may open, the current one marked. */
export function navigation() {
  var nav = el('nav', { class: 'page-nav', 'aria-label': t('nav.label'), 'data-testid': 'page-nav' });
  PAGES.filter(function (p) {
    return hasRole(me, p.role);
  }).forEach(function (p) {
    var current = location.pathname === p.path;
    nav.appendChild(
      el('a', {
        href: p.path + (lang === 'en' ? '?lang=en' : ''),
        'aria-current': current ? 'page' : undefined,
        'data-testid': 'nav-' + p.path.split('/').pop(),
        text: t(p.key),
      }),
    );
  });
  return nav;
}

/**
 * Start a page: load the strings and the signed-in account. Not signed in, or without the role: back to
 * /console (which signs in). Resolves to the account.
 * @param {Account['role']} role
 * @returns {Promise<Account>}
 */
export async function start(role) {
  var strings = await api('GET', '/console/api/i18n?lang=' + lang);
  S = strings.strings || {};
  document.documentElement.lang = lang;
  try {
    var signed = await api('GET', '/console/api/me');
    me = signed.account;
    csrf = signed.csrfToken;
  } catch (e) {
    location.href = '/console' + (lang === 'en' ? '?lang=en' : '');
    throw e;
  }
  if (!hasRole(me, role)) {
    location.href = '/console' + (lang === 'en' ? '?lang=en' : '');
    throw new Error('forbidden');
  }
  document.querySelectorAll('[data-i18n]').forEach(function (node) {
    node.textContent = t(/** @type {string} */ (node.getAttribute('data-i18n')));
  });
  return /** @type {Account} */ (me);
}

/**
 * A short message in the page's status line (role=status), cleared after a while.
 * @param {string} text
 * @param {boolean} [isError]
 */
export function notice(text, isError) {
  var found = document.getElementById('notice');
  if (!found) return;
  var box = found;
  box.textContent = text;
  box.hidden = false;
  box.classList.toggle('error', !!isError);
  clearTimeout(Number(box.dataset.timer || 0));
  box.dataset.timer = String(
    setTimeout(function () {
      box.hidden = true;
    }, 6000),
  );
}

/**
 * A date-time for people: "06/12/2026 14:05".
 * @param {string | null | undefined} iso
 */
export function when(iso) {
  if (!iso) return '';
  var d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { dateStyle: 'short', timeStyle: 'short' });
}
