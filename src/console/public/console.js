// @ts-check
// Staff console: talks to /console/api; every worker, staff and bot text is inserted with textContent,
// never as HTML. Every POST carries the session's CSRF token in X-CSRF-Token.

/**
 * What /console/api answers (src/console/routes.ts).
 * @typedef {{ id: string, username: string, displayName: string, role: 'staff' | 'editor' | 'reviewer' | 'admin', publicName?: string }} Account
 * @typedef {{ kind: 'web' } | { kind: 'standard' | 'human_agent', closesAt: string } | { kind: 'closed', closedAt: string }} ReplyWindow
 * @typedef {{ topic?: string, employer?: string, workerName?: string }} Labels
 * @typedef {{ outcome: 'answered' | 'referred' | 'follow_up', at: string, by: string, followUpOn?: string }} Resolution
 * @typedef {{ standardClosesAt: string, humanAgentClosesAt: string }} Windows  both Messenger deadlines
 * @typedef {{ startedAt: string, employer?: string, province?: string, problem?: string, dates?: string, finishedAt?: string,
 *   stopped?: boolean }} Intake  what the worker told the bot while waiting ('' = skipped)
 * @typedef {{ id: string, channel: string, userId: string, owner: string, urgent?: boolean, handoffReason: string | null,
 *   assignedTo: string | null, window: ReplyWindow, windows?: Windows | null, labels?: Labels, resolution?: Resolution | null,
 *   intake?: Intake | null, updatedAt?: string, preview?: string }} ConversationView
 * @typedef {ConversationView & { waitingMs: number, unread?: number }} QueueItem
 * @typedef {{ id: string, kind: 'note' | 'call' | 'assignment', staffId: string, text: string, at: string }} Note
 * @typedef {{ id: string, title: string, text: string, filled?: string }} Canned
 * @typedef {{ eventId: string, conversationId: string, failedAt: string, attempts: number, error: string }} DeadItem
 * @typedef {{ author: string, text: string, at: string, entryId: string | null, confidence: number | null, staffId: string | null }} TranscriptMessage
 * @typedef {{ entryId: string, title: string }} Matched
 * @typedef {{ now?: string, conversation: ConversationView, messages?: TranscriptMessage[], matched?: Matched[], notes?: Note[] }} ConversationDetail
 * @typedef {{ id: string, title: string, text: string }} KbEntry
 * @typedef {{ account: Account, csrfToken: string }} SignedIn
 * @typedef {{ conversationId?: string, urgent?: boolean, assignedTo?: string | null }} LiveEvent  a server-sent event's data
 * @typedef {Error & { status?: number, code?: string, serverMessage?: string, stale?: boolean }} ApiError  stale: sent before the last sign-in
 */
