/* Tracking page: copy the private link in one tap (the link stays selectable without this),
   and the small map of where the problem is, with the community boundaries as landmarks
   when there are no map tiles. */
(function () {
  "use strict";
  var button = document.getElementById("copy-link"), link = document.getElementById("tracking-link");
  if (button && link && navigator.clipboard) {
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(link.href).then(function () {
        button.textContent = button.dataset.copied;
      });
    });
  } else if (button) {
    button.hidden = true;
  }

  window.trackMap = function (map) {
    var point = JSON.parse(document.getElementById("case-point").textContent);
    var here = [point.lat, point.lon];
    window.govMap.addTiles(map);
    map.setView(here, 16);
    L.marker(here, {keyboard: false, interactive: false}).addTo(map);
    fetch("/api/v1/grids/geojson?level=community", {headers: {Accept: "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data) {
          L.geoJSON(data, {style: {color: "#1864ab", weight: 2, fillOpacity: 0.04},
                           interactive: false}).addTo(map);
        }
      })
      .catch(function () { /* no boundaries: the pin alone */ });
    window.govMap.settle(map);
    window.citizenTrack = {map: map}; // a handle for the browser tests
  };
})();
