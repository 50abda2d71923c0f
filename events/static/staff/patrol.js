/* The patrol report: the citizen form's way of choosing a problem (a search over names and
   synonyms, combobox.js) and of placing it: a tap zooms in and sets a pin that can be
   dragged, "定位" puts it where the device is, and each move fills the coordinates, names the
   grid and the nearest standard address. Around the pin the grids are drawn, the worker's
   own shaded, so the map says something without tiles. Without this script the page is a
   plain form with a select and coordinate fields. django-leaflet calls window.patrolMap. */
(function () {
  "use strict";
  var form = document.getElementById("patrol-form");
  if (!form) { return; }
  var T = JSON.parse(document.getElementById("patrol-config").textContent).text;
  var categories = JSON.parse(document.getElementById("patrol-categories").textContent);
  var select = form.elements.subcategory, lat = form.elements.lat, lon = form.elements.lon;
  var address = form.elements.address, autoAddress = !address.value;
  var state = {map: null, marker: null, grids: null, gridCode: null, fitGrid: false,
               lookup: 0, nearest: 0};

  function $(id) { return document.getElementById(id); }
  function fmt(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (m, key) { return values[key]; });
  }
  function getJSON(url) {
    return fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
  }
  function say(text, isError) {
    $("location-status").textContent = text;
    $("location-status").classList.toggle("error", !!isError);
  }

  // --- what: search the 133 subcategories by name, synonym and description ------------------
  var subs = window.Combobox.subcategories(categories);
  var search = $("subcategory-search"), status = $("subcategory-status");
  function pathOf(s) { return s.category.name + " › " + s.name; }
  function showChosen() {
    var sub = subs.filter(function (s) { return s.code === select.value; })[0];
    status.textContent = sub ? fmt(T.chosen, {path: pathOf(sub)}) : "";
    if (sub && !search.value) { search.value = pathOf(sub); }
  }
  window.Combobox(search, $("subcategory-list"), {
    source: function (q) { return subs.search(q); },
    label: pathOf,
    detail: function (s) { return s.description; },
    edited: function () { select.value = ""; showChosen(); },
    pick: function (s) { select.value = s.code; search.value = pathOf(s); showChosen(); }
  });
  showChosen();
  address.addEventListener("input", function () { autoAddress = !address.value; });

  form.noValidate = true; // the select is hidden behind the search: say what is missing
  form.addEventListener("submit", function (event) {
    if (!select.value) {
      event.preventDefault();
      status.textContent = T.needWhat;
      search.focus();
    }
  });

  // --- where ---------------------------------------------------------------------------------
  function lookup() {
    var query = "lat=" + encodeURIComponent(lat.value) + "&lon=" + encodeURIComponent(lon.value);
    var ticket = ++state.lookup;
    getJSON("/api/v1/grids/lookup?" + query).then(function (data) {
      if (ticket !== state.lookup) { return; }
      say(fmt(T.inside, {place: data.path.slice(1).map(function (r) { return r.name; })
                                  .join(" › ")}));
      state.gridCode = data.grid_code;
      highlightGrid();
    }).catch(function () {
      if (ticket !== state.lookup) { return; }
      say(T.outside, true);
      state.gridCode = null;
      highlightGrid();
    });
    var mine = ++state.nearest;
    getJSON("/api/v1/addresses/nearest?" + query).then(function (found) {
      if (mine !== state.nearest) { return; }
      $("nearest-address").textContent = fmt(T.nearest, {address: found.text});
      if (autoAddress) { address.value = found.text; }
    }).catch(function () {
      if (mine === state.nearest) { $("nearest-address").textContent = ""; }
    });
  }

  function place(latlng) {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    if (state.marker) {
      state.marker.setLatLng(latlng);
    } else if (state.map) {
      state.marker = L.marker(latlng, {draggable: true, autoPan: true}).addTo(state.map);
      state.marker.on("dragend", function () { place(state.marker.getLatLng()); });
    }
    lookup();
  }

  function locateMe() { window.govMap.locateForm(state, place, say, T); }
  $("locate").addEventListener("click", locateMe);

  // Every grid's boundary once zoomed in (the worker may stand outside their own grids), the
  // pin's grid shaded; after 定位 the view shows that whole grid: without tiles its edges are
  // the only landmarks.
  var GRID = window.govMap.GRID_STYLE;
  function drawGrids(map) {
    state.grids = getJSON("/api/v1/grids/geojson?level=grid").then(function (data) {
      var layer = L.geoJSON(data, {interactive: false, style: GRID}).addTo(map);
      layer.bringToBack();
      return layer;
    });
    state.grids.catch(function () { state.grids = null; });
    highlightGrid();
  }
  function highlightGrid() { window.govMap.highlightGrid(state); }

  window.patrolMap = function (map) {
    state.map = map;
    window.patrolReport = {map: map}; // a handle for the browser tests and for debugging
    window.govMap.addTiles(map);
    var grids = JSON.parse($("my-grids").textContent);
    var own = L.geoJSON({type: "GeometryCollection", geometries: grids},
                        {style: {color: "#1c7ed6", weight: 2, fillOpacity: 0.08}}).addTo(map);
    window.govMap.settle(map, grids.length ? own : null);
    window.govMap.locateControl(map, T.locate, locateMe);
    map.on("zoomend", function () {
      if (map.getZoom() >= 15 && !state.grids) { drawGrids(map); }
    });
    map.on("click", function (e) {
      window.govMap.zoomTo(map, e.latlng);
      place(e.latlng);
    });
    if (lat.value && lon.value && isFinite(+lat.value) && isFinite(+lon.value)) {
      var here = L.latLng(+lat.value, +lon.value);
      place(here);
      map.setView(here, window.govMap.TAP_ZOOM);
    }
  };
})();