(function () {
  'use strict';

  var lang = /[?&]lang=en\b/.test(location.search) ? 'en' : 'vi';
  /** @type {Record<string, unknown>} */
  var S = {}; // the "console" strings from /console/api/i18n
  /** @type {Account | null} */
  var me = null;
  /** How many times someone signed in on this page: a request remembers it, to tell a stale 401 (failed). */
  var signIns = 0;
  var csrf = '';
  /** @type {Account[]} */
  var staff = [];
  /** @type {string | null} */
  var openId = null;
  /** @type {ConversationDetail | null} */
  var openData = null;
  /** @type {EventSource | null} */
  var events = null;
  var serverOffset = 0; // server clock minus browser clock, from the last queue response
  /** The case list's filter ('open' is the queue) and search. */
  var listFilter = 'open';
  var caseQuery = '';
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  var searchTimer;
  /** The conversation whose label fields were last filled in (they are not overwritten while being edited). */
  var labelsFor = '';
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  var queueTimer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  var convTimer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  var noticeTimer;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  var tick;

  /**
   * An element of the page by id: index.html has every id this script asks for. Callers that read a
   * form control's value say which kind of element it is.
   * @param {string} id
   * @returns {HTMLElement}
   */
  function $(id) {
    return /** @type {HTMLElement} */ (document.getElementById(id));
  }
  /** @param {string} id */
  function field(id) {
    return /** @type {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement} */ (document.getElementById(id));
  }
  /** @param {string} id */
  function button(id) {
    return /** @type {HTMLButtonElement} */ (document.getElementById(id));
  }

  // ---- strings ----------------------------------------------------------------------------------
  /** @param {string} key */
  function lookup(key) {
    return key.split('.').reduce(function (/** @type {unknown} */ o, k) {
      return o && typeof o === 'object' ? /** @type {Record<string, unknown>} */ (o)[k] : undefined;
    }, S);
  }
  /**
   * @param {string} key
   * @param {Record<string, string | number>} [vars]
   */
  function t(key, vars) {
    var v = lookup(key);
    if (typeof v !== 'string') return key;
    return v.replace(/\{\{\s*(\w+)\s*\}\}/g, function (_m, /** @type {string} */ k) {
      return vars && vars[k] != null ? String(vars[k]) : '';
    });
  }
  /** @param {string} key */
  function has(key) {
    return typeof lookup(key) === 'string';
  }
  // ---- notifications: the tab title, a sound, the browser's notifications (issue 17 item 2) -------
  var waitingCount = 0;
  var SOUND_KEY = 'tlcd.console.sound';
  var ASKED_KEY = 'tlcd.console.notificationsAsked';
  /** @type {AudioContext | null} */
  var audio = null;

  /** "(3) Bàn làm việc…": a background tab shows how many workers wait for an officer. */
  function updateTitle() {
    document.title = (waitingCount ? '(' + waitingCount + ') ' : '') + t('title');
  }

  /** @param {string} key */
  function stored(key) {
    try {
      return localStorage.getItem(key);
    } catch (x) {
      return null;
    }
  }
  /** @param {string} key @param {string} value */
  function store(key, value) {
    try {
      localStorage.setItem(key, value);
    } catch (x) {
      /* private mode: the choice lasts for this page only */
    }
  }

  /** A short beep made with WebAudio (no audio file to serve); only once the officer turned sound on. */
  function beep() {
    if (!(/** @type {HTMLInputElement} */ ($('sound-toggle')).checked)) return;
    try {
      if (!audio) audio = new AudioContext();
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.15, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.25);
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.25);
    } catch (x) {
      /* no WebAudio: the title count and the notification remain */
    }
  }

  /** The ask button shows until the officer has answered the browser's question once. */
  function renderNotifyAsk() {
    var can = typeof Notification !== 'undefined' && Notification.permission === 'default' && stored(ASKED_KEY) !== '1';
    $('notify-ask').hidden = !can;
  }

  /**
   * A browser notification when the console is not in front (a background tab, another window).
   * @param {string} text
   * @param {string | undefined} conversationId
   */
  function desktopNotify(text, conversationId) {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || document.hasFocus()) return;
    try {
      var n = new Notification(t('title'), { body: text, tag: conversationId || 'tlcd', lang: lang });
      n.onclick = function () {
        window.focus();
        if (conversationId) location.hash = '#/c/' + encodeURIComponent(conversationId);
        n.close();
      };
    } catch (x) {
      /* some phones only notify through a service worker: the title count remains */
    }
  }

  /** How many wait for an officer, whatever the list shows now (a filter or a search). */
  function refreshWaitingCount() {
    return api('GET', '/console/api/conversations?filter=waiting').then(
      function (/** @type {{ total?: number, items?: QueueItem[] }} */ d) {
        waitingCount = typeof d.total === 'number' ? d.total : (d.items || []).length;
        updateTitle();
      },
      function () {
        /* the list's own refresh reports the error */
      },
    );
  }

  function applyStrings() {
    document.documentElement.lang = lang;
    updateTitle();
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (el) {
      el.textContent = t(el.getAttribute('data-i18n') || '');
    });
    /** @type {HTMLTextAreaElement} */ ($('reply-text')).placeholder = t('replyPlaceholder');
    /** @type {HTMLInputElement} */ ($('kb-q')).placeholder = t('searchPlaceholder');
    /** @type {HTMLInputElement} */ ($('case-q')).placeholder = t('caseSearchPlaceholder');
    /** @type {HTMLTextAreaElement} */ ($('note-text')).placeholder = t('notePlaceholder');
    /** @type {HTMLInputElement} */ ($('canned-q')).placeholder = t('canned.placeholder');
    /** @type {HTMLInputElement} */ ($('canned-title')).placeholder = t('canned.newTitle');
    /** @type {HTMLInputElement} */ ($('assign-note')).placeholder = t('assignNote');
    // The placeholders are shown as typed: they are passed as the value, not read as this string's own.
    $('canned-help').textContent = t('canned.help', { list: '{{ten_nguoi_lao_dong}}, {{ten_can_bo}}, {{hotline}}, {{dia_chi}}' });
  }

  // ---- formatting -------------------------------------------------------------------------------
  function serverNow() {
    return Date.now() + serverOffset;
  }
  /**
   * "dd/mm hh:mm", Vietnam time (UTC+7 all year), whatever the phone's own time zone.
   * @param {string | null | undefined} iso
   */
  function fmtTime(iso) {
    if (!iso) return '';
    var d = new Date(Date.parse(iso) + 7 * 3600000);
    if (isNaN(d.getTime())) return '';
    var two = function (/** @type {number} */ n) {
      return (n < 10 ? '0' : '') + n;
    };
    return two(d.getUTCDate()) + '/' + two(d.getUTCMonth() + 1) + ' ' + two(d.getUTCHours()) + ':' + two(d.getUTCMinutes());
  }
  /**
   * Waiting times round down; time left rounds up (roundUp), so "5 days 23 h left" stays exact.
   * @param {number} ms
   * @param {boolean} [roundUp]
   */
  function fmtDuration(ms, roundUp) {
    var m = Math.max(0, roundUp ? Math.ceil(ms / 60000) : Math.floor(ms / 60000));
    if (m < 1) return t('duration.lessThanMinute');
    if (m < 60) return t('duration.m', { m: m });
    var h = Math.floor(m / 60);
    if (h < 24) return t('duration.hm', { h: h, m: m % 60 });
    return t('duration.dh', { d: Math.floor(h / 24), h: h % 24 });
  }
  /** @param {ReplyWindow | undefined} w */
  function windowText(w) {
    if (!w || w.kind === 'web') return t('webChat');
    if (w.kind === 'closed') return t('windowClosed');
    var when = t('until', { at: fmtTime(w.closesAt), left: fmtDuration(Date.parse(w.closesAt) - serverNow(), true) });
    return t(w.kind === 'standard' ? 'windowOpen' : 'windowHumanAgent', { time: when });
  }
  /** @param {string} c */
  function channelLabel(c) {
    return c === 'messenger' ? t('messenger') : t('webChat');
  }
  /** @param {string} o */
  function ownerLabel(o) {
    return o === 'waiting_staff' ? t('waiting') : o === 'staff' ? t('withStaff') : o === 'resolved' ? t('ownerResolved') : t('ownerBot');
  }
  /** @param {string} day YYYY-MM-DD */
  function fmtDay(day) {
    return day.split('-').reverse().join('/');
  }
  /**
   * A day in Vietnam, as YYYY-MM-DD, `offsetDays` from today (a follow-up day must come after today).
   * @param {number} offsetDays
   */
  function vietnamDay(offsetDays) {
    return new Date(serverNow() + 7 * 3600000 + offsetDays * 86400000).toISOString().slice(0, 10);
  }
  /** @param {Resolution | null | undefined} r */
  function resolutionText(r) {
    if (!r) return '';
    var text = t('resolvedAs', { outcome: t('outcome.' + r.outcome) });
    return r.followUpOn ? text + ' · ' + t('followUpOn', { day: fmtDay(r.followUpOn) }) : text;
  }
  /**
   * Time left in each of Messenger's windows: 24 hours (anything) and 7 days (a person, HUMAN_AGENT).
   * @param {Windows | null | undefined} w
   */
  function windowsText(w) {
    if (!w) return '';
    var left = function (/** @type {string} */ at) {
      var ms = Date.parse(at) - serverNow();
      return ms > 0 ? t('windowLeft', { left: fmtDuration(ms, true) }) : t('windowOver');
    };
    return t('windows', { standard: left(w.standardClosesAt), humanAgent: left(w.humanAgentClosesAt) });
  }
  /** @param {Labels | undefined} l */
  function labelsText(l) {
    if (!l) return '';
    return [l.topic, l.employer].filter(Boolean).join(' · ');
  }
  /** @param {string} c */
  function isClosed(c) {
    return c === 'resolved' || c === 'bot';
  }
  /** @param {string | null} r */
  function reasonLabel(r) {
    return r ? (has('reason.' + r) ? t('reason.' + r) : r) : '';
  }
  /** @param {string | null} id */
  function staffName(id) {
    if (!id) return '';
    if (id === 'page-inbox') return t('pageInbox');
    for (var i = 0; i < staff.length; i++) if (staff[i].id === id) return staff[i].displayName || staff[i].username;
    return id;
  }
  /**
   * The name the worker gave (a label staff set), else the end of their id.
   * @param {ConversationView} c
   */
  function workerLabel(c) {
    if (c.labels && c.labels.workerName) return c.labels.workerName;
    return t('worker') + ' …' + String(c.userId || '').slice(-6);
  }

  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {string | null} [cls]
   * @param {unknown} [text]
   * @returns {HTMLElementTagNameMap[K]}
   */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    return e;
  }

  // ---- HTTP -------------------------------------------------------------------------------------
  /**
   * The JSON the server answered (each caller says what shape it expects); rejects with an ApiError.
   * @param {string} method
   * @param {string} url
   * @param {unknown} [body]
   * @returns {Promise<any>}
   */
  function api(method, url, body) {
    var sentIn = signIns;
    /** @type {Record<string, string>} */
    var headers = { Accept: 'application/json' };
    /** @type {RequestInit} */
    var init = { method: method, credentials: 'same-origin', headers: headers };
    if (method !== 'GET') {
      headers['Content-Type'] = 'application/json';
      if (csrf) headers['X-CSRF-Token'] = csrf;
      init.body = JSON.stringify(body || {});
    }
    return fetch(url, init).then(
      function (r) {
        return r.text().then(function (text) {
          var data = null;
          try {
            data = text ? JSON.parse(text) : null;
          } catch (e) {
            data = null;
          }
          if (!r.ok) {
            var err = /** @type {ApiError} */ (new Error((data && data.error && data.error.message) || String(r.status)));
            err.status = r.status;
            err.code = (data && data.error && data.error.code) || 'HTTP_' + r.status;
            err.serverMessage = data && data.error && data.error.message;
            err.stale = sentIn !== signIns;
            throw err;
          }
          return data;
        });
      },
      function () {
        var err = /** @type {ApiError} */ (new Error('network'));
        err.code = 'NETWORK';
        throw err;
      },
    );
  }

  /** @param {ApiError} err */
  function errorText(err) {
    if (err.code === 'WINDOW_CLOSED') return t('windowClosedError');
    if (err.code === 'TOO_MANY_REQUESTS') return t('tooMany');
    var known = has('errors.' + err.code) ? t('errors.' + err.code) : '';
    if (known && err.code !== 'SEND_FAILED') return known;
    var base = known || t('errors.generic');
    return err.serverMessage ? base + ' (' + err.code + ': ' + err.serverMessage + ')' : base;
  }

  /**
   * 401 anywhere after sign-in: the session is gone, back to the sign-in form.
   * @param {ApiError} err
   * @param {HTMLElement} [target]
   */
  function failed(err, target) {
    if (err && err.status === 401) {
      // A 401 to a request sent before the last sign-in (the queue's refresh, a conversation's load) says
      // nothing about the new session; and once signed out, the next ones need not sign out again (each
      // would redraw the sign-in form under the officer's typing).
      if (err.stale || !me) return;
      signedOut(t('errors.NOT_SIGNED_IN'), true);
      return;
    }
    if (target) {
      target.textContent = errorText(err);
      target.hidden = false;
    } else {
      notify(errorText(err), true);
    }
  }

  /**
   * @param {string} text
   * @param {boolean} [isError]
   */
  function notify(text, isError) {
    var n = $('notice');
    n.textContent = text;
    n.className = isError ? 'notice error' : 'notice';
    n.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(
      function () {
        n.hidden = true;
      },
      isError ? 10000 : 4000,
    );
  }

  // ---- views ------------------------------------------------------------------------------------
  /**
   * On a wide screen the list stays beside the open conversation; on a phone (CSS, body.has-conv) one
   * pane at a time.
   * @param {'login' | 'queue' | 'conversation'} view
   */
  function show(view) {
    $('loading').hidden = true;
    $('login-view').hidden = view !== 'login';
    $('queue-view').hidden = view === 'login';
    $('conversation-view').hidden = view !== 'conversation';
    document.body.classList.toggle('has-conv', view === 'conversation');
    $('who').hidden = view === 'login';
  }

  /** @param {string} [message] */
  function showLogin(message) {
    show('login');
    var e = $('login-error');
    e.textContent = message || '';
    e.hidden = !message;
    $('login-username').focus();
  }

  /** @param {SignedIn} data */
  function signedIn(data) {
    signIns++;
    var account = data.account;
    me = account;
    csrf = data.csrfToken;
    $('who-name').textContent = t('signedInAs', { name: account.displayName || account.username });
    field('login-password').value = '';
    // console-nav.js shows the links to the pages this account may open (the editor's, the admin's).
    document.dispatchEvent(new CustomEvent('console:signed-in', { detail: account }));
    connectEvents();
    clearInterval(tick);
    tick = setInterval(function () {
      if (!me) return;
      refreshQueue();
      if (openId) scheduleConversation();
    }, 30000);
    return api('GET', '/console/api/staff')
      .then(
        function (/** @type {{ staff?: Account[] }} */ d) {
          staff = d.staff || [];
        },
        function () {
          staff = [account];
        },
      )
      .then(route);
  }

  /**
   * keepPlace: the session ended on its own (it lasts 12 hours) — after signing in again the officer
   * comes back to the same conversation with the unsent reply still in the box.
   * @param {string} [message]
   * @param {boolean} [keepPlace]
   */
  function signedOut(message, keepPlace) {
    me = null;
    document.dispatchEvent(new CustomEvent('console:signed-out'));
    csrf = '';
    clearInterval(tick);
    if (events) events.close();
    events = null;
    setLive(false);
    if (!keepPlace) {
      openId = null;
      openData = null;
      field('reply-text').value = '';
      if (location.hash) history.replaceState(null, '', location.pathname + location.search);
    }
    showLogin(message);
  }

  function route() {
    if (!me) return;
    var m = /^#\/c\/(.+)$/.exec(location.hash);
    if (m) {
      var id = decodeURIComponent(/** @type {string} */ (m[1]));
      if (id !== openId) {
        openId = id;
        openData = null;
        field('reply-text').value = '';
        $('reply-error').hidden = true;
        $('kb-results').textContent = '';
        field('kb-q').value = '';
        clearConversation();
      }
      show('conversation');
      loadConversation();
      refreshQueue();
    } else {
      openId = null;
      openData = null;
      show('queue');
      refreshQueue();
    }
  }

  // ---- queue ------------------------------------------------------------------------------------
  function scheduleQueue() {
    clearTimeout(queueTimer);
    queueTimer = setTimeout(refreshQueue, 100);
  }

  function refreshQueue() {
    refreshDead();
    refreshWaitingCount();
    var url = '/console/api/conversations?filter=' + encodeURIComponent(listFilter) + (caseQuery ? '&q=' + encodeURIComponent(caseQuery) : '');
    var asked = url;
    return api('GET', url).then(
      function (/** @type {{ now?: string, items?: QueueItem[] }} */ d) {
        if (d.now) serverOffset = Date.parse(d.now) - Date.now();
        var current = '/console/api/conversations?filter=' + encodeURIComponent(listFilter) + (caseQuery ? '&q=' + encodeURIComponent(caseQuery) : '');
        if (asked === current) renderQueue(d.items || []); // a later filter or search has its own answer coming
      },
      function (err) {
        failed(err);
      },
    );
  }

  // ---- Statistics (issue 17 item 5): bars drawn as inline SVG, no chart library ------------------
  var STATS_DAYS = 30;
  var SVG_NS = 'http://www.w3.org/2000/svg';
  /**
   * What GET /console/api/dashboard answers (src/escalation/dashboard.ts); minutes are office minutes.
   * @typedef {{ days: number, perDay: { day: string, handoffs: number }[], handoffs: number, urgent: number,
   *   medianFirstResponse: number | null, medianResolution: number | null, byReason: Record<string, number>,
   *   byTopic: Record<string, number>, ratings: { up: number, down: number } }} Dashboard
   * @typedef {{ label: string, value: number }} Bar
   */
  function openStats() {
    $('stats-panel').hidden = false;
    $('stats-title').textContent = t('stats.title', { days: STATS_DAYS });
    api('GET', '/console/api/dashboard?days=' + STATS_DAYS).then(
      function (/** @type {Dashboard} */ d) {
        renderStats(d);
      },
      function (err) {
        failed(err);
      },
    );
  }

  /**
   * @param {string} tag
   * @param {Record<string, string | number>} [attrs]
   * @param {string} [text]
   */
  function svgEl(tag, attrs, text) {
    var e = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) {
      e.setAttribute(k, String((attrs || {})[k]));
    });
    if (text != null) e.textContent = text;
    return e;
  }

  /** @param {number | null} n */
  function officeMinutes(n) {
    return n == null ? t('stats.none') : t('stats.minutes', { n: n });
  }

  /** @param {Dashboard} d */
  function renderStats(d) {
    var dl = $('stats-numbers');
    dl.textContent = '';
    [
      [t('stats.handoffs'), String(d.handoffs)],
      [t('stats.urgent'), String(d.urgent)],
      [t('stats.firstResponse'), officeMinutes(d.medianFirstResponse)],
      [t('stats.resolution'), officeMinutes(d.medianResolution)],
      [t('stats.ratings'), '👍 ' + d.ratings.up + ' · 👎 ' + d.ratings.down],
    ].forEach(function (pair) {
      dl.appendChild(el('dt', '', pair[0]));
      dl.appendChild(el('dd', '', pair[1]));
    });
    columns(
      $('stats-per-day'),
      d.perDay.map(function (p) {
        return { label: p.day.slice(8, 10) + '/' + p.day.slice(5, 7), value: p.handoffs };
      }),
    );
    /** @param {Record<string, number>} counts @param {(key: string) => string} label @returns {Bar[]} */
    function sorted(counts, label) {
      return Object.keys(counts)
        .map(function (k) {
          return { label: label(k), value: counts[k] || 0 };
        })
        .sort(function (a, b) {
          return b.value - a.value;
        });
    }
    rows($('stats-by-reason'), sorted(d.byReason, reasonLabel));
    rows(
      $('stats-by-topic'),
      sorted(d.byTopic, function (k) {
        return k;
      }),
    );
  }

  /** The largest value of the bars, at least 1 (a chart of zeros still divides by something). @param {Bar[]} bars */
  function largest(bars) {
    return Math.max.apply(
      null,
      bars
        .map(function (b) {
          return b.value;
        })
        .concat([1]),
    );
  }

  /** One column per day; the first, middle and last days named under them. @param {HTMLElement} box @param {Bar[]} bars */
  function columns(box, bars) {
    box.textContent = '';
    var max = largest(bars);
    var step = 12;
    var width = bars.length * step;
    var svg = svgEl('svg', { viewBox: '0 0 ' + width + ' 120', class: 'chart-svg', role: 'img', 'aria-label': t('stats.perDay') });
    bars.forEach(function (b, i) {
      var h = Math.round((90 * b.value) / max);
      var rect = svgEl('rect', { x: i * step + 1, y: 95 - h, width: step - 2, height: Math.max(h, b.value ? 1 : 0), class: 'chart-bar' });
      rect.appendChild(svgEl('title', {}, b.label + ': ' + b.value));
      svg.appendChild(rect);
      if (i === 0 || i === bars.length - 1 || i === Math.floor(bars.length / 2))
        svg.appendChild(
          // the first and last names are anchored inside the chart, so neither is cut off at the edge
          svgEl(
            'text',
            {
              x: i === 0 ? 0 : i === bars.length - 1 ? width : i * step + step / 2,
              y: 112,
              class: 'chart-axis',
              'text-anchor': i === 0 ? 'start' : i === bars.length - 1 ? 'end' : 'middle',
            },
            b.label,
          ),
        );
    });
    svg.appendChild(svgEl('line', { x1: 0, y1: 95.5, x2: width, y2: 95.5, class: 'chart-base' }));
    box.appendChild(svg);
  }

  /** Horizontal bars with their names and counts. @param {HTMLElement} box @param {Bar[]} bars */
  function rows(box, bars) {
    box.textContent = '';
    if (!bars.length) {
      box.appendChild(el('p', 'muted small', t('stats.empty')));
      return;
    }
    var max = largest(bars);
    var rowH = 24;
    var labelW = 130;
    var width = 320;
    var svg = svgEl('svg', { viewBox: '0 0 ' + width + ' ' + bars.length * rowH, class: 'chart-svg', role: 'img' });
    bars.forEach(function (b, i) {
      var y = i * rowH;
      var w = Math.max(1, Math.round(((width - labelW - 30) * b.value) / max));
      var name = b.label.length > 22 ? b.label.slice(0, 21) + '…' : b.label;
      svg.appendChild(svgEl('text', { x: 0, y: y + 16, class: 'chart-label' }, name));
      var rect = svgEl('rect', { x: labelW, y: y + 5, width: w, height: rowH - 10, class: 'chart-bar' });
      rect.appendChild(svgEl('title', {}, b.label + ': ' + b.value));
      svg.appendChild(rect);
      svg.appendChild(svgEl('text', { x: labelW + w + 4, y: y + 16, class: 'chart-value' }, String(b.value)));
    });
    box.appendChild(svg);
  }

  // ---- Messenger events that failed for good (admins) ------------------------------------------
  function refreshDead() {
    if (!me || me.role !== 'admin') {
      $('dead-panel').hidden = true;
      return;
    }
    api('GET', '/console/api/inbox/dead').then(
      function (/** @type {{ items?: DeadItem[] }} */ d) {
        renderDead(d.items || []);
      },
      function (err) {
        failed(err);
      },
    );
  }

  /** @param {DeadItem[]} items */
  function renderDead(items) {
    var list = $('dead-list');
    list.textContent = '';
    $('dead-panel').hidden = items.length === 0;
    $('dead-count').textContent = items.length ? '(' + items.length + ')' : '';
    items.forEach(function (d) {
      var li = el('li', 'queue-item');
      li.setAttribute('data-testid', 'dead-item');
      li.setAttribute('data-event-id', d.eventId);
      li.appendChild(el('span', 'line', d.conversationId + ' · ' + fmtTime(d.failedAt) + ' · ' + t('dead.attempts', { n: d.attempts })));
      li.appendChild(el('span', 'line reason', d.error));
      var actions = el('span', 'line');
      /** @type {[action: string, label: string, done: string][]} */ ([
        ['retry', 'dead.retry', 'dead.retried'],
        ['drop', 'dead.drop', 'dead.dropped'],
      ]).forEach(function (a) {
        var b = el('button', a[0] === 'drop' ? 'danger' : '', t(a[1]));
        b.type = 'button';
        b.setAttribute('data-testid', 'dead-' + a[0]);
        b.addEventListener('click', function () {
          b.disabled = true;
          api('POST', '/console/api/inbox/dead/' + a[0], { eventId: d.eventId }).then(
            function () {
              notify(t(a[2]));
              refreshDead();
            },
            function (err) {
              b.disabled = false;
              failed(err);
            },
          );
        });
        actions.appendChild(b);
      });
      li.appendChild(actions);
      list.appendChild(li);
    });
  }

  function renderFilters() {
    Array.prototype.forEach.call(document.querySelectorAll('#filters .chip'), function (/** @type {HTMLElement} */ chip) {
      var on = chip.getAttribute('data-filter') === listFilter;
      chip.setAttribute('aria-pressed', String(on));
      chip.classList.toggle('on', on);
    });
    $('list-title').textContent = t('filters.' + listFilter);
  }

  /** @param {QueueItem[]} items */
  function renderQueue(items) {
    var list = $('queue-list');
    list.textContent = '';
    renderFilters();
    var empty = $('queue-empty');
    empty.hidden = items.length > 0;
    empty.textContent = caseQuery ? t('noResults') : listFilter === 'open' ? t('empty') : t('emptyFilter');
    $('queue-count').textContent = items.length ? '(' + items.length + ')' : '';
    items.forEach(function (c) {
      var li = el('li', 'queue-item' + (c.urgent ? ' is-urgent' : '') + (c.id === openId ? ' is-open' : ''));
      li.setAttribute('data-testid', 'queue-item');
      li.setAttribute('data-id', c.id);
      li.setAttribute('data-urgent', String(Boolean(c.urgent)));
      li.setAttribute('data-owner', c.owner);
      var b = el('button', 'item');
      b.type = 'button';
      var line0 = el('span', 'line who');
      line0.appendChild(el('strong', null, workerLabel(c)));
      // The open conversation is being read: its count is about to be zero.
      var unread = c.id === openId ? 0 : c.unread || 0;
      if (unread > 0) {
        var badge = el('span', 'badge unread', t('unread', { n: unread }));
        badge.setAttribute('data-testid', 'queue-unread');
        line0.appendChild(badge);
      }
      b.appendChild(line0);
      var line1 = el('span', 'line');
      if (c.urgent) line1.appendChild(el('span', 'badge urgent', t('urgent')));
      line1.appendChild(el('span', 'badge channel', channelLabel(c.channel)));
      line1.appendChild(el('span', 'badge owner-' + c.owner, ownerLabel(c.owner)));
      var waiting = isClosed(c.owner)
        ? el('span', 'waiting', c.updatedAt ? t('updatedAt', { at: fmtTime(c.updatedAt) }) : '')
        : el('span', 'waiting', t('waitingFor', { time: fmtDuration(c.waitingMs) }));
      waiting.setAttribute('data-testid', 'queue-waiting');
      line1.appendChild(waiting);
      b.appendChild(line1);
      var line2 = el('span', 'line reason', reasonLabel(c.handoffReason) + (c.assignedTo ? ' · ' + staffName(c.assignedTo) : ''));
      line2.setAttribute('data-testid', 'queue-reason');
      b.appendChild(line2);
      var labels = labelsText(c.labels);
      if (labels) {
        var labelLine = el('span', 'line labels', labels);
        labelLine.setAttribute('data-testid', 'queue-labels');
        b.appendChild(labelLine);
      }
      if (isClosed(c.owner) && c.resolution) {
        var outcome = el('span', 'line outcome', resolutionText(c.resolution));
        outcome.setAttribute('data-testid', 'queue-outcome');
        b.appendChild(outcome);
      }
      var win = el('span', 'line window' + (c.window && c.window.kind ? ' w-' + c.window.kind : ''), windowText(c.window));
      win.setAttribute('data-testid', 'queue-window');
      b.appendChild(win);
      var preview = el('span', 'line preview', c.preview || '');
      preview.setAttribute('data-testid', 'queue-preview');
      b.appendChild(preview);
      b.addEventListener('click', function () {
        location.hash = '#/c/' + encodeURIComponent(c.id);
      });
      li.appendChild(b);
      list.appendChild(li);
    });
  }

  // ---- one conversation -------------------------------------------------------------------------
  function clearConversation() {
    [
      'conv-title',
      'conv-channel',
      'conv-owner',
      'conv-reason',
      'conv-assigned',
      'conv-window',
      'conv-windows',
      'conv-labels',
      'matched',
      'transcript',
      'notes',
    ].forEach(function (id) {
      $(id).textContent = '';
    });
    $('conv-urgent').hidden = true;
    $('resolve-panel').hidden = true;
    ['note-text', 'assign-note', 'canned-q', 'canned-title', 'label-topic', 'label-employer', 'label-worker'].forEach(function (id) {
      field(id).value = '';
    });
    $('canned-results').textContent = '';
    labelsFor = '';
  }

  /**
   * The officer has read the conversation up to now (their unread count for it starts again).
   * @param {string} id
   */
  function markRead(id) {
    api('POST', '/console/api/conversations/' + encodeURIComponent(id) + '/read').then(
      function () {
        return undefined;
      },
      function (err) {
        if (err && err.status === 401) failed(err);
      },
    );
  }

  function scheduleConversation() {
    clearTimeout(convTimer);
    convTimer = setTimeout(loadConversation, 100);
  }

  function loadConversation() {
    /** @type {string | null} */
    var id = openId;
    if (!id) return Promise.resolve();
    var opened = id;
    return api('GET', '/console/api/conversations/' + encodeURIComponent(id)).then(
      function (/** @type {ConversationDetail} */ d) {
        if (openId !== id) return;
        // The countdowns count from the server's clock (the time left in Messenger's windows).
        if (d.now) serverOffset = Date.parse(d.now) - Date.now();
        openData = d;
        renderConversation(d);
        markRead(opened);
      },
      function (err) {
        if (openId === id) failed(err);
      },
    );
  }

  /**
   * The intake at the top of the case: each answer as the worker typed it, '(skipped)', or nothing yet.
   * @param {Intake | null | undefined} intake
   */
  function renderIntake(intake) {
    var box = $('conv-intake');
    box.hidden = !intake;
    if (!intake) return;
    var state = intake.stopped ? t('intake.stopped') : intake.finishedAt ? '' : t('intake.asking');
    $('conv-intake-state').textContent = state ? '· ' + state : '';
    var list = $('conv-intake-list');
    list.textContent = '';
    /** @type {('employer' | 'province' | 'problem' | 'dates')[]} */
    var fields = ['employer', 'province', 'problem', 'dates'];
    fields.forEach(function (f) {
      var value = intake[f];
      list.appendChild(el('dt', null, t('intake.' + f)));
      var dd = el('dd', value ? null : 'muted', value ? value : value === '' ? t('intake.skipped') : t('intake.notAsked'));
      dd.setAttribute('data-testid', 'intake-' + f);
      list.appendChild(dd);
    });
  }

  /** @param {ConversationDetail} d */
  function renderConversation(d) {
    var c = d.conversation;
    $('conv-title').textContent = workerLabel(c);
    $('conv-urgent').hidden = !c.urgent;
    $('conv-channel').textContent = channelLabel(c.channel);
    var owner = $('conv-owner');
    owner.textContent = ownerLabel(c.owner);
    owner.className = 'badge owner-' + c.owner;
    owner.setAttribute('data-owner', c.owner);
    $('conv-reason').textContent = reasonLabel(c.handoffReason);
    $('conv-assigned').textContent = c.assignedTo ? t('assignedTo', { name: staffName(c.assignedTo) }) : t('unassigned');
    var win = $('conv-window');
    win.textContent = windowText(c.window);
    win.className = 'window' + (c.window && c.window.kind ? ' w-' + c.window.kind : '');
    win.setAttribute('data-kind', (c.window && c.window.kind) || '');
    var both = $('conv-windows');
    both.textContent = windowsText(c.windows);
    both.hidden = !c.windows;
    var resolution = $('conv-resolution');
    resolution.textContent = isClosed(c.owner) ? resolutionText(c.resolution) : '';
    resolution.hidden = !resolution.textContent;
    $('conv-labels').textContent = labelsText(c.labels);
    if (labelsFor !== c.id) {
      labelsFor = c.id;
      field('label-topic').value = (c.labels && c.labels.topic) || '';
      field('label-employer').value = (c.labels && c.labels.employer) || '';
      field('label-worker').value = (c.labels && c.labels.workerName) || '';
    }
    renderIntake(c.intake);
    /** @type {HTMLAnchorElement} */ ($('export')).href = '/console/api/conversations/' + encodeURIComponent(c.id) + '/export';
    /** @type {HTMLAnchorElement} */ ($('export-print')).href = '/console/api/conversations/' + encodeURIComponent(c.id) + '/export?format=print';

    // What Messenger still allows: after 24 hours only a person's reply (HUMAN_AGENT), after 7 days
    // nothing — then a phone call is the way, and it is logged as a note.
    var kind = c.window && c.window.kind;
    var rule = $('send-rule');
    rule.textContent = kind === 'human_agent' || kind === 'closed' ? t('sendRule.' + kind) : '';
    rule.hidden = !rule.textContent;
    rule.className = 'send-rule' + (kind ? ' w-' + kind : '');
    rule.setAttribute('data-kind', kind || '');
    $('log-call').hidden = kind !== 'closed';

    var notes = $('notes');
    notes.textContent = '';
    if (!d.notes || !d.notes.length) notes.appendChild(el('li', 'muted', t('noNotes')));
    (d.notes || []).forEach(function (n) {
      var li = el('li', 'note ' + n.kind);
      li.setAttribute('data-testid', 'note');
      li.setAttribute('data-kind', n.kind);
      li.appendChild(el('span', 'who', t('noteKind.' + n.kind) + ' · ' + staffName(n.staffId) + ' · ' + fmtTime(n.at)));
      li.appendChild(el('span', 'text', n.text));
      notes.appendChild(li);
    });

    var matched = $('matched');
    matched.textContent = '';
    if (!d.matched || !d.matched.length) matched.appendChild(el('li', 'muted', t('noMatched')));
    (d.matched || []).forEach(function (m) {
      var li = el('li', null, m.title);
      li.appendChild(el('span', 'muted', ' · ' + m.entryId));
      matched.appendChild(li);
    });

    var list = $('transcript');
    var atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    var before = list.children.length;
    list.textContent = '';
    (d.messages || []).forEach(function (m, i) {
      var li = el('li', 'msg ' + m.author);
      li.setAttribute('data-testid', 'message');
      li.setAttribute('data-author', m.author);
      var who = m.author === 'staff' ? t('staff') + (m.staffId ? ' · ' + staffName(m.staffId) : '') : m.author === 'bot' ? t('bot') : t('worker');
      var head = el('span', 'who', who + ' · ' + fmtTime(m.at));
      li.appendChild(head);
      li.appendChild(el('span', 'text', m.text));
      if (m.author === 'bot' && m.entryId) {
        var title = m.entryId;
        (d.matched || []).forEach(function (x) {
          if (x.entryId === m.entryId) title = x.title;
        });
        var conf = typeof m.confidence === 'number' ? ' · ' + t('confidence', { value: Math.round(m.confidence * 100) + '%' }) : '';
        li.appendChild(el('span', 'entry', '→ ' + title + conf));
      }
      var learning = learningAction(d, i);
      if (learning) li.appendChild(learning);
      list.appendChild(li);
    });
    if (atBottom || before === 0 || list.children.length > before) list.scrollTop = list.scrollHeight;

    var mine = c.owner === 'staff' && me !== null && c.assignedTo === me.id;
    $('take').hidden = mine;
    $('resolve').hidden = !(c.owner === 'waiting_staff' || c.owner === 'staff');
    $('reopen').hidden = !isClosed(c.owner);
    if ($('resolve').hidden) $('resolve-panel').hidden = true;
    var replyOk = c.owner === 'waiting_staff' || c.owner === 'staff';
    button('reply-send').disabled = !replyOk;
    field('reply-text').disabled = !replyOk;
    $('reply-text').title = replyOk ? '' : t('takeFirst');

    var select = field('assign-select');
    var keep = select.value;
    select.textContent = '';
    staff.forEach(function (s) {
      var o = el('option', null, (s.displayName || s.username) + (me && s.id === me.id ? ' (' + t('you') + ')' : ''));
      o.value = s.id;
      select.appendChild(o);
    });
    select.value =
      keep &&
      staff.some(function (s) {
        return s.id === keep;
      })
        ? keep
        : c.assignedTo || (me ? me.id : '');
  }

  // ---- the learning loop (issue 16 item 4): an answer marked wrong, a draft entry from an officer's reply ----
  /** Answers marked wrong on this page ("conversation id + time"): the button stays "noted" across refreshes. */
  var markedWrong = new Set();
  /**
   * Under a bot answer (any officer): "wrong / not right" → POST /console/api/messages/mark-wrong, which puts the
   * worker's question on the editors' Unanswered page. Under an officer's reply in a closed conversation (editors):
   * "start an entry from this reply" → a draft entry (POST /console/api/kb/new-entry) opened in the editor; it
   * cannot be published without a citation and a reviewer.
   * @param {ConversationDetail} d
   * @param {number} index  the message's place in d.messages
   * @returns {HTMLElement | null}
   */
  function learningAction(d, index) {
    var messages = d.messages || [];
    var m = messages[index];
    var c = d.conversation;
    var before = messages.slice(0, index).reverse();
    var question = before.find(function (x) {
      return x.author === 'worker';
    });
    var key = c.id + ' ' + m.at;
    if (m.author === 'bot' && m.entryId) {
      var done = markedWrong.has(key);
      var mark = el('button', 'link learning-action', done ? t('unanswered.markedWrong') : t('unanswered.markWrong'));
      mark.type = 'button';
      mark.disabled = done;
      mark.setAttribute('data-testid', 'mark-wrong');
      mark.addEventListener('click', function () {
        var note = window.prompt(t('unanswered.markWrongNote'), '');
        if (note === null) return;
        mark.disabled = true;
        api('POST', '/console/api/messages/mark-wrong', { conversationId: c.id, at: m.at, note: note.trim() || undefined }).then(
          function () {
            markedWrong.add(key);
            mark.textContent = t('unanswered.markedWrong');
            notify(t('unanswered.markedWrong'));
          },
          function (/** @type {ApiError} */ err) {
            mark.disabled = false;
            notify(errorText(err), true);
          },
        );
      });
      return mark;
    }
    var editor = me !== null && me.role !== 'staff';
    if (m.author === 'staff' && isClosed(c.owner) && editor && question) {
      var worker = question;
      var seed = el('button', 'link learning-action', t('unanswered.seedDraft'));
      seed.type = 'button';
      seed.setAttribute('data-testid', 'seed-draft');
      seed.addEventListener('click', function () {
        var title = window.prompt(t('unanswered.seedTitle'), worker.text.slice(0, 80));
        if (title === null || !title.trim()) return;
        var chosen = title.trim();
        seed.disabled = true;
        api('GET', '/console/api/kb/documents')
          .then(function (/** @type {{ documents: { id: string, topic?: string }[], topics: string[] }} */ kb) {
            // The topic of an entry the bot answered with in this conversation, else the first: the editor can change it.
            var matched = (d.matched || []).map(function (x) {
              return x.entryId;
            });
            var near = kb.documents.find(function (doc) {
              return matched.includes(doc.id) && !!doc.topic;
            });
            return api('POST', '/console/api/kb/new-entry', {
              topic: (near && near.topic) || kb.topics[0],
              title: chosen,
              question: worker.text,
              answer: m.text,
              origin: { kind: 'officer_reply', ref: c.id, text: m.text },
            });
          })
          .then(
            function (/** @type {{ draft?: { path?: string }, path?: string }} */ made) {
              var path = (made.draft && made.draft.path) || made.path || '';
              location.href = '/console/kb?' + (path ? 'path=' + encodeURIComponent(path) : '') + (lang === 'en' ? (path ? '&' : '') + 'lang=en' : '');
            },
            function (/** @type {ApiError} */ err) {
              seed.disabled = false;
              notify(err.status === 404 ? t('unanswered.kbNotReady') : errorText(err), true);
            },
          );
      });
      return seed;
    }
    return null;
  }

  function lastWorkerText() {
    var msgs = (openData && openData.messages) || [];
    for (var i = msgs.length - 1; i >= 0; i--) if (msgs[i].author === 'worker') return msgs[i].text;
    return '';
  }

  /**
   * @param {'take' | 'assign' | 'resolve' | 'reopen' | 'labels' | 'notes'} name
   * @param {object} body
   * @param {(answer: unknown) => void} [done]
   * @param {HTMLElement} [errorTarget]
   */
  function act(name, body, done, errorTarget) {
    var id = openId;
    if (!id) return;
    var buttons = ['take', 'assign', 'resolve', 'reopen', 'resolve-confirm', 'labels-save', 'note-add', 'log-call'].map(button);
    buttons.forEach(function (b) {
      b.disabled = true;
    });
    api('POST', '/console/api/conversations/' + encodeURIComponent(id) + '/' + name, body)
      .then(
        function (d) {
          if (done) done(d);
          return loadConversation();
        },
        function (err) {
          failed(err, errorTarget);
        },
      )
      .then(function () {
        buttons.forEach(function (b) {
          b.disabled = false;
        });
        refreshQueue();
      });
  }

  // ---- live updates -----------------------------------------------------------------------------
  /** @param {boolean} on */
  function setLive(on) {
    var l = $('live');
    l.setAttribute('data-state', on ? 'on' : 'off');
    l.textContent = on ? t('live') : t('offline');
    l.className = on ? 'live on' : 'live off';
  }

  function connectEvents() {
    if (events) events.close();
    setLive(false);
    var source = new EventSource('/console/api/events');
    events = source;
    source.onopen = function () {
      if (events === source) setLive(true);
    };
    source.onerror = function () {
      if (events !== source) return;
      setLive(false);
      // A closed stream (e.g. 401 after the session ended) does not reconnect by itself.
      if (source.readyState === 2) {
        setTimeout(function () {
          if (events !== source || !me) return;
          api('GET', '/console/api/me').then(
            function () {
              if (events === source) connectEvents();
            },
            function (err) {
              failed(err);
            },
          );
        }, 3000);
      }
    };
    ['escalated', 'worker_message', 'owner_changed', 'deleted'].forEach(function (type) {
      source.addEventListener(type, function (/** @type {MessageEvent<string>} */ e) {
        /** @type {LiveEvent} */
        var data = {};
        try {
          data = JSON.parse(e.data);
        } catch (x) {
          data = {};
        }
        onEvent(type, data);
      });
    });
  }

  /**
   * @param {string} type
   * @param {LiveEvent} data
   */
  function onEvent(type, data) {
    scheduleQueue();
    if (openId && data.conversationId === openId) {
      if (type === 'deleted') {
        notify(t('deleted'), true);
        location.hash = '';
        return;
      }
      scheduleConversation();
    }
    // A new hand-off, or a new message in one of the officer's own conversations: sound and notification.
    var mine = type === 'worker_message' && !!me && data.assignedTo === me.id;
    if (type === 'escalated' || mine) {
      beep();
      desktopNotify(type === 'escalated' ? (data.urgent ? t('newUrgent') : t('newEscalation')) : t('newMessageMine'), data.conversationId);
    }
    if (type === 'escalated') notify(data.urgent ? t('newUrgent') : t('newEscalation'));
    else if (type === 'worker_message' && data.conversationId !== openId) notify(t('newMessage'));
  }

  // ---- wiring -----------------------------------------------------------------------------------
  $('login-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var username = field('login-username').value.trim();
    var password = field('login-password').value;
    if (!username || !password) return showLogin(t('wrongLogin'));
    button('login-submit').disabled = true;
    api('POST', '/console/api/login', { username: username, password: password })
      .then(signedIn, function (/** @type {ApiError} */ err) {
        showLogin(err.status === 401 ? t('wrongLogin') : errorText(err));
      })
      .then(function () {
        button('login-submit').disabled = false;
      });
  });

  // Sound is off until the officer turns it on (the click also lets the browser play it).
  var soundToggle = /** @type {HTMLInputElement} */ ($('sound-toggle'));
  soundToggle.checked = stored(SOUND_KEY) === '1';
  soundToggle.addEventListener('change', function () {
    store(SOUND_KEY, soundToggle.checked ? '1' : '0');
    if (soundToggle.checked) beep();
  });
  // The browser asks for permission once, from the officer's click, never on its own at page load.
  renderNotifyAsk();
  $('notify-ask').addEventListener('click', function () {
    store(ASKED_KEY, '1');
    $('notify-ask').hidden = true;
    if (typeof Notification !== 'undefined') void Notification.requestPermission().then(renderNotifyAsk);
  });

  $('stats-open').addEventListener('click', openStats);
  // The name workers see with this officer's replies: optional, changed at any time (empty: none).
  $('public-name').addEventListener('click', function () {
    var name = window.prompt(t('publicName.prompt'), (me && me.publicName) || '');
    if (name === null) return;
    api('POST', '/console/api/me/public-name', { publicName: name.trim().slice(0, 40) }).then(
      function (/** @type {{ account: Account }} */ data) {
        me = data.account;
        notify(data.account.publicName ? t('publicName.saved', { name: data.account.publicName }) : t('publicName.cleared'));
      },
      function () {
        notify(t('publicName.failed'), true);
      },
    );
  });
  $('stats-close').addEventListener('click', function () {
    $('stats-panel').hidden = true;
  });

  $('sign-out').addEventListener('click', function () {
    api('POST', '/console/api/logout').then(
      function () {
        signedOut();
      },
      function () {
        signedOut();
      },
    );
  });

  $('back').addEventListener('click', function () {
    location.hash = '';
  });
  window.addEventListener('hashchange', route);

  $('take').addEventListener('click', function () {
    act('take', {}, function () {
      notify(t('taken'));
    });
  });
  $('assign').addEventListener('click', function () {
    var staffId = field('assign-select').value;
    if (!staffId) return;
    var note = field('assign-note').value.trim();
    act('assign', note ? { staffId: staffId, note: note } : { staffId: staffId }, function () {
      field('assign-note').value = '';
      notify(t('assigned', { name: staffName(staffId) }));
    });
  });

  // Resolve asks first: the outcome, and for a follow-up the day it comes back to the queue.
  function selectedOutcome() {
    var checked = /** @type {HTMLInputElement | null} */ (document.querySelector('input[name="outcome"]:checked'));
    return checked ? checked.value : 'answered';
  }
  $('resolve').addEventListener('click', function () {
    var panel = $('resolve-panel');
    panel.hidden = false;
    $('resolve-error').hidden = true;
    var day = /** @type {HTMLInputElement} */ ($('follow-up-on'));
    day.min = vietnamDay(1);
    if (!day.value) day.value = vietnamDay(7);
    $('follow-up-row').hidden = selectedOutcome() !== 'follow_up';
    panel.scrollIntoView({ block: 'nearest' });
  });
  $('resolve-panel').addEventListener('change', function () {
    $('follow-up-row').hidden = selectedOutcome() !== 'follow_up';
  });
  $('resolve-cancel').addEventListener('click', function () {
    $('resolve-panel').hidden = true;
  });
  $('resolve-panel').addEventListener('submit', function (e) {
    e.preventDefault();
    var outcome = selectedOutcome();
    var day = field('follow-up-on').value;
    var error = $('resolve-error');
    error.hidden = true;
    if (outcome === 'follow_up' && !(day && day > vietnamDay(0))) {
      error.textContent = t('followUpNeeded');
      error.hidden = false;
      return;
    }
    act(
      'resolve',
      outcome === 'follow_up' ? { outcome: outcome, followUpOn: day } : { outcome: outcome },
      function () {
        $('resolve-panel').hidden = true;
        notify(t('resolved'));
      },
      error,
    );
  });
  $('reopen').addEventListener('click', function () {
    act('reopen', {}, function () {
      notify(t('reopened'));
    });
  });

  $('labels-form').addEventListener('submit', function (e) {
    e.preventDefault();
    act(
      'labels',
      { topic: field('label-topic').value.trim(), employer: field('label-employer').value.trim(), workerName: field('label-worker').value.trim() },
      function () {
        notify(t('labelsSaved'));
      },
    );
  });

  $('note-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var box = field('note-text');
    var text = box.value.trim();
    if (!text) return;
    act('notes', { text: text }, function () {
      box.value = '';
      notify(t('noteAdded'));
    });
  });
  // Nothing can be sent any more: what was said on the phone goes into the case as a note.
  $('log-call').addEventListener('click', function () {
    var box = field('reply-text');
    var text = box.value.trim();
    if (!text) return box.focus();
    $('reply-error').hidden = true;
    act('notes', { text: text, kind: 'call' }, function () {
      box.value = '';
      notify(t('callLogged'));
    });
  });

  // ---- the case list: filters and search --------------------------------------------------------
  Array.prototype.forEach.call(document.querySelectorAll('#filters .chip'), function (/** @type {HTMLElement} */ chip) {
    chip.addEventListener('click', function () {
      listFilter = chip.getAttribute('data-filter') || 'open';
      renderFilters();
      refreshQueue();
    });
  });
  $('case-search-form').addEventListener('submit', function (e) {
    e.preventDefault();
    searchNow();
  });
  $('case-q').addEventListener('input', function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(searchNow, 250);
  });
  /** A search looks through every case (the queue alone would hide the resolved ones) unless a filter was chosen. */
  function searchNow() {
    clearTimeout(searchTimer);
    var q = field('case-q').value.trim();
    if (q === caseQuery) return;
    caseQuery = q;
    if (q && listFilter === 'open') listFilter = 'all';
    renderFilters();
    refreshQueue();
  }

  // ---- canned replies -----------------------------------------------------------------------------
  function searchCanned() {
    var id = openId;
    var results = $('canned-results');
    var q = field('canned-q').value.trim();
    api('GET', '/console/api/canned?q=' + encodeURIComponent(q) + (id ? '&conversationId=' + encodeURIComponent(id) : '')).then(
      function (/** @type {{ replies?: Canned[] }} */ d) {
        results.textContent = '';
        var replies = d.replies || [];
        if (!replies.length) results.appendChild(el('li', 'muted', t('canned.none')));
        replies.forEach(function (r) {
          var text = r.filled != null ? r.filled : r.text;
          var li = el('li', 'kb-entry');
          li.setAttribute('data-testid', 'canned-result');
          li.appendChild(el('strong', null, r.title));
          li.appendChild(el('span', 'snippet', text.length > 220 ? text.slice(0, 220) + '…' : text));
          var use = el('button', 'use', t('canned.use'));
          use.type = 'button';
          use.setAttribute('data-testid', 'canned-use');
          use.addEventListener('click', function () {
            var box = field('reply-text');
            box.value = box.value.trim() ? box.value.replace(/\s+$/, '') + '\n\n' + text : text;
            box.focus();
          });
          li.appendChild(use);
          results.appendChild(li);
        });
      },
      function (err) {
        failed(err);
      },
    );
  }
  $('canned-form').addEventListener('submit', function (e) {
    e.preventDefault();
    searchCanned();
  });
  $('canned-save').addEventListener('click', function () {
    var title = field('canned-title').value.trim();
    var text = field('reply-text').value.trim();
    if (!title || !text) return notify(t('canned.needText'), true);
    api('POST', '/console/api/canned', { title: title, text: text }).then(
      function () {
        field('canned-title').value = '';
        notify(t('canned.saved'));
        searchCanned();
      },
      function (err) {
        failed(err);
      },
    );
  });

  $('reply-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var id = openId;
    var box = field('reply-text');
    var text = box.value.trim();
    var error = $('reply-error');
    error.hidden = true;
    if (!id || !text) return;
    var send = button('reply-send');
    send.disabled = true;
    api('POST', '/console/api/conversations/' + encodeURIComponent(id) + '/reply', { text: text })
      .then(
        function (/** @type {{ via: string }} */ d) {
          if (openId === id) box.value = '';
          notify(t('sentVia', { via: d.via === 'web' ? t('webChat') : d.via }));
          return loadConversation();
        },
        function (err) {
          failed(err, error);
        },
      )
      .then(function () {
        send.disabled = false;
        refreshQueue();
      });
  });

  $('kb-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var q = field('kb-q').value.trim() || lastWorkerText();
    var results = $('kb-results');
    if (!q) return;
    api('GET', '/console/api/kb/search?q=' + encodeURIComponent(q)).then(
      function (/** @type {{ entries?: KbEntry[] }} */ d) {
        results.textContent = '';
        var entries = d.entries || [];
        if (!entries.length) results.appendChild(el('li', 'muted', t('kbNone')));
        entries.forEach(function (entry) {
          var li = el('li', 'kb-entry');
          li.setAttribute('data-testid', 'kb-result');
          li.setAttribute('data-entry', entry.id);
          li.appendChild(el('strong', null, entry.title));
          li.appendChild(el('span', 'snippet', entry.text.length > 220 ? entry.text.slice(0, 220) + '…' : entry.text));
          var use = el('button', 'use', t('use'));
          use.type = 'button';
          use.setAttribute('data-testid', 'kb-use');
          use.addEventListener('click', function () {
            var box = field('reply-text');
            box.value = box.value.trim() ? box.value.replace(/\s+$/, '') + '\n\n' + entry.text : entry.text;
            box.focus();
          });
          li.appendChild(use);
          results.appendChild(li);
        });
      },
      function (err) {
        failed(err);
      },
    );
  });

  // ---- start ------------------------------------------------------------------------------------
  fetch('/console/api/i18n?lang=' + lang, { credentials: 'same-origin' })
    .then(function (r) {
      return r.json();
    })
    .then(
      function (/** @type {{ strings?: Record<string, unknown> }} */ d) {
        S = d.strings || {};
      },
      function () {
        S = {};
      },
    )
    .then(function () {
      applyStrings();
      return api('GET', '/console/api/me').then(signedIn, function (/** @type {ApiError} */ err) {
        if (err.status === 401) showLogin();
        else showLogin(errorText(err));
      });
    });
})();
