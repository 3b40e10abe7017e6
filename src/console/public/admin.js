// @ts-check
// /console/admin (role admin): accounts, the audit log, how long data is kept. Everything from the
// server is inserted as text (el() / textContent); every change goes through /console/api/admin/*,
// which checks the role and the CSRF token again.
import { api, el, lang, navigation, notice, start, t, when } from './common.js';

/**
 * What /console/api/admin answers (src/console/admin-routes.ts).
 * @typedef {import('./common.js').Account} Account
 * @typedef {import('./common.js').ApiError} ApiError
 * @typedef {Account['role']} Role
 * @typedef {{ id: string, username: string, displayName: string, role: Role, disabled: boolean, createdAt: string,
 *   lastSignInAt: string | null, resetCodeExpiresAt: string | null }} AdminAccount
 * @typedef {{ at: string, staffId: string, staffName: string, action: string, target: string | null, targetName: string | null,
 *   detail: string | null }} AuditRow
 * @typedef {{ events: AuditRow[], total: number, offset: number, limit: number, actions: string[], staff: { id: string, username: string }[] }} AuditPage
 * @typedef {{ inboxRetentionDays: number, conversationRetentionDays: number }} Retention
 * @typedef {{ settings: Retention, stored: Partial<Retention>, defaults: Retention }} RetentionAnswer
 */

var ROLES = /** @type {Role[]} */ (['staff', 'editor', 'reviewer', 'admin']);
var AUDIT_PAGE = 50;

/** @param {string} id */
function $(id) {
  return /** @type {HTMLElement} */ (document.getElementById(id));
}
/** @param {string} id */
function field(id) {
  return /** @type {HTMLInputElement} */ (document.getElementById(id));
}
/** @param {string} id */
function select(id) {
  return /** @type {HTMLSelectElement} */ (document.getElementById(id));
}
/** A string of this page, or `fallback` when the locale has none (e.g. an action added by another page). */
function tOr(/** @type {string} */ key, /** @type {string} */ fallback) {
  var v = t(key);
  return v === key ? fallback : v;
}
/** @param {ApiError} err */
function errorText(err) {
  var known = tOr('admin.errors.' + err.code, '') || tOr('errors.' + err.code, '');
  if (known) return known;
  return t('errors.generic') + (err.serverMessage ? ' (' + err.serverMessage + ')' : '');
}
/** @param {unknown} err */
function fail(err) {
  notice(errorText(/** @type {ApiError} */ (err)), true);
}
/** @param {Role} role */
function roleName(role) {
  return t('admin.roles.' + role);
}

// ---- tabs ------------------------------------------------------------------------------------------
var TABS = ['accounts', 'audit', 'retention'];
var loaded = /** @type {Record<string, boolean>} */ ({});
/** @param {string} name */
function showTab(name) {
  TABS.forEach(function (tab) {
    var on = tab === name;
    $('tab-' + tab).setAttribute('aria-selected', on ? 'true' : 'false');
    $('tab-' + tab).classList.toggle('on', on);
    $('panel-' + tab).hidden = !on;
  });
  if (history.replaceState) history.replaceState(null, '', '#' + name);
  if (loaded[name]) return;
  loaded[name] = true;
  if (name === 'audit') loadAudit(false).catch(fail);
  if (name === 'retention') loadRetention().catch(fail);
}

// ---- accounts -------------------------------------------------------------------------------------
/** @type {string} */
var myId = '';

async function loadAccounts() {
  var data = /** @type {{ accounts: AdminAccount[], me: string }} */ (await api('GET', '/console/api/admin/accounts'));
  myId = data.me;
  var rows = $('account-rows');
  rows.textContent = '';
  data.accounts.forEach(function (a) {
    rows.appendChild(accountRow(a));
  });
}

