/* The patrol report's map: the worker's own grids (json_script "my-grids"); a tap or "use my
   location" fills the latitude and longitude fields, which also work by hand without this.
   django-leaflet's map tag calls window.patrolMap once the page has loaded. */
window.patrolMap = function (map) {
  govMap.addTiles(map);
  var grids = JSON.parse(document.getElementById("my-grids").textContent);
  var layer = L.geoJSON({type: "GeometryCollection", geometries: grids},
                        {style: {color: "#1c7ed6", weight: 2, fillOpacity: 0.08}}).addTo(map);
  govMap.settle(map, grids.length ? layer : null);
  var lat = document.getElementById("lat"), lon = document.getElementById("lon"), marker = null;
  function place(latlng) {
    lat.value = latlng.lat.toFixed(6); lon.value = latlng.lng.toFixed(6);
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
  }
  if (lat.value && lon.value) { place(L.latLng(+lat.value, +lon.value)); }
  map.on("click", function (e) { place(e.latlng); });
  document.getElementById("locate").addEventListener("click", function () {
    if (!navigator.geolocation) { return; }
    navigator.geolocation.getCurrentPosition(function (p) {
      var here = L.latLng(p.coords.latitude, p.coords.longitude);
      place(here); map.setView(here, 17);
    });
  });
};
