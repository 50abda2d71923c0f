/* The admin's boundary editor (grids/widgets.py): the region's polygons on a map, drawn and
   edited with Leaflet.draw; every change is written back into the GeoJSON text field, which
   the server checks as the grid import does. Editing the text redraws the map. The admin
   loads this in the page's head: it starts once the form is there. */
document.addEventListener("DOMContentLoaded", function () {
  var area = document.querySelector("textarea.boundary-editor");
  var node = document.getElementById("boundary-map");
  if (!area || !node) { return; }
  var map = L.map(node, {maxZoom: 19});
  govMap.addTiles(map);
  var context = JSON.parse(document.getElementById("boundary-context").textContent);
  var around = L.geoJSON(Object.values(context), {
    style: {color: "#666", weight: 1, dashArray: "4 4", fill: false}, interactive: false
  }).addTo(map);
  var drawn = new L.FeatureGroup().addTo(map);
  var style = {color: "#d9480f", weight: 2};

  function parse(text) {
    try { return text.trim() ? JSON.parse(text) : null; } catch (e) { return undefined; }
  }

  function load() {
    var data = parse(area.value);
    if (data === undefined) { return; }  // half-typed JSON: the server will say what is wrong
    drawn.clearLayers();
    if (!data) { return; }
    // One layer per polygon: Leaflet.draw edits polygons, not multipolygons.
    var polygons = data.type === "MultiPolygon" ? data.coordinates
      : data.type === "Polygon" ? [data.coordinates] : [];
    polygons.forEach(function (rings) {
      L.geoJSON({type: "Polygon", coordinates: rings}, {style: style})
        .eachLayer(function (layer) { drawn.addLayer(layer); });
    });
  }

  function save() {
    var polygons = [];
    drawn.eachLayer(function (layer) { polygons.push(layer.toGeoJSON().geometry.coordinates); });
    var geometry = polygons.length === 0 ? null
      : polygons.length === 1 ? {type: "Polygon", coordinates: polygons[0]}
      : {type: "MultiPolygon", coordinates: polygons};
    area.value = geometry ? JSON.stringify(geometry) : "";
  }

  load();
  var bounds = drawn.getLayers().length ? drawn.getBounds() : around.getBounds();
  if (bounds.isValid()) { map.fitBounds(bounds); } else { map.setView([23.02, 113.12], 12); }

  map.addControl(new L.Control.Draw({
    edit: {featureGroup: drawn},
    draw: {polygon: {allowIntersection: false, showArea: false, shapeOptions: style},
           rectangle: {shapeOptions: style, showArea: false},
           polyline: false, circle: false, circlemarker: false, marker: false}
  }));
  map.on(L.Draw.Event.CREATED, function (event) { drawn.addLayer(event.layer); save(); });
  map.on(L.Draw.Event.EDITED + " " + L.Draw.Event.DELETED + " " + L.Draw.Event.EDITVERTEX,
         save);
  area.addEventListener("change", load);
});
