// @ts-check
// /console/reset: someone whose admin gave them a one-time code sets a new password (no session; the
// server rate-limits and answers every wrong username, code or expiry the same way).
import { api, lang } from './common.js';

/** @typedef {import('./common.js').ApiError} ApiError */

/** @type {Record<string, unknown>} */
var S = {};
/** A console string (common.js reads them only for signed-in pages). @param {string} key */
function t(key) {
  var v = key.split('.').reduce(function (/** @type {unknown} */ o, k) {
    return o && typeof o === 'object' ? /** @type {Record<string, unknown>} */ (o)[k] : undefined;
  }, S);
  return typeof v === 'string' ? v : key;
}
/** @param {string} id */
function input(id) {
  return /** @type {HTMLInputElement} */ (document.getElementById(id));
}

var form = /** @type {HTMLFormElement} */ (document.getElementById('reset-form'));
var errorBox = /** @type {HTMLElement} */ (document.getElementById('reset-error'));
var submit = /** @type {HTMLButtonElement} */ (document.getElementById('reset-submit'));

/** @param {string} text */
function showError(text) {
  errorBox.textContent = text;
  errorBox.hidden = false;
}

/** @param {ApiError} err */
function errorText(err) {
  if (err.code === 'BAD_RESET_CODE') return t('admin.reset.badCode');
  if (err.code === 'TOO_MANY_REQUESTS') return t('admin.reset.tooMany');
  if (err.serverMessage && /password/.test(err.serverMessage)) return t('admin.reset.passwordRule');
  return t('errors.generic') + (err.serverMessage ? ' (' + err.serverMessage + ')' : '');
}

form.addEventListener('submit', function (e) {
  e.preventDefault();
  errorBox.hidden = true;
  var username = input('reset-username').value.trim();
  var code = input('reset-code').value.trim();
  var password = input('reset-password').value;
  if (!username || !code || !password) return showError(t('admin.reset.fillAll'));
  if (password.length < 10) return showError(t('admin.reset.passwordRule'));
  if (password !== input('reset-password2').value) return showError(t('admin.reset.mismatch'));
  submit.disabled = true;
  api('POST', '/console/api/password-reset', { username: username, code: code, password: password })
    .then(function () {
      form.hidden = true;
      /** @type {HTMLElement} */ (document.getElementById('reset-done')).hidden = false;
    })
    .catch(function (/** @type {ApiError} */ err) {
      showError(errorText(err));
    })
    .finally(function () {
      submit.disabled = false;
    });
});

api('GET', '/console/api/i18n?lang=' + lang).then(function (/** @type {{ strings?: Record<string, unknown> }} */ data) {
  S = data.strings || {};
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-i18n]').forEach(function (node) {
    node.textContent = t(/** @type {string} */ (node.getAttribute('data-i18n')));
  });
  document.title = t('admin.reset.title');
  var signIn = /** @type {HTMLAnchorElement} */ (document.getElementById('reset-sign-in'));
  if (lang === 'en') signIn.href = '/console?lang=en';
  var params = new URLSearchParams(location.search);
  if (params.get('u')) input('reset-username').value = params.get('u') || '';
});
