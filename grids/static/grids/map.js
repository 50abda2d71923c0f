/* Shared map helpers. Tiles come from MAP_TILE_URL (json_script "map-tiles"); without tiles,
   or when the tile server is unreachable, grids and cases still show on a plain background. */
window.govMap = {
  /* The map may be created before the page's CSS gave its container a size: measure again. */
  settle: function (map, layer) {
    setTimeout(function () {
      map.invalidateSize();
      if (layer && layer.getBounds().isValid()) { map.fitBounds(layer.getBounds(), {maxZoom: 17, animate: false}); }
    }, 0);
  },
  addTiles: function (map) {
    var node = document.getElementById("map-tiles");
    var tiles = node ? JSON.parse(node.textContent) : {};
    if (tiles.url) {
      L.tileLayer(tiles.url, {attribution: tiles.attribution, maxZoom: 19}).addTo(map);
    }
  }
};
