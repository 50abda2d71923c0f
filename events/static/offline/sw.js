/* The service worker of the grid worker's pages, served as /sw.js (scope /) by
   events/staff/offline.py, which puts self.OFFLINE in front of this file: the cache name
   (with a version that changes with any cached file), the URLs to pre-cache, the pages, and
   the outbox script. docs/offline.md.

   - install: pre-cache the pages, their static files and the taxonomy;
   - message {cachePages: [paths]}: cache the worker's task pages that /worker/ lists
     (today's tasks), those not cached yet, so that they open without signal;
   - activate: delete the caches of older versions;
   - fetch: pages and the taxonomy/grid data network first, the cached copy without signal;
     static files from the cache; everything else (POSTs, other API calls) untouched;
   - sync: send the outbox (queue.js) when the browser says the signal is back. */
/* global OFFLINE, offlineQueue */
"use strict";
importScripts(OFFLINE.queueScript);

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(OFFLINE.cache).then(function (cache) {
    // One by one, so that one missing file (a page the worker may not see) does not stop
    // the rest from being cached.
    return Promise.all(OFFLINE.precache.map(function (url) { return store(cache, url); }));
  }).then(function () { return self.skipWaiting(); }));
});

function store(cache, url) {
  return fetch(url, {credentials: "same-origin"}).then(function (answer) {
    if (keepable(answer)) { return cache.put(url, answer); }
  })["catch"](function () {});
}

/* A campaign task's page: /worker/tasks/<id>/. */
function isTaskPage(path) {
  return path.indexOf(OFFLINE.taskPages) === 0 &&
    /^[0-9]+\/$/.test(path.slice(OFFLINE.taskPages.length));
}

self.addEventListener("message", function (event) {
  var paths = (event.data && event.data.cachePages) || [];
  event.waitUntil(caches.open(OFFLINE.cache).then(function (cache) {
    return Promise.all(paths.filter(isTaskPage).map(function (path) {
      return cache.match(path).then(function (hit) { return hit || store(cache, path); });
    }));
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(OFFLINE.prefix) === 0 && name !== OFFLINE.cache;
    }).map(function (name) { return caches["delete"](name); }));
  }).then(function () { return self.clients.claim(); }));
});

/* Only whole, direct answers: not a redirect to the sign-in page, not an error. */
function keepable(answer) {
  return answer && answer.ok && !answer.redirected && answer.type === "basic";
}

function networkFirst(request, key) {
  return fetch(request).then(function (answer) {
    if (keepable(answer)) {
      var copy = answer.clone();
      caches.open(OFFLINE.cache).then(function (cache) { cache.put(key, copy); });
    }
    return answer;
  })["catch"](function () {
    return caches.open(OFFLINE.cache).then(function (cache) {
      return cache.match(key, {ignoreVary: true}).then(function (hit) {
        return hit || (request.mode === "navigate" &&
          cache.match(OFFLINE.home, {ignoreVary: true})) || Response.error();
      });
    });
  });
}

function cacheFirst(request) {
  return caches.open(OFFLINE.cache).then(function (cache) {
    return cache.match(request, {ignoreVary: true, ignoreSearch: true}).then(function (hit) {
      return hit || fetch(request);
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  var path = url.pathname;
  if (OFFLINE.pages.indexOf(path) !== -1 || isTaskPage(path)) {
    event.respondWith(networkFirst(request, path));
  } else if (path === "/api/v1/taxonomy/" || path === "/api/v1/grids/geojson") {
    event.respondWith(networkFirst(request, path + url.search));
  } else if (OFFLINE.precache.indexOf(path) !== -1) {
    event.respondWith(cacheFirst(request));
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag === offlineQueue.syncTag) { event.waitUntil(offlineQueue.flush()); }
});