/** @param {AdminAccount} a */
function accountRow(a) {
  var own = a.id === myId;
  var roleSelect = /** @type {HTMLSelectElement} */ (
    el(
      'select',
      { 'aria-label': t('admin.accounts.roleOf', { name: a.username }), 'data-testid': 'role-' + a.username, disabled: own },
      ROLES.map(function (r) {
        return el('option', { value: r, text: roleName(r) });
      }),
    )
  );
  roleSelect.value = a.role;
  roleSelect.addEventListener('change', function () {
    var role = roleSelect.value;
    change(a, { role: role }, t('admin.accounts.roleChanged', { name: a.username, role: roleName(/** @type {Role} */ (role)) })).catch(function (err) {
      roleSelect.value = a.role;
      fail(err);
    });
  });
  var toggle = el('button', {
    type: 'button',
    class: a.disabled ? '' : 'danger',
    'data-testid': (a.disabled ? 'enable-' : 'disable-') + a.username,
    disabled: own,
    title: own ? t('admin.accounts.notYourself') : undefined,
    text: a.disabled ? t('admin.accounts.enable') : t('admin.accounts.disable'),
  });
  toggle.addEventListener('click', function () {
    if (!a.disabled && !confirm(t('admin.accounts.disableConfirm', { name: a.username }))) return;
    var message = a.disabled ? t('admin.accounts.enabled', { name: a.username }) : t('admin.accounts.disabled', { name: a.username });
    change(a, { disabled: !a.disabled }, message).catch(fail);
  });
  var resetButton = el('button', { type: 'button', 'data-testid': 'reset-' + a.username, disabled: a.disabled, text: t('admin.accounts.makeCode') });
  resetButton.addEventListener('click', function () {
    makeCode(a).catch(fail);
  });
  var state = [
    el('span', { class: a.disabled ? 'badge off' : 'badge on', text: a.disabled ? t('admin.accounts.isDisabled') : t('admin.accounts.isActive') }),
    el('span', {
      class: 'muted small block',
      text: a.lastSignInAt ? t('admin.accounts.lastSignIn', { when: when(a.lastSignInAt) }) : t('admin.accounts.neverSignedIn'),
    }),
    a.resetCodeExpiresAt ? el('span', { class: 'muted small block', text: t('admin.accounts.codePending', { when: when(a.resetCodeExpiresAt) }) }) : null,
  ];
  return el('tr', { 'data-testid': 'account-' + a.username, class: a.disabled ? 'is-disabled' : undefined }, [
    el('td', { 'data-label': t('admin.accounts.account') }, [
      el('strong', { text: a.username }),
      own ? el('span', { class: 'muted', text: ' (' + t('admin.accounts.you') + ')' }) : null,
      el('span', { class: 'muted small block', text: a.displayName }),
    ]),
    el('td', { 'data-label': t('admin.accounts.role') }, [roleSelect]),
    el('td', { 'data-label': t('admin.accounts.state') }, state),
    el('td', { 'data-label': t('admin.accounts.actions') }, [el('div', { class: 'row' }, [toggle, resetButton])]),
  ]);
}

/**
 * @param {AdminAccount} a
 * @param {{ role?: string, disabled?: boolean, displayName?: string }} body
 * @param {string} message
 */
async function change(a, body, message) {
  await api('POST', '/console/api/admin/accounts/' + encodeURIComponent(a.id), body);
  notice(message);
  await loadAccounts();
}

/** @param {AdminAccount} a */
async function makeCode(a) {
  var made = /** @type {{ code: string, expiresAt: string, username: string }} */ (
    await api('POST', '/console/api/admin/accounts/' + encodeURIComponent(a.id) + '/reset', {})
  );
  $('code-title').textContent = t('admin.code.title', { name: made.username });
  $('code-value').textContent = made.code;
  $('code-expiry').textContent = t('admin.code.expires', { when: when(made.expiresAt) });
  $('code-hint').textContent = t('admin.code.hint', { url: location.origin + '/console/reset' });
  $('code-card').hidden = false;
  $('code-card').scrollIntoView({ block: 'nearest' });
  await loadAccounts();
}

