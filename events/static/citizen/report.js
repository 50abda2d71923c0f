/* Citizen report form, enhanced. The page is a plain form that works without this script
   (category select, latitude/longitude fields); this adds the category picker with search,
   the map with the grids, "use my location", the duplicate check, the registered components
   near the pin to pick from, and photo previews. Anything
   that fails here (geolocation denied, tiles unreachable, no network) leaves the plain form
   usable. Text comes translated from the page (json_script "citizen-config"). */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) { return; }
  var config = JSON.parse(document.getElementById("citizen-config").textContent);
  var categories = JSON.parse(document.getElementById("citizen-categories").textContent);
  var T = config.text;
  var select = form.elements.subcategory, lat = form.elements.lat, lon = form.elements.lon;
  var componentInput = form.elements.component;
  var subsByCode = {};
  var state = {map: null, marker: null, grids: null, gridCode: null, lookup: 0, dupes: 0,
               address: 0, components: 0, picked: ""};

  form.noValidate = true; // our own checks below say what is missing, in words
  categories.forEach(function (c) {
    c.subs.forEach(function (s) { s.category = c; subsByCode[s.code] = s; });
  });

  function $(id) { return document.getElementById(id); }
  function fmt(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (m, key) { return values[key]; });
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; } // never innerHTML: user text
    return node;
  }
  function getJSON(url) {
    return fetch(url, {headers: {Accept: "application/json"}}).then(function (r) {
      if (r.ok) { return r.json(); }
      var e = new Error(r.status);
      e.status = r.status;
      // The answer's body says more (the grid lookup: outside the district or between grids).
      return r.json().catch(function () { return null; }).then(function (body) {
        e.body = body;
        throw e;
      });
    });
  }

  // A spot outside the district is told plainly and needs the box ticked before sending.
  function outsideDistrict(outside) {
    $("outside-confirm").hidden = !outside;
    if (!outside) { $("confirm-outside").checked = false; }
  }

  // --- what: two-level picker with search over names, synonyms and descriptions ------------
  var search = $("picker-search"), results = $("picker-results"), tiles = $("picker-categories");
  var subsBox = $("picker-subs"), subsList = $("picker-subs-list"), chosen = $("picker-chosen");

  function choiceButton(sub, showCategory) {
    var li = el("li"), button = el("button", "choice");
    button.type = "button";
    button.dataset.code = sub.code;
    button.appendChild(el("strong", "", sub.name));
    if (showCategory) { button.appendChild(el("span", "cat", sub.category.name)); }
    button.appendChild(el("span", "desc", sub.description));
    button.addEventListener("click", function () { choose(sub.code); });
    li.appendChild(button);
    return li;
  }

  function showTiles() {
    subsBox.hidden = true; results.hidden = true; chosen.hidden = true;
    tiles.hidden = false; search.hidden = false;
  }

  function showCategory(category) {
    tiles.hidden = true; results.hidden = true;
    $("picker-subs-title").textContent = category.name;
    subsList.replaceChildren.apply(subsList, category.subs.map(function (s) {
      return choiceButton(s, false);
    }));
    subsBox.hidden = false;
    subsBox.scrollIntoView({block: "nearest"});
  }

  function choose(code) {
    select.value = code;
    renderChosen();
    checkDuplicates();
    checkComponents();
  }

  function renderChosen() {
    var sub = subsByCode[select.value];
    if (!sub) { showTiles(); return; }
    $("chosen-path").textContent = sub.category.name + " › " + sub.name;
    $("chosen-description").textContent = sub.description;
    tiles.hidden = true; subsBox.hidden = true; results.hidden = true; search.hidden = true;
    chosen.hidden = false;
  }

  categories.forEach(function (category) {
    var tile = el("button", "tile", category.name);
    tile.type = "button";
    tile.addEventListener("click", function () { showCategory(category); });
    tiles.appendChild(tile);
  });

  search.addEventListener("input", function () {
    var terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    if (!terms.length) { results.hidden = true; tiles.hidden = false; return; }
    var found = [];
    categories.forEach(function (c) {
      c.subs.forEach(function (s) {
        var text = s.search + " " + c.name.toLowerCase();
        if (terms.every(function (t) { return text.indexOf(t) >= 0; })) { found.push(s); }
      });
    });
    results.replaceChildren.apply(results, found.slice(0, 12).map(function (s) {
      return choiceButton(s, true);
    }));
    if (!found.length) { results.appendChild(el("li", "hint", T.noMatch)); }
    results.hidden = false; tiles.hidden = true; subsBox.hidden = true;
  });
  $("picker-back").addEventListener("click", showTiles);
  $("picker-change").addEventListener("click", function () {
    select.value = "";
    search.value = "";
    showTiles();
    hideDuplicates();
    hideComponents();
    search.focus();
  });
  renderChosen();

  // --- where: map, pin, "use my location", which grid the pin is in ------------------------
  var status = $("location-status");

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("error", !!isError);
  }

  function place(latlng, fromInputs, keepComponent) {
    if (!keepComponent && state.picked && componentInput.value === state.picked) {
      componentInput.value = ""; // the pin moved off the component picked from the list
      state.picked = "";
    }
    if (!fromInputs) {
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
    }
    if (state.map) {
      if (state.marker) {
        state.marker.setLatLng(latlng);
      } else {
        state.marker = L.marker(latlng, {draggable: true, autoPan: true}).addTo(state.map);
        state.marker.on("dragend", function () { place(state.marker.getLatLng()); });
      }
    }
    lookupGrid();
    lookupAddress();
    checkDuplicates();
    checkComponents();
  }

  // The standard address nearest the pin, shown, and taken as the address unless the person
  // wrote one of their own.
  var addressInput = form.elements.address, nearestLine = $("nearest-address");
  var autoAddress = !addressInput.value;
  addressInput.addEventListener("input", function () { autoAddress = !addressInput.value; });
  function lookupAddress() {
    var ticket = ++state.address;
    getJSON("/api/v1/addresses/nearest?lat=" + encodeURIComponent(lat.value) +
            "&lon=" + encodeURIComponent(lon.value))
      .then(function (found) {
        if (ticket !== state.address) { return; }
        nearestLine.textContent = fmt(T.nearest, {address: found.text});
        if (autoAddress) { addressInput.value = found.text; }
      })
      .catch(function () {
        if (ticket !== state.address) { return; }
        nearestLine.textContent = "";
        if (autoAddress) { addressInput.value = ""; }
      });
  }

  // Searching an address moves the pin there: quicker than panning the map for many people.
  window.Combobox($("address-search"), $("address-search-list"), {
    minLength: 2,
    source: function (q) {
      return getJSON("/api/v1/addresses/?q=" + encodeURIComponent(q))
        .then(function (data) { return data.results; });
    },
    label: function (a) { return a.text; },
    pick: function (a) {
      $("address-search").value = a.text;
      var here = {lat: a.lat, lng: a.lon};
      if (state.map) { state.map.setView(here, 18); }
      place(here);
    }
  });

  function lookupGrid() {
    var ticket = ++state.lookup;
    getJSON("/api/v1/grids/lookup?lat=" + encodeURIComponent(lat.value) +
            "&lon=" + encodeURIComponent(lon.value))
      .then(function (data) {
        if (ticket !== state.lookup) { return; }
        var names = data.path.slice(1).map(function (r) { return r.name; });
        say(fmt(T.inside, {place: names.join(" › ")}));
        outsideDistrict(false);
        state.gridCode = data.grid_code;
        highlightGrid();
      })
      .catch(function (error) {
        if (ticket !== state.lookup) { return; }
        if (error.status === 404) {
          say(error.body && error.body.outside_district ? T.outsideDistrict : T.outside, true);
          outsideDistrict(!!(error.body && error.body.outside_district));
        }
        state.gridCode = null;
        highlightGrid();
      });
  }

  // Close in, the grid the pin is in is shaded: without map tiles it is the only landmark.
  var GRID = window.govMap.GRID_STYLE;
  function highlightGrid() { window.govMap.highlightGrid(state); }

  function drawRegions(map, level, style) {
    return getJSON("/api/v1/grids/geojson?level=" + level).then(function (data) {
      return L.geoJSON(data, {style: style, interactive: false}).addTo(map);
    });
  }

  window.citizenMap = function (map) {
    state.map = map;
    window.citizenReport = {map: map}; // a handle for the browser tests and for debugging
    window.govMap.addTiles(map);
    // The map is the way in now; the fields stay for the curious, and stay open when the
    // server found something wrong with them.
    if (!$("coords").hasAttribute("data-keep-open")) { $("coords").open = false; }
    var start = {center: map.getCenter(), zoom: map.getZoom()};
    drawRegions(map, "community", {color: "#1864ab", weight: 2, fillOpacity: 0.04})
      .then(function (layer) {
        // Show the whole district, unless the person already moved the map or set a pin.
        var untouched = map.getZoom() === start.zoom && map.getCenter().equals(start.center);
        if (untouched && !state.marker && layer.getLayers().length) {
          // Not animated: a move the person starts meanwhile must not be undone at its end.
          map.fitBounds(layer.getBounds(), {animate: false});
        }
      })
      .catch(function () { /* no grids to draw: the pin still works */ });
    map.on("zoomend", function () {
      if (map.getZoom() >= 15 && !state.grids) {
        state.grids = drawRegions(map, "grid", GRID);
        highlightGrid();
      }
    });
    map.on("click", function (e) {
      window.govMap.zoomTo(map, e.latlng);
      place(e.latlng);
    });
    window.govMap.locateControl(map, T.locate, locateMe);
    if (lat.value && lon.value && isFinite(+lat.value) && isFinite(+lon.value)) {
      var here = {lat: +lat.value, lng: +lon.value};
      place(here, true);
      map.setView(here, 17);
    }
  };

  function coordsTyped() {
    if (lat.value && lon.value && isFinite(+lat.value) && isFinite(+lon.value)) {
      var here = {lat: +lat.value, lng: +lon.value};
      place(here, true);
      if (state.map) { state.map.setView(here, Math.max(state.map.getZoom(), 16)); }
    }
  }
  lat.addEventListener("change", coordsTyped);
  lon.addEventListener("change", coordsTyped);

  // The button above the map and the one on it: the pin goes where the device is, with the
  // grids around it drawn (no tiles here may be all there is to see); if the device cannot
  // or may not tell, the person is told why and what to do instead.
  function locateMe() { window.govMap.locateForm(state, place, say, T); }
  $("locate").addEventListener("click", locateMe);

  // --- possible duplicates: the same problem already reported close by --------------------
  var dupes = $("duplicates"), dupeList = $("duplicates-list");

  function hideDuplicates() { dupes.hidden = true; dupeList.replaceChildren(); }

  function checkDuplicates() {
    if (!select.value || !lat.value || !lon.value) { hideDuplicates(); return; }
    var ticket = ++state.dupes;
    getJSON("/report/duplicates?subcategory=" + encodeURIComponent(select.value) +
            "&lat=" + encodeURIComponent(lat.value) + "&lon=" + encodeURIComponent(lon.value))
      .then(function (data) {
        if (ticket !== state.dupes) { return; }
        if (!data.cases.length) { hideDuplicates(); return; }
        $("duplicates-title").textContent = T.duplicates;
        dupeList.replaceChildren.apply(dupeList, data.cases.map(duplicateItem));
        dupes.hidden = false;
      })
      .catch(hideDuplicates);
  }

  function duplicateItem(c) {
    var li = el("li", "dup-item");
    var meta = el("p", "meta");
    meta.appendChild(el("span", "number", c.tracking_number));
    meta.appendChild(el("span", "status status-" + c.status, c.status_display));
    meta.appendChild(el("span", "", fmt(T.metres, {n: c.distance_m})));
    meta.appendChild(el("span", "", fmt(T.voices, {n: c.me_too_count + 1})));
    li.appendChild(meta);
    // The public view of a case: its kind and when, never the reporter's words.
    li.appendChild(el("p", "desc", c.subcategory + " · " +
      new Date(c.reported_at).toLocaleString(document.documentElement.lang || undefined,
        {month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit"})));
    var button = el("button", "primary wide me-too", T.meToo);
    button.type = "submit";
    button.name = "tracking_number";
    button.value = c.tracking_number;
    button.setAttribute("form", "me-too-form");
    li.appendChild(button);
    return li;
  }

  // --- components: the registered cover, lamp post or hydrant the report is about ----------
  // Picking one moves the pin onto it, so the report is routed to its owner.
  var components = $("components"), componentList = $("components-list");

  function hideComponents() { components.hidden = true; componentList.replaceChildren(); }

  function checkComponents() {
    var sub = subsByCode[select.value];
    if (!sub || !sub.components || !lat.value || !lon.value) { hideComponents(); return; }
    var ticket = ++state.components;
    getJSON("/api/v1/components/nearest?subcategory=" + encodeURIComponent(select.value) +
            "&lat=" + encodeURIComponent(lat.value) + "&lon=" + encodeURIComponent(lon.value))
      .then(function (data) {
        if (ticket !== state.components) { return; }
        if (!data.components.length) { hideComponents(); return; }
        var kind = data.components[0].kind;
        $("components-title").textContent = fmt(T.nearbyComponents, {
          what: /井盖$/.test(kind) ? "井盖" : kind});
        componentList.replaceChildren.apply(componentList, data.components.map(componentItem));
        components.hidden = false;
      })
      .catch(hideComponents);
  }

  function componentItem(c) {
    var li = el("li"), button = el("button", "choice component");
    button.type = "button";
    button.dataset.code = c.code;
    button.setAttribute("aria-pressed", String(componentInput.value === c.code));
    button.appendChild(el("strong", "", c.kind));
    button.appendChild(el("span", "desc", c.code + " · " + c.owner + " · " +
                                          fmt(T.metres, {n: Math.round(c.distance_m)})));
    button.addEventListener("click", function () {
      componentInput.value = state.picked = c.code;
      place({lat: c.lat, lng: c.lon}, false, true);
      if (state.map) { state.map.panTo([c.lat, c.lon]); }
    });
    li.appendChild(button);
    return li;
  }

  // --- describe: a character count instead of a hard cut-off, so nothing typed is lost ----
  var description = $("description"), counter = $("description-count");
  function count() {
    counter.textContent = fmt(T.chars, {n: description.value.length});
    counter.classList.toggle("error", description.value.length > 2000);
  }
  description.addEventListener("input", count);
  count();

  // --- photos: previews, and the count and size checked before a long upload --------------
  var photos = $("photos"), previews = $("photo-previews"), photoStatus = $("photo-status");
  function checkPhotos() {
    var files = Array.prototype.slice.call(photos.files), problems = [];
    previews.replaceChildren();
    if (files.length > config.photoMaxCount) {
      problems.push(fmt(T.tooMany, {count: config.photoMaxCount}));
    }
    files.forEach(function (file) {
      if (file.size > config.photoMaxBytes) {
        problems.push(fmt(T.tooBig, {name: file.name,
                                     limit: Math.round(config.photoMaxBytes / 1048576)}));
      }
      var img = el("img", "thumb");
      img.alt = file.name;
      img.src = URL.createObjectURL(file);
      previews.appendChild(img);
    });
    photoStatus.textContent = problems.join(" ");
    return !problems.length;
  }
  photos.addEventListener("change", checkPhotos);

  // --- send --------------------------------------------------------------------------------
  // Each problem beside its field (aria-invalid, aria-describedby), summed up at the top as
  // the server's answer would be, and the first one focused (static/form-errors.js).
  function clearErrors() {
    form.querySelectorAll("[aria-invalid=true]").forEach(function (field) {
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
    });
    form.querySelectorAll(".field-error").forEach(function (slot) {
      slot.textContent = ""; slot.hidden = true;
    });
    var old = document.querySelector(".error-summary");
    if (old) { old.remove(); }
  }
  function showErrors(problems) {
    var summary = el("div", "error-summary"), list = el("ul");
    summary.setAttribute("role", "alert");
    summary.appendChild(el("h2", "", T.summary));
    problems.forEach(function (problem) {
      var name = problem[0], field = $(name), slot = $(name + "-error");
      slot.textContent = problem[1]; slot.hidden = false;
      if (field.closest("details")) { field.closest("details").open = true; } // never folded away
      [field, name === "subcategory" ? search : null].forEach(function (node) {
        if (!node) { return; }
        node.setAttribute("aria-invalid", "true");
        node.setAttribute("aria-describedby", name + "-error");
      });
      var link = el("a", "", problem[1]);
      link.href = "#" + name;
      list.appendChild(el("li")).appendChild(link);
    });
    summary.appendChild(list);
    form.parentNode.insertBefore(summary, form);
    window.formErrors.focusField($(problems[0][0]));
  }
  form.addEventListener("submit", function (event) {
    var problems = [];
    clearErrors();
    if (!select.value) { problems.push(["subcategory", T.needWhat]); }
    var located = (lat.value && lon.value) || form.elements.use_photo_location.checked;
    if (!located) { problems.push(["lat", T.needWhere]); }
    if (!$("outside-confirm").hidden && !$("confirm-outside").checked) {
      problems.push(["lat", T.confirmOutside]);
    }
    if (!description.value.trim()) { problems.push(["description", T.needDescription]); }
    if (!checkPhotos()) { problems.push(["photos", photoStatus.textContent]); }
    if (problems.length) {
      event.preventDefault();
      showErrors(problems);
      return;
    }
    $("submit").disabled = true; // one tap, one report
  });
  window.addEventListener("pageshow", function () { $("submit").disabled = false; });
})();
