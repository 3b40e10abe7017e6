// @ts-check
// Web chat: talks to /api/chat; everything shown is inserted as text, never as HTML.

/**
 * What /api/chat answers (src/channels/web/routes.ts).
 * @typedef {{ title: string, payload: string }} QuickReply
 * @typedef {{ author: string, text: string, at?: string, staffName?: string, quickReplies?: QuickReply[] }} StoredMessage
 * @typedef {{ owner: string, total: number, messages: StoredMessage[] }} ChatHistory  GET /api/chat/messages
 * @typedef {{ owner: string, total: number, messages: { text: string, quickReplies?: QuickReply[] }[] }} ChatReply  POST /api/chat/message
 * @typedef {{ text?: string, payload?: string }} Outgoing
 * @typedef {Error & { shown?: string }} ShownError  an error whose message the page shows as is
 */
(function () {
  'use strict';
  // The page (index.html) has every one of these elements.
  var log = /** @type {HTMLElement} */ (document.getElementById('log'));
  var form = /** @type {HTMLFormElement} */ (document.getElementById('form'));
  var input = /** @type {HTMLInputElement} */ (document.getElementById('text'));
  var replies = /** @type {HTMLElement} */ (document.getElementById('replies'));
  var error = /** @type {HTMLElement} */ (document.getElementById('error'));
  var defaultError = error.textContent;
  var seen = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  var pollTimer;

  /**
   * @param {string} author
   * @param {string} text
   * @param {string} [who]
   */
  function add(author, text, who) {
    var li = document.createElement('li');
    li.className = author;
    if (who) {
      var span = document.createElement('span');
      span.className = 'who';
      span.textContent = who;
      li.appendChild(span);
    }
    li.appendChild(document.createTextNode(text));
    log.appendChild(li);
    li.scrollIntoView({ block: 'end' });
    return li;
  }

  /** @param {QuickReply[] | undefined} items */
  function showReplies(items) {
    replies.textContent = '';
    (items || []).forEach(function (r) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = r.title;
      b.addEventListener('click', function () {
        send({ payload: r.payload, text: r.title });
      });
      replies.appendChild(b);
    });
  }

  /** @param {StoredMessage[]} messages */
  function render(messages) {
    messages.forEach(function (m) {
      add(m.author, m.text, m.author === 'staff' ? m.staffName || 'Cán bộ công đoàn' : '');
    });
  }

  /** @param {string} owner */
  function schedulePoll(owner) {
    clearTimeout(pollTimer);
    if (owner === 'waiting_staff' || owner === 'staff') pollTimer = setTimeout(poll, 3000);
  }

  function poll() {
    fetch('/api/chat/messages?after=' + seen, { credentials: 'same-origin' })
      .then(function (r) {
        return r.json();
      })
      .then(function (/** @type {ChatHistory} */ data) {
        var fresh = data.messages.filter(function (m) {
          return m.author !== 'worker';
        });
        seen = data.total;
        render(fresh);
        // the buttons of the newest message (e.g. the rating after an officer closed the case), or none
        if (fresh.length) showReplies(fresh[fresh.length - 1].quickReplies || []);
        schedulePoll(data.owner);
      })
      .catch(function (e) {
        // A dropped connection while waiting for staff: try again on the next tick, and say so to whoever debugs.
        console.warn('chat: new messages could not be fetched; trying again', e);
        schedulePoll('staff');
      });
  }

  /** @param {Outgoing} body */
  function send(body) {
    error.hidden = true;
    add('worker', /** @type {string} */ (body.text));
    showReplies([]);
    fetch('/api/chat/message', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      // The page's language goes with every message: the bot answers a message in its own language,
      // and in the page's when the words do not tell ("ok", a number).
      body: JSON.stringify(Object.assign({ lang: document.documentElement.lang === 'en' ? 'en' : 'vi' }, body)),
    })
      .then(function (r) {
        if (r.ok) return r.json();
        // The server's own message when it gives one (e.g. 429: "wait a moment"), shown as text.
        return r
          .json()
          .catch(function () {
            return {};
          })
          .then(function (data) {
            var e = /** @type {ShownError} */ (new Error(String(r.status)));
            e.shown = data && data.error && typeof data.error.message === 'string' && r.status === 429 ? data.error.message : '';
            throw e;
          });
      })
      .then(function (/** @type {ChatReply} */ data) {
        var first = /** @type {HTMLElement | null} */ (null);
        data.messages.forEach(function (m) {
          var li = add('bot', m.text);
          if (!first) first = li;
        });
        var last = data.messages[data.messages.length - 1];
        showReplies(last ? last.quickReplies : []);
        // A long answer is read from its start: land on its first line, not in the middle of it.
        if (first) first.scrollIntoView({ block: 'start' });
        seen = data.total;
        schedulePoll(data.owner);
      })
      .catch(function (/** @type {ShownError | undefined} */ e) {
        error.textContent = (e && e.shown) || defaultError;
        error.hidden = false;
      });
  }

  // An empty page shows what the assistant is for and a few example questions (one tap each).
  var intro = /** @type {HTMLElement} */ (document.getElementById('intro'));
  Array.prototype.forEach.call(intro.querySelectorAll('button.example'), function (/** @type {HTMLButtonElement} */ b) {
    b.addEventListener('click', function () {
      intro.hidden = true;
      send({ text: b.textContent || '' });
    });
  });

  // The union's current news and programmes: a button of the bot's own (its payload), shown only when tapped.
  Array.prototype.forEach.call(intro.querySelectorAll('button[data-payload]'), function (/** @type {HTMLButtonElement} */ b) {
    b.addEventListener('click', function () {
      intro.hidden = true;
      send({ payload: b.getAttribute('data-payload') || '', text: b.textContent || '' });
    });
  });

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    intro.hidden = true;
    send({ text: text });
  });

  fetch('/api/chat/messages?after=0', { credentials: 'same-origin' })
    .then(function (r) {
      return r.json();
    })
    .then(function (/** @type {ChatHistory} */ data) {
      render(data.messages);
      var newest = data.messages[data.messages.length - 1];
      // a returning worker still has the buttons of the bot's last message (e.g. the rating), if it was the last
      if (newest && newest.author === 'bot') showReplies(newest.quickReplies || []);
      seen = data.total;
      intro.hidden = data.messages.length > 0;
      schedulePoll(data.owner);
    })
    .catch(function (e) {
      // The page still works without the earlier messages (the worker can write); only the history is missing.
      console.warn('chat: earlier messages could not be loaded', e);
    });
})();
