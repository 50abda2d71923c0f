/* The outbox: requests made without signal (a patrol report, later a task result), kept in
   IndexedDB with their photos until they are sent. Loaded by the worker's pages and, with
   importScripts, by the service worker (Background Sync), so both send the same way.

   An item: {id, key, method, url, fields: {name: value or [values]}, photos: [{field, name,
   type, blob}], label, user, created, state: "waiting" | "sending" | "failed", message}.
   `key` is the Idempotency-Key, made once when the item is queued: however often the item is
   sent (a timeout whose request did reach the server, two tabs, the page and Background
   Sync), the server files it once and answers the repeats with the first answer.

   Answers: 2xx (a replay too) removes the item; 409 with Retry-After (the same key still
   running), 429, 5xx, a lost connection or a timeout leave it waiting for the next try; any
   other 4xx (a 409 without Retry-After: the task already has a result, say) marks it failed
   with the server's message, shown to the worker and not sent again. docs/offline.md. */
(function (root) {
  "use strict";
  var DB = "gov-offline", OUTBOX = "outbox", META = "meta", TAG = "gov-offline-outbox";
  var TIMEOUT_MS = 30000;
  var channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(DB) : null;
  var listeners = [];

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(OUTBOX, {keyPath: "id"});
        request.result.createObjectStore(META, {keyPath: "id"});
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  /* One transaction on `store`; `work(store)` returns an IDBRequest whose result is kept. */
  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode), request = work(tx.objectStore(store));
        tx.oncomplete = function () { db.close(); resolve(request && request.result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function changed() {
    if (channel) { channel.postMessage("changed"); }
    listeners.forEach(function (listener) { listener(); });
  }

  function items() {
    return run(OUTBOX, "readonly", function (s) { return s.getAll(); }).then(function (all) {
      return all.sort(function (a, b) { return a.created - b.created; });
    });
  }

  function save(item) {
    return run(OUTBOX, "readwrite", function (s) { return s.put(item); }).then(changed);
  }

  function remove(id) {
    return run(OUTBOX, "readwrite", function (s) { return s["delete"](id); }).then(changed);
  }

  /* The signed-in worker and the CSRF token, written by each page shown, read when sending
     (Django's session authentication wants the token in X-CSRFToken). */
  function remember(user, csrf) {
    return run(META, "readwrite", function (s) {
      return s.put({id: "session", user: user, csrf: csrf});
    });
  }
  function session() {
    return run(META, "readonly", function (s) { return s.get("session"); });
  }

  function enqueue(request) {
    var item = {
      id: Date.now() + "-" + Math.random().toString(36).slice(2), key: crypto.randomUUID(),
      method: request.method || "POST", url: request.url, fields: request.fields || {},
      photos: request.photos || [], label: request.label || "", user: request.user,
      created: Date.now(), state: "waiting", message: ""
    };
    return save(item).then(function () { syncLater(); return item; });
  }

  /* Background Sync where the browser has it: sends the outbox when the signal returns,
     even with no page of the site open. */
  function syncLater() {
    if (!root.navigator || !navigator.serviceWorker) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.sync && registration.sync.register(TAG);
    })["catch"](function () {});
  }

  function body(item) {
    var form = new FormData();
    Object.keys(item.fields).forEach(function (name) {
      [].concat(item.fields[name]).forEach(function (value) { form.append(name, value); });
    });
    item.photos.forEach(function (photo) { form.append(photo.field, photo.blob, photo.name); });
    return form;
  }

  function message(answer) {
    return answer.text().then(function (text) {
      try {
        var data = JSON.parse(text);
        if (data.detail) { return String(data.detail); }
        return Object.keys(data).map(function (field) {
          return field + ": " + [].concat(data[field]).join(" ");
        }).join("; ");
      } catch (e) { return text.slice(0, 200) || String(answer.status); }
    });
  }

  /* Send one item; resolves to "sent", "failed" or "waiting" (and "offline" when the request
     did not get an answer, so that the rest of the queue need not be tried now). */
  function send(item, csrf) {
    var abort = typeof AbortController === "function" ? new AbortController() : null;
    var timer = abort && setTimeout(function () { abort.abort(); }, TIMEOUT_MS);
    item.state = "sending";
    return save(item).then(function () {
      return fetch(item.url, {
        method: item.method, body: body(item), credentials: "same-origin",
        headers: {"Idempotency-Key": item.key, "X-CSRFToken": csrf || "",
                  "Accept": "application/json"},
        signal: abort ? abort.signal : undefined
      });
    }).then(function (answer) {
      clearTimeout(timer);
      if (answer.ok) {
        return answer.json()["catch"](function () { return {}; }).then(function (data) {
          item.answer = data;
          return remove(item.id).then(function () { return "sent"; });
        });
      }
      return message(answer).then(function (text) {
        var busy = answer.status === 409 && answer.headers.has("Retry-After");
        var retry = busy || answer.status === 429 || answer.status >= 500 ||
          (answer.status === 403 && /CSRF/i.test(text));  // a token from another sign-in
        item.state = retry ? "waiting" : "failed";
        item.message = text;
        return save(item).then(function () { return item.state; });
      });
    }, function () {
      clearTimeout(timer);
      item.state = "waiting";
      return save(item).then(function () { return "offline"; });
    });
  }

  /* Send what waits, oldest first, one at a time; one flush at a time across the page(s)
     and the service worker where Web Locks exist (the key makes a race harmless anyway). */
  function flush() {
    var work = function () {
      return Promise.all([items(), session()]).then(function (both) {
        var all = both[0], meta = both[1] || {};
        var due = all.filter(function (item) {
          return item.state !== "failed" && item.user === meta.user;
        });
        return due.reduce(function (chain, item) {
          return chain.then(function (offline) {
            return offline ? true : send(item, meta.csrf).then(function (state) {
              return state === "offline";
            });
          });
        }, Promise.resolve(false));
      }).then(function (offline) {
        if (offline) { throw new Error("offline"); }  // tells Background Sync to try again
      });
    };
    if (root.navigator && navigator.locks) {
      return navigator.locks.request(DB, work);
    }
    return work();
  }

  function onChange(listener) {
    listeners.push(listener);
    if (channel) { channel.onmessage = function () { listeners.forEach(function (l) { l(); }); }; }
  }

  root.offlineQueue = {enqueue: enqueue, items: items, remove: remove, flush: flush,
                       send: send, remember: remember, onChange: onChange, syncTag: TAG};
})(self);
