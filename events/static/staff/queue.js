/* The dispatch queue's map: the listed cases (json_script "queue-cases") as pins that open
   their case page, over the community boundaries, and the grids once zoomed in, so that the
   map says something without tiles too. django-leaflet's map tag calls window.queueMap. */
window.queueMap = function (map) {
  "use strict";
  govMap.addTiles(map);
  var cases = JSON.parse(document.getElementById("queue-cases").textContent);
  var pins = L.featureGroup().addTo(map);
  cases.forEach(function (c) {
    var pin = L.circleMarker([c.lat, c.lon], {
      radius: 8, weight: 2, color: "#fff", fillOpacity: 0.9,
      fillColor: c.urgent ? "#e03131" : "#1864ab", className: "queue-pin"});
    var link = document.createElement("a"); // never innerHTML: case text
    link.href = c.url;
    link.textContent = c.number + " " + c.label;
    var box = document.createElement("div");
    box.appendChild(link);
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(c.status));
    pin.bindPopup(box);
    pin.bindTooltip(c.label);
    pins.addLayer(pin);
  });

  function regions(level, style) {
    return fetch("/api/v1/grids/geojson?level=" + level, {headers: {Accept: "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {style: style, interactive: false}).addTo(map);
        layer.bringToBack();
        return layer;
      });
  }
  var grids = null;
  map.on("zoomend", function () {
    if (map.getZoom() >= 15 && !grids) {
      grids = regions("grid", {color: "#4dabf7", weight: 1, fillOpacity: 0, dashArray: "3"});
    }
  });
  regions("community", {color: "#1864ab", weight: 2, fillOpacity: 0.04})
    .then(function (layer) { if (!cases.length) { govMap.settle(map, layer); } })
    .catch(function () { /* no boundaries: the pins still show */ });
  govMap.settle(map, cases.length ? pins : null);

  // A map in a closed <details> has no size: measure again when it is opened.
  var box = document.getElementById("queue-map-box");
  if (box) { box.addEventListener("toggle", function () { if (box.open) { map.invalidateSize(); } }); }
};
