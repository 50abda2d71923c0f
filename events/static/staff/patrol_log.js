/* The patrol log's map: the worker's grids (and any other grid the patrol spent time in),
   read from /api/v1/grids/geojson, with the track over them (json_script "patrol-map-data").
   django-leaflet's map tag calls window.patrolLogMap once the page has loaded. */
window.patrolLogMap = function (map) {
  "use strict";
  govMap.addTiles(map);
  var data = JSON.parse(document.getElementById("patrol-map-data").textContent);
  var wanted = {};
  data.grids.forEach(function (code) { wanted[code] = true; });
  var group = L.featureGroup().addTo(map);
  var track = data.track.coordinates.length ? L.geoJSON(data.track, {
    style: {color: "#e8590c", weight: 4}}).addTo(group) : null;
  govMap.settle(map, group);
  fetch("/api/v1/grids/geojson?level=grid", {credentials: "same-origin"})
    .then(function (answer) { return answer.json(); })
    .then(function (collection) {
      var mine = collection.features.filter(function (f) { return wanted[f.properties.code]; });
      L.geoJSON({type: "FeatureCollection", features: mine}, {
        style: {color: "#1c7ed6", weight: 2, fillOpacity: 0.08},
        onEachFeature: function (feature, layer) {
          layer.bindTooltip(feature.properties.name);
        }
      }).addTo(group);
      if (track) { track.bringToFront(); }
      document.getElementById("patrol-log-map").dataset.grids = mine.length;
      govMap.settle(map, group);
    });
};
