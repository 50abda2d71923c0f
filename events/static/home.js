/* The home page's map: every grid of the active generation, outlined. django-leaflet's map
   tag calls window.showGrids once the page has loaded. */
window.showGrids = function (map) {
  govMap.addTiles(map);
  fetch("/api/v1/grids/geojson?level=grid").then(function (r) { return r.json(); })
    .then(function (data) {
      if (!data.features.length) { return; }
      var layer = L.geoJSON(data, {style: {color: "#1c7ed6", weight: 1, fillOpacity: 0.08}})
        .bindTooltip(function (l) { return l.feature.properties.code + " " + l.feature.properties.name; })
        .addTo(map);
      govMap.settle(map, layer);
    });
};
