/* A case page's map: the reported point inside its grid (json_script "case-point" and
   "grid-geometry"). django-leaflet's map tag calls window.caseMap once the page has loaded. */
window.caseMap = function (map) {
  govMap.addTiles(map);
  var point = JSON.parse(document.getElementById("case-point").textContent);
  var grid = JSON.parse(document.getElementById("grid-geometry").textContent);
  L.marker(point).addTo(map);
  if (grid) {
    var layer = L.geoJSON(grid, {style: {color: "#1c7ed6", weight: 2, fillOpacity: 0.08}}).addTo(map);
    govMap.settle(map, layer);
  } else { map.setView(point, 15); govMap.settle(map); }
};