$('code-copy').addEventListener('click', function () {
  var code = $('code-value').textContent || '';
  var copied = navigator.clipboard ? navigator.clipboard.writeText(code) : Promise.reject(new Error('no clipboard'));
  copied.then(
    function () {
      notice(t('admin.code.copied'));
    },
    function () {
      // Without the clipboard (plain http), select the code so Ctrl+C / a long press copies it.
      var range = document.createRange();
      range.selectNodeContents($('code-value'));
      var sel = getSelection();
      if (sel) {
        sel.removeAllRanges();
        sel.addRange(range);
      }
      notice(t('admin.code.copyByHand'));
    },
  );
});
$('code-close').addEventListener('click', function () {
  // The code is not kept anywhere on the page once closed.
  $('code-value').textContent = '';
  $('code-card').hidden = true;
});

$('create-form').addEventListener('submit', function (e) {
  e.preventDefault();
  var error = $('create-error');
  error.hidden = true;
  var username = field('create-username').value.trim().toLowerCase();
  var password = field('create-password').value;
  /** @param {string} text */
  var show = function (text) {
    error.textContent = text;
    error.hidden = false;
  };
  if (!/^[a-z0-9._-]{3,40}$/.test(username)) return show(t('admin.create.usernameRule'));
  if (password.length < 10) return show(t('admin.create.passwordHelp'));
  var displayName = field('create-display').value.trim();
  var body = { username: username, role: select('create-role').value, password: password, ...(displayName ? { displayName: displayName } : {}) };
  api('POST', '/console/api/admin/accounts', body)
    .then(function () {
      /** @type {HTMLFormElement} */ ($('create-form')).reset();
      notice(t('admin.create.done', { name: username }));
      return loadAccounts();
    })
    .catch(function (/** @type {ApiError} */ err) {
      show(err.code === 'CONFLICT' ? t('admin.create.exists') : errorText(err));
    });
});

// ---- audit log ------------------------------------------------------------------------------------
var auditOffset = 0;
var filtersFilled = false;

function auditQuery() {
  var params = new URLSearchParams();
  var pairs = [
    ['staff', select('audit-staff').value],
    ['action', select('audit-action').value],
    ['from', field('audit-from').value],
    ['to', field('audit-to').value],
    ['q', field('audit-q').value.trim()],
  ];
  pairs.forEach(function ([k, v]) {
    if (v) params.set(/** @type {string} */ (k), /** @type {string} */ (v));
  });
  params.set('limit', String(AUDIT_PAGE));
  params.set('offset', String(auditOffset));
  return params.toString();
}

/** @param {AuditPage} page */
function fillFilters(page) {
  if (filtersFilled) return;
  filtersFilled = true;
  var staff = select('audit-staff');
  staff.appendChild(el('option', { value: '', text: t('admin.audit.anyone') }));
  page.staff.forEach(function (s) {
    staff.appendChild(el('option', { value: s.id, text: s.username }));
  });
  var action = select('audit-action');
  action.appendChild(el('option', { value: '', text: t('admin.audit.anything') }));
  page.actions
    .map(function (a) {
      return { value: a, label: tOr('admin.actions.' + a, a) };
    })
    .sort(function (x, y) {
      return x.label.localeCompare(y.label, lang);
    })
    .forEach(function (a) {
      action.appendChild(el('option', { value: a.value, text: a.label }));
    });
}

