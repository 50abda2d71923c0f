/* The outbox on the worker's pages ("待发送 N 条", each item's state), and the page's side of
   the offline app: registers the service worker (/sw.js), tells the outbox who is signed in
   and the CSRF token, and sends what waits on page load, on the `online` event and once a
   minute while anything waits. The markup is templates/offline/_outbox.html. */
(function () {
  "use strict";
  var box = document.getElementById("offline-outbox");
  var queue = window.offlineQueue;
  if (!box || !queue || !window.indexedDB || !window.crypto || !crypto.randomUUID) { return; }
  var text = box.dataset, user = text.user, offline = !navigator.onLine, notice = "";
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  var count = box.querySelector(".outbox-count"), list = box.querySelector(".outbox-items");
  var state = box.querySelector(".outbox-state");

  function csrf() { return token ? token.value : ""; }

  function row(item) {
    var li = document.createElement("li"), what = document.createElement("span");
    li.className = "outbox-item " + item.state;
    li.dataset.key = item.key;
    what.textContent = item.label;
    var how = document.createElement("small");
    how.textContent = item.state === "failed" ? text.failed.replace("{message}", item.message)
      : item.state === "sending" ? text.sending : text.waiting;
    li.appendChild(what); li.appendChild(how);
    if (item.state === "failed") {
      var drop = document.createElement("button");
      drop.type = "button"; drop.className = "secondary"; drop.textContent = text.discard;
      drop.addEventListener("click", function () { queue.remove(item.id); });
      li.appendChild(drop);
    }
    return li;
  }

  function render() {
    return queue.items().then(function (items) {
      var mine = items.filter(function (item) { return item.user === user; });
      var waiting = mine.filter(function (item) { return item.state !== "failed"; });
      box.hidden = !mine.length && !offline && !notice;
      count.textContent = text.count.replace("{n}", waiting.length);
      state.textContent = notice || (offline ? text.offline : "");
      list.replaceChildren.apply(list, mine.map(row));
    });
  }

  function flush() {
    if (offline) { return Promise.resolve(); }
    return queue.flush()["catch"](function () {}).then(render);
  }

  window.offlineOutbox = {
    user: user, csrf: csrf, isOffline: function () { return offline; },
    say: function (message) { notice = message; return render(); }
  };
  queue.onChange(render);
  window.addEventListener("online", function () { offline = false; notice = ""; flush(); });
  window.addEventListener("offline", function () { offline = true; render(); });
  setInterval(flush, 60000);
  /* The task pages this page links (today's tasks on /worker/), for the service worker to
     cache: a task opened later without signal comes from there. */
  function cacheTaskPages() {
    var pages = [].map.call(document.querySelectorAll("a[data-offline-page]"), function (a) {
      return new URL(a.href).pathname;
    });
    if (!pages.length || offline) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      registration.active.postMessage({cachePages: pages});
    });
  }

  if (navigator.serviceWorker) {
    navigator.serviceWorker.register(text.worker, {scope: "/"}).then(cacheTaskPages)
      ["catch"](function () {});
  }
  queue.remember(user, csrf()).then(render).then(flush);
})();
