/* The admin's region page: the boundary on a map (json_script "region-geojson"). Drawn with
   plain Leaflet rather than django-leaflet's map tag: the admin renders this fragment without
   the request, so it has no CSP nonce for the tag's inline script. */
(function () {
  var node = document.getElementById("region-map");
  if (!node) { return; }
  var map = L.map(node, {maxZoom: 19});
  govMap.addTiles(map);
  var data = JSON.parse(document.getElementById("region-geojson").textContent);
  var layer = L.geoJSON(data, {style: {color: "#d9480f", weight: 2}}).addTo(map);
  map.fitBounds(layer.getBounds());
})();