/** @param {boolean} more  append the next page instead of starting again */
async function loadAudit(more) {
  auditOffset = more ? auditOffset + AUDIT_PAGE : 0;
  var page = /** @type {AuditPage} */ (await api('GET', '/console/api/admin/audit?' + auditQuery()));
  fillFilters(page);
  var rows = $('audit-rows');
  if (!more) rows.textContent = '';
  page.events.forEach(function (e) {
    rows.appendChild(
      el('tr', { 'data-testid': 'audit-row' }, [
        el('td', { 'data-label': t('admin.audit.when'), class: 'nowrap', text: when(e.at) }),
        el('td', { 'data-label': t('admin.audit.who'), text: e.staffName }),
        el('td', { 'data-label': t('admin.audit.action'), text: tOr('admin.actions.' + e.action, e.action) }),
        el('td', { 'data-label': t('admin.audit.target'), class: 'wrap', text: e.targetName || e.target || '' }),
        el('td', { 'data-label': t('admin.audit.detail'), class: 'wrap', text: e.detail || '' }),
      ]),
    );
  });
  var shown = Math.min(page.total, auditOffset + page.events.length);
  $('audit-count').textContent = t('admin.audit.count', { shown: shown, total: page.total });
  $('audit-empty').hidden = page.total > 0;
  $('audit-more').hidden = shown >= page.total;
}

$('audit-filters').addEventListener('submit', function (e) {
  e.preventDefault();
  loadAudit(false).catch(fail);
});
['audit-staff', 'audit-action', 'audit-from', 'audit-to'].forEach(function (id) {
  $(id).addEventListener('change', function () {
    loadAudit(false).catch(fail);
  });
});
$('audit-clear').addEventListener('click', function () {
  /** @type {HTMLFormElement} */ ($('audit-filters')).reset();
  loadAudit(false).catch(fail);
});
$('audit-more').addEventListener('click', function () {
  loadAudit(true).catch(fail);
});

// ---- retention ------------------------------------------------------------------------------------
/** The conversation days in force (a confirmation is asked only when they change to a number). */
var conversationDays = 0;
/** @param {RetentionAnswer} data */
function showRetention(data) {
  conversationDays = data.settings.conversationRetentionDays;
  field('ret-conversations').value = String(data.settings.conversationRetentionDays);
  field('ret-inbox').value = String(data.settings.inboxRetentionDays);
  $('ret-inbox-help').textContent = t('admin.retention.inboxHelp', { days: data.defaults.inboxRetentionDays });
}

async function loadRetention() {
  showRetention(/** @type {RetentionAnswer} */ (await api('GET', '/console/api/admin/retention')));
}

$('retention-form').addEventListener('submit', function (e) {
  e.preventDefault();
  var error = $('ret-error');
  error.hidden = true;
  var body = { conversationRetentionDays: Number(field('ret-conversations').value), inboxRetentionDays: Number(field('ret-inbox').value) };
  var changed = body.conversationRetentionDays !== conversationDays;
  if (changed && body.conversationRetentionDays > 0 && !confirm(t('admin.retention.confirm', { days: body.conversationRetentionDays }))) return;
  api('POST', '/console/api/admin/retention', body)
    .then(function (/** @type {RetentionAnswer} */ data) {
      showRetention(data);
      notice(t('admin.retention.saved'));
    })
    .catch(function (/** @type {ApiError} */ err) {
      error.textContent = err.code === 'BAD_REQUEST' ? t('admin.retention.bounds') : errorText(err);
      error.hidden = false;
    });
});

// ---- start ----------------------------------------------------------------------------------------
start('admin')
  .then(function (account) {
    document.title = t('admin.title') + ' — ' + t('title');
    $('who-name').textContent = account.displayName || account.username;
    $('nav-slot').appendChild(navigation());
    var roles = select('create-role');
    ROLES.forEach(function (r) {
      roles.appendChild(el('option', { value: r, text: roleName(r) }));
    });
    TABS.forEach(function (tab) {
      $('tab-' + tab).addEventListener('click', function () {
        showTab(tab);
      });
    });
    $('loading').hidden = true;
    $('admin-main').hidden = false;
    var first = location.hash.slice(1);
    showTab(TABS.indexOf(first) >= 0 ? first : 'accounts');
    return loadAccounts();
  })
  .catch(function (/** @type {ApiError} */ err) {
    if (err && err.message !== 'forbidden' && err.status !== 401) fail(err);
  });
