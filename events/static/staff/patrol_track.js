/* The open patrol's recorder. While this page is open, navigator.geolocation.watchPosition
   gives positions; one per interval (PATROL_INTERVAL_SECONDS, json_script "patrol-config") is
   kept in localStorage, so that a reload or a lost signal loses nothing, and the queue is
   posted in batches to /api/v1/patrols/<id>/positions/. Ending the patrol sends what is still
   queued first. Nothing is recorded on any other page or after the patrol has ended. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("patrol-config").textContent);
  var key = "patrol-queue-" + config.patrol;
  var status = document.getElementById("patrol-status");
  var endForm = document.getElementById("patrol-end");
  var csrf = endForm.querySelector("input[name=csrfmiddlewaretoken]").value;
  var kept = 0, lastAt = 0, sending = null, stopped = false, watch = null, line = null;
  var BATCH = 200;

  function queue() {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function save(items) { localStorage.setItem(key, JSON.stringify(items)); }
  function show() {
    var waiting = queue().length;
    status.textContent = status.dataset.kept + " " + kept +
      (waiting ? "（" + status.dataset.pending + " " + waiting + "）" : "");
  }

  /* One batch at a time. A batch the server answered (kept, refused, or the patrol ended)
     leaves the queue; one lost on the way stays for the next try. */
  function flush() {
    if (sending) { return sending; }
    var batch = queue().slice(0, BATCH);
    if (!batch.length) { return Promise.resolve(); }
    sending = fetch(config.url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify({positions: batch})
    }).then(function (answer) {
      if (answer.status >= 500) { return; }
      var sent = {};
      batch.forEach(function (p) { sent[p.recorded_at] = true; });
      save(queue().filter(function (p) { return !sent[p.recorded_at]; }));
      if (answer.status === 409) { stopped = true; }
    }).catch(function () {}).then(function () { sending = null; show(); });
    return sending;
  }

  function record(position) {
    var at = position.timestamp || Date.now();
    if (stopped || at - lastAt < config.interval * 1000) { return; }
    lastAt = at;
    var c = position.coords, items = queue();
    items.push({lat: c.latitude, lon: c.longitude, accuracy: c.accuracy,
                recorded_at: new Date(at).toISOString()});
    save(items);
    kept += 1;
    if (line) { line.addLatLng([c.latitude, c.longitude]); }
    show();
  }

  function refused(error) {
    if (error.code === 1) { status.textContent = status.dataset.denied; }
  }

  if (navigator.geolocation) {
    watch = navigator.geolocation.watchPosition(record, refused,
      {enableHighAccuracy: true, maximumAge: 0, timeout: 60000});
  }
  setInterval(flush, Math.max(config.interval * 4, 5) * 1000);
  window.addEventListener("online", flush);

  /* Ending: stop watching, send the queue (as far as the signal allows), then end. */
  endForm.addEventListener("submit", function (event) {
    event.preventDefault();
    if (watch !== null) { navigator.geolocation.clearWatch(watch); }
    var tries = 0;
    (function drain() {
      flush().then(function () {
        tries += 1;
        if (queue().length && !stopped && tries < 5) { drain(); } else { endForm.submit(); }
      });
    })();
  });

  window.patrolTrackMap = function (map) {
    govMap.addTiles(map);
    var grids = JSON.parse(document.getElementById("my-grids").textContent);
    var layer = L.geoJSON({type: "GeometryCollection", geometries: grids},
                          {style: {color: "#1c7ed6", weight: 2, fillOpacity: 0.08}}).addTo(map);
    govMap.settle(map, grids.length ? layer : null);
    line = L.polyline(queue().map(function (p) { return [p.lat, p.lon]; }),
                      {color: "#e8590c", weight: 4}).addTo(map);
  };
})();
