/* A case page's map: the reported point inside its grid (json_script "case-point" and
   "grid-geometry"). django-leaflet's map tag calls window.caseMap once the page has loaded. */
window.caseMap = function (map) {
  govMap.addTiles(map);
  var point = JSON.parse(document.getElementById("case-point").textContent);
  var grid = JSON.parse(document.getElementById("grid-geometry").textContent);
  L.marker(point).addTo(map);
  pickPoint(map);
  if (grid) {
    var layer = L.geoJSON(grid, {style: {color: "#1c7ed6", weight: 2, fillOpacity: 0.08}}).addTo(map);
    govMap.settle(map, layer);
  } else { map.setView(point, 15); govMap.settle(map); }
};

/* Forms that move a case away from someone or end it ask first (data-confirm). */
document.querySelectorAll("form[data-confirm]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
  });
});

/* The reclassify form's location: a click on the map moves its pin and fills lat/lon. */
function pickPoint(map) {
  var lat = document.querySelector(".action-form input[name=lat]");
  var lon = document.querySelector(".action-form input[name=lon]");
  if (!lat || !lon) { return; }
  var pin = null;
  map.on("click", function (event) {
    var at = event.latlng;
    if (pin) { pin.setLatLng(at); } else { pin = L.circleMarker(at, {color: "#e8590c"}).addTo(map); }
    lat.value = at.lat.toFixed(6);
    lon.value = at.lng.toFixed(6);
  });
}
