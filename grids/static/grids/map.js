/* Shared map helpers. Tiles come from MAP_TILE_URL (json_script "map-tiles"); without tiles,
   or when the tile server is unreachable, grids and cases still show on a plain background.

   MAP_TILE_CRS=gcj02 (AMap, Tencent tiles): everything the platform keeps is WGS84, so the map
   gets a projection that shifts WGS84 to GCJ-02 before Web Mercator. Grids, cases and pins
   are then drawn where the tiles show them, and a point picked on the map (a click, a dragged
   pin) is turned back into WGS84 by the same projection before any page reads it. The
   formulas are common/gcj02.py's, ported. */
(function () {
  "use strict";
  var A = 6378245.0, EE = 0.00669342162296594323, PI = Math.PI;

  function inChina(lat, lon) {
    return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
  }

  function shift(lat, lon) {
    if (!inChina(lat, lon)) { return [0, 0]; }
    var x = lon - 105.0, y = lat - 35.0, root = Math.sqrt(Math.abs(x));
    var waves = (20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2 / 3;
    var dlat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * root + waves +
      (20 * Math.sin(y * PI) + 40 * Math.sin(y / 3 * PI)) * 2 / 3 +
      (160 * Math.sin(y / 12 * PI) + 320 * Math.sin(y * PI / 30)) * 2 / 3;
    var dlon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * root + waves +
      (20 * Math.sin(x * PI) + 40 * Math.sin(x / 3 * PI)) * 2 / 3 +
      (150 * Math.sin(x / 12 * PI) + 300 * Math.sin(x / 30 * PI)) * 2 / 3;
    var radlat = lat / 180 * PI, magic = 1 - EE * Math.sin(radlat) * Math.sin(radlat);
    dlat = dlat * 180 / ((A * (1 - EE)) / (magic * Math.sqrt(magic)) * PI);
    dlon = dlon * 180 / (A / Math.sqrt(magic) * Math.cos(radlat) * PI);
    return [dlat, dlon];
  }

  function wgs84ToGcj02(lat, lon) {
    var d = shift(lat, lon);
    return [lat + d[0], lon + d[1]];
  }

  /* No closed form: the WGS84 point whose shift lands on the GCJ-02 one, by iteration. */
  function gcj02ToWgs84(lat, lon) {
    var wlat = lat, wlon = lon;
    for (var i = 0; i < 30; i++) {
      var d = shift(wlat, wlon), elat = wlat + d[0] - lat, elon = wlon + d[1] - lon;
      wlat -= elat;
      wlon -= elon;
      if (Math.abs(elat) < 1e-9 && Math.abs(elon) < 1e-9) { break; }
    }
    return [wlat, wlon];
  }

  function gcj02Crs() {
    var mercator = L.Projection.SphericalMercator;
    var projection = L.extend({}, mercator, {
      project: function (latlng) {
        var p = wgs84ToGcj02(latlng.lat, latlng.lng);
        return mercator.project(L.latLng(p[0], p[1]));
      },
      unproject: function (point) {
        var g = mercator.unproject(point), w = gcj02ToWgs84(g.lat, g.lng);
        return L.latLng(w[0], w[1]);
      }
    });
    return L.extend({}, L.CRS.EPSG3857, {code: "GCJ02", projection: projection});
  }

  function tileSettings() {
    var node = document.getElementById("map-tiles");
    return node ? JSON.parse(node.textContent) : {};
  }

  window.govMap = {
    wgs84ToGcj02: wgs84ToGcj02,
    gcj02ToWgs84: gcj02ToWgs84,
    /* The map may be created before the page's CSS gave its container a size: measure again. */
    settle: function (map, layer) {
      setTimeout(function () {
        map.invalidateSize();
        if (layer && layer.getBounds().isValid()) { map.fitBounds(layer.getBounds(), {maxZoom: 17, animate: false}); }
      }, 0);
    },
    /* A tap on a map that shows the whole district zooms in on the spot, close enough to
       move the pin by a house rather than a street. */
    TAP_ZOOM: 17,
    zoomTo: function (map, latlng) {
      map.setView(latlng, Math.max(map.getZoom(), this.TAP_ZOOM));
    },
    /* Ask the device where it is: found({lat, lng}) or failed("denied" | "unavailable"). */
    locate: function (found, failed) {
      if (!navigator.geolocation) { failed("unavailable"); return; }
      navigator.geolocation.getCurrentPosition(function (position) {
        found({lat: position.coords.latitude, lng: position.coords.longitude});
      }, function (error) {
        failed(error.code === 1 ? "denied" : "unavailable"); // 1: PERMISSION_DENIED
      }, {enableHighAccuracy: true, timeout: 15000, maximumAge: 60000});
    },
    /* What the 定位 buttons of a form's map do: the pin goes where the device is and the view
       is to show that spot's whole grid (state.fitGrid); if the device cannot or may not
       tell, the person is told why (texts T) and what to do instead. */
    locateForm: function (state, place, say, T) {
      say(T.locating);
      this.locate(function (here) {
        state.gridCode = null;
        state.fitGrid = true;
        if (state.map) { state.map.setView(here, window.govMap.TAP_ZOOM); }
        place(here);
        say(T.located);
      }, function (why) {
        say(!navigator.geolocation ? T.noGeolocation : why === "denied" ? T.locationDenied
          : T.noLocation, true);
      });
    },
    /* Every grid's boundary (state.grids: a promise of their layer), the pin's grid
       (state.gridCode) shaded: without map tiles its edges are the only landmarks; after 定位
       (state.fitGrid) the view shows that whole grid. */
    GRID_STYLE: {color: "#4dabf7", weight: 1, fillOpacity: 0, dashArray: "3"},
    HERE_STYLE: {color: "#1864ab", weight: 2, fillColor: "#74c0fc", fillOpacity: 0.25,
                 dashArray: null},
    highlightGrid: function (state) {
      if (!state.grids) { return; }
      var self = this;
      state.grids.then(function (layer) {
        layer.eachLayer(function (grid) {
          var here = grid.feature.properties.code === state.gridCode;
          grid.setStyle(here ? self.HERE_STYLE : self.GRID_STYLE);
          if (here && state.fitGrid) {
            state.fitGrid = false;
            state.map.fitBounds(grid.getBounds(), {maxZoom: self.TAP_ZOOM, padding: [16, 16],
                                                   animate: false});
          }
        });
      }).catch(function () { /* no grid layer: the pin still shows */ });
    },
    /* A locate button on the map itself (under the zoom buttons), for one-handed use. */
    locateControl: function (map, label, onClick) {
      var Control = L.Control.extend({
        options: {position: "topleft"},
        onAdd: function () {
          var bar = L.DomUtil.create("div", "leaflet-bar map-locate");
          var button = L.DomUtil.create("button", "", bar);
          button.type = "button";
          button.textContent = label;
          button.title = label;
          L.DomEvent.disableClickPropagation(bar);
          L.DomEvent.on(button, "click", function (event) {
            L.DomEvent.preventDefault(event);
            onClick();
          });
          return bar;
        }
      });
      return new Control().addTo(map);
    },
    /* Every page's map calls this first: tiles, and with them the projection they need. */
    addTiles: function (map) {
      var tiles = tileSettings();
      if (tiles.crs === "gcj02" && map.options.crs.code !== "GCJ02") {
        var loaded = map._loaded, center = loaded && map.getCenter(), zoom = map.getZoom();
        map.options.crs = gcj02Crs();
        if (loaded) { map.setView(center, zoom, {reset: true}); } // draw again, shifted
      }
      if (tiles.url) {
        L.tileLayer(tiles.url, {attribution: tiles.attribution, maxZoom: 19}).addTo(map);
      }
    }
  };
})();
