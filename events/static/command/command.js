/* The command centre's live map: grids coloured by heat, community and street boundaries,
   open cases (per grid when zoomed out, one by one from zoom 15), and the panel beside it.
   Everything is refreshed in place every data-poll-seconds, without reloading the page.

   A province (data-grid-tiles): its 100,000 grids are more than a browser holds, so zoomed
   out the map colours communities and counts open cases per community; from data-grid-zoom
   (where a grid is a few pixels wide) it colours the grids of the tiles in view (tiles.js)
   and shows the open cases one by one. */
(function () {
  "use strict";

  const P = window.govPanel;
  const C = window.govChoropleth;
  const T = P.T;
  const root = document.getElementById("command");
  const form = document.getElementById("filters");
  const URLS = JSON.parse(document.getElementById("command-urls").textContent);
  const CASE_ZOOM = Number(root.dataset.caseZoom) || 15;
  const POLL_SECONDS = Math.max(2, Number(root.dataset.pollSeconds) || 30);
  const CASE_LIMIT = 2000;
  const SUPERVISION_COLOURS = {red: "#e03131", yellow: "#f59f00"};
  const OPEN_COLOUR = "#1971c2";
  const TILED = root.dataset.gridTiles === "1";
  const GRID_ZOOM = Number(root.dataset.gridZoom) || 0;
  const OUTLINE_ZOOM = Number(root.dataset.outlineZoom) || 0;  // grids.tiles.grid_map_scale

  const state = {
    map: null, run: 0, timer: null, grids: null, layers: {}, counts: {}, values: {}, breaks: [],
    streets: null, open: null, openMode: null, legend: null, renderers: {},
    heatLevel: null, f: null, tiles: null, outlines: {},
  };

  /* What the heat layer colours at the map's zoom. */
  function heatLevel() {
    return TILED && state.map.getZoom() < GRID_ZOOM ? "community" : "grid";
  }

  /* From this zoom the open cases come one by one (a province's: as soon as grids show). */
  function caseZoom() {
    return TILED ? Math.min(CASE_ZOOM, GRID_ZOOM) : CASE_ZOOM;
  }

  // --- fetching ---------------------------------------------------------------------------

  async function getJSON(url, query) {
    const response = await fetch(url + (query ? "?" + query : ""), {
      credentials: "same-origin",
      headers: {Accept: "application/json", "Accept-Language": document.documentElement.lang},
    });
    if (!response.ok) { throw new Error(response.status + " " + url); }
    return response.json();
  }

  /* {a: "1", b: ["x", "y"], c: ""} → "a=1&b=x&b=y": empty values are left out. */
  function query(values) {
    const search = new URLSearchParams();
    Object.entries(values).forEach(([key, value]) => {
      [].concat(value).forEach((one) => { if (one !== "" && one !== null) { search.append(key, one); } });
    });
    return search.toString();
  }

  function filters() {
    const data = new FormData(form);
    return {window: data.get("window"), category: data.get("category"),
            street: data.get("street"), status: data.get("status"), measure: data.get("measure") || "count"};
  }

  /* The filters live in the address too, so that "back" from a case page restores them. */
  function restoreFilters() {
    const search = new URLSearchParams(window.location.search);
    Array.from(form.elements).forEach((select) => {
      const value = search.get(select.name);
      if (value !== null && Array.from(select.options).some((o) => o.value === value)) { select.value = value; }
    });
  }

  function rememberFilters(f) {
    const search = new URLSearchParams(window.location.search);
    Object.entries(f).forEach(([key, value]) => { if (value) { search.set(key, value); } else { search.delete(key); } });
    window.history.replaceState(null, "", "?" + search.toString());
  }

  /* Leaflet puts string content in as HTML: names from the API go in as text nodes instead. */
  function text(value) {
    return P.el("span", null, value);
  }

  // --- heat -------------------------------------------------------------------------------

  /* The label of a filter's option ("" for none). */
  function optionText(name, value) {
    const option = value && form.elements[name].querySelector("option[value='" + value + "']");
    return option ? option.textContent : "";
  }

  /* Grids outside the chosen street fade; zoomed in, the colours step back behind the cases.
     Communities get no line of their own: their outlines are drawn over them. */
  function gridStyle(code, f) {
    const inStreet = !f.street || code.startsWith(f.street);
    const opacity = state.map.getZoom() >= caseZoom() ? 0.45 : 0.72;
    return {fillColor: C.colourOf(state.values[code], state.breaks), fillOpacity: inStreet ? opacity : 0.12,
            color: "#495057", opacity: inStreet ? 0.5 : 0.15, weight: 0.5, stroke: state.heatLevel !== "community"};
  }

  function restyleGrids(f) {
    Object.entries(state.layers).forEach(([code, layer]) => layer.setStyle(gridStyle(code, f)));
  }

  /* Up to a district's size each grid is an SVG path (a DOM node to style and test); a city's
     tens of thousands are painted on one canvas, which Leaflet still makes clickable. */
  const SVG_GRIDS = 5000;

  /* Built already coloured: restyling 20,000 layers afterwards would paint them twice. A
     community (a province zoomed out) is not a grid: a click zooms in on its grids. */
  function regionLayer(renderer) {
    if (state.grids) { state.grids.remove(); }
    state.layers = {};
    return L.geoJSON(null, {
      style: (feature) => ({...gridStyle(feature.properties.code, state.f), className: "grid-cell"}),
      renderer,
      onEachFeature: (feature, layer) => {
        const code = feature.properties.code;
        state.layers[code] = layer;
        layer.bindTooltip(() => text(gridTooltip(feature.properties.name, code)), {sticky: true});
        layer.on("click", (event) => (state.heatLevel === "community"
          ? state.map.fitBounds(layer.getBounds(), {animate: false})
          : gridPopup(code, event.latlng)));
      },
    }).addTo(state.map);
  }

  function buildGrids(data) {
    state.grids = regionLayer(TILED ? state.renderers.tiles
      : data.features.length > SVG_GRIDS ? L.canvas({padding: 0.2}) : undefined);
    state.grids.addData(data);
  }

  /* The grids of the tiles in view come and go (tiles.js). */
  const tileGrids = {
    add: (features) => {
      state.grids.addData(features);
      root.dataset.heatRegions = Object.keys(state.layers).length;
    },
    remove: (code) => {
      state.grids.removeLayer(state.layers[code]);
      delete state.layers[code];
    },
  };

  function sameGrids(features) {
    return features.length === Object.keys(state.layers).length
      && features.every((feature) => feature.properties.code in state.layers);
  }

  /* The heat answer carries the counts only (geometry null); the boundaries come from the
     grid GeoJSON, which the browser keeps and revalidates (304 until a new generation), and
     are fetched again only when the set of grids changed. Grids outside the caller's scope
     are not in the heat answer and are left out. */
  function gridShapes() {
    return getJSON(URLS.boundaries, query({level: "grid"}));
  }

  /* "name · 12", and with a per-capita colouring "name · 12 · 每千人案件 3.4". */
  function gridTooltip(name, code) {
    const parts = [name, P.number(state.counts[code] || 0)];
    if (state.measure !== "count") {
      const value = state.values[code];
      parts.push(optionText("measure", state.measure) + " " + (value === null || value === undefined ? "—" : value.toFixed(1)));
    }
    return parts.join(" · ");
  }

  function takeValues(data, f) {
    state.counts = {};
    state.values = {};
    state.measure = f.measure;
    state.f = f;
    data.features.forEach((feature) => {
      state.counts[feature.properties.code] = feature.properties.count;
      state.values[feature.properties.code] = feature.properties.value;
    });
    state.breaks = C.classBreaks(Object.values(state.values), 5);
  }

  /* A province: communities (outlines simplified for the zoom) or the grids of the tiles in
     view; the grid answer lists only the grids with cases (nonzero), the rest count zero. */
  async function refreshTiledHeat(f, run) {
    const level = heatLevel();
    const params = {window: f.window, category: f.category, level, geometry: "false",
                    measure: f.measure, nonzero: level === "grid" ? "true" : ""};
    const shapes = level === "community" && state.heatLevel !== level
      ? getJSON(URLS.boundaries, query({level, zoom: OUTLINE_ZOOM})) : null;
    const data = await getJSON(URLS.heat, query(params));
    const all = shapes && await shapes;
    if (run !== state.run) { return; }
    takeValues(data, f);
    if (state.heatLevel === level) {
      restyleGrids(f);
    } else if (level === "community") {
      state.heatLevel = level;
      state.tiles.reset();
      buildGrids({type: "FeatureCollection", features: all.features.filter((feature) => feature.properties.code in state.counts)});
    } else {
      state.heatLevel = level;
      state.grids = regionLayer(state.renderers.tiles);
      state.tiles.update();
    }
    showLegend(f);
    root.dataset.heatLevel = level;
    root.dataset.heatRegions = Object.keys(state.layers).length;
  }

  async function refreshHeat(f, run) {
    if (TILED) { return refreshTiledHeat(f, run); }
    const params = {window: f.window, category: f.category, level: "grid", geometry: "false", measure: f.measure};
    const first = state.grids ? null : gridShapes();  // on the first load, side by side
    const data = await getJSON(URLS.heat, query(params));
    if (run !== state.run) { return; }
    const rebuild = !state.grids || !sameGrids(data.features);
    const all = rebuild ? await (first || gridShapes()) : null;
    if (run !== state.run) { return; }
    takeValues(data, f);
    state.heatLevel = "grid";
    if (rebuild) {
      buildGrids({type: "FeatureCollection", features: all.features.filter((feature) => feature.properties.code in state.counts)});
    } else {
      restyleGrids(f);
    }
    showLegend(f);
    root.dataset.heatLevel = "grid";
    root.dataset.heatRegions = data.features.length;
  }

  // --- legend -----------------------------------------------------------------------------

  function swatch(colour, text, shape) {
    return P.el("li", null, P.el("i", {className: "swatch " + (shape || ""), style: "background:" + colour}), text);
  }

  function showLegend(f) {
    const perCapita = f.measure !== "count";
    const title = P.fmt(perCapita ? T["heat_title_" + f.measure] : T.heat_title, {days: f.window})
      + (f.category ? " · " + optionText("category", f.category) : "");
    const rows = C.classes(state.breaks, perCapita ? T.no_residents : T.none, perCapita ? 1 : 0)
      .map((row) => swatch(row.colour, row.label));
    state.legend.getContainer().replaceChildren(
      P.el("h3", null, title), P.el("ul", {className: perCapita ? "classes rates" : "classes"}, rows),
      P.el("ul", {className: "markers"},
        swatch(SUPERVISION_COLOURS.red, T.red, "dot"), swatch(SUPERVISION_COLOURS.yellow, T.yellow, "dot"),
        swatch(OPEN_COLOUR, T.open_case, "dot"), swatch("#fff", T.overdue, "dot ring"),
        swatch(OPEN_COLOUR, heatLevel() === "community" ? T.community_cases : T.grid_cases, "dot big")));
  }

  function addLegend(map) {
    state.legend = L.control({position: "bottomright"});
    state.legend.onAdd = () => {
      const box = L.DomUtil.create("div", "legend");
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    state.legend.addTo(map);
  }

  // --- boundaries -------------------------------------------------------------------------

  async function drawBoundaries() {
    const styles = {community: {color: "#343a40", weight: 1, opacity: 0.55},
                    street: {color: "#1c2833", weight: 3.5, opacity: 0.9}};
    for (const level of ["community", "street"]) {
      const data = await getJSON(URLS.boundaries, query({level, zoom: TILED ? OUTLINE_ZOOM : ""}));
      const layer = L.geoJSON(data, {style: {...styles[level], fill: false, className: level + "-line"},
                                     pane: "boundaries", interactive: false,
                                     renderer: TILED ? state.renderers.outlines : undefined}).addTo(state.map);
      if (level === "street") { state.streets = layer; }
      if (level === "community") { layer.eachLayer((l) => { state.outlines[l.feature.properties.code] = l; }); }
    }
  }

  function fitStreet(code) {
    const target = state.streets && state.streets.getLayers().find((l) => l.feature.properties.code === code);
    const bounds = target ? target.getBounds() : state.grids && state.grids.getBounds();
    if (bounds && bounds.isValid()) { state.map.fitBounds(bounds, {animate: false}); }
  }

  // --- open cases -------------------------------------------------------------------------

  function caseMarker(c) {
    const colour = SUPERVISION_COLOURS[c.supervision] || OPEN_COLOUR;
    const marker = L.circleMarker([c.lat, c.lon], {
      renderer: state.renderers.cases, radius: c.supervision in SUPERVISION_COLOURS ? 8 : 6,
      fillColor: colour, fillOpacity: 0.9, color: c.overdue ? "#212529" : "#fff", weight: c.overdue ? 3 : 1.5,
    });
    marker.bindTooltip(() => text(c.tracking_number + " " + c.subcategory_name + " · "
      + (T.statuses[c.status] || c.status) + (c.overdue ? " · " + T.overdue : "")));
    marker.on("click", () => { window.location.href = P.caseLink(URLS.casePage, c.tracking_number); });
    return marker;
  }

  /* Area grows with the count; circles grow with the zoom, so that the dense old town stays
     readable zoomed out and the heat colours show between them. */
  function circleRadius(count, largest) {
    const scale = Math.min(1.5, Math.max(0.5, Math.pow(2, (state.map.getZoom() - 13) / 2)));
    return (2 + 9 * Math.sqrt(count / largest)) * scale;
  }

  function gridCircle(g, largest, renderer) {
    const colour = g.red ? SUPERVISION_COLOURS.red : g.yellow ? SUPERVISION_COLOURS.yellow : OPEN_COLOUR;
    const circle = L.circleMarker([g.lat, g.lon], {
      renderer, className: "open-grid", radius: circleRadius(g.count, largest),
      fillColor: colour, fillOpacity: 0.8, color: "#fff", weight: 1,
    });
    circle.resize = () => circle.setRadius(circleRadius(g.count, largest));
    const flags = [g.red ? T.red + " " + g.red : "", g.yellow ? T.yellow + " " + g.yellow : ""].filter(Boolean);
    if (g.community_code) {  // a province zoomed out: a community's circle leads to its grids
      circle.bindTooltip(() => text([P.fmt(T.community_count, {count: g.count}), ...flags].join(" · ")));
      circle.on("click", () => state.map.setView([g.lat, g.lon], GRID_ZOOM));
      return circle;
    }
    circle.bindTooltip(() => text([P.fmt(T.grid_count, {count: g.count}), ...flags].join(" · ")));
    circle.on("click", (event) => gridPopup(g.grid_code, event.latlng));
    return circle;
  }

  function bbox() {
    const b = state.map.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(6)).join(",");
  }

  async function loadOpen(f, zoomedIn) {
    const base = {category: f.category, street: f.street, status: f.status ? f.status.split(",") : []};
    const layer = L.layerGroup();
    if (zoomedIn) {
      const data = await getJSON(URLS.open, query({...base, bbox: bbox(), limit: CASE_LIMIT}));
      data.cases.forEach((c) => caseMarker(c).addTo(layer));
      const note = P.fmt(T.cases_shown, {count: P.number(data.cases.length)});
      return {layer, count: data.cases.length, note: data.truncated ? note + " " + P.fmt(T.truncated, {count: CASE_LIMIT}) : note};
    }
    const data = await getJSON(URLS.open, query({...base, level: TILED ? "community" : ""}));
    const largest = Math.max(1, ...data.grids.map((g) => g.count));
    const renderer = data.grids.length > SVG_GRIDS ? state.renderers.cases : state.renderers.grids;
    data.grids.forEach((g) => gridCircle(g, largest, renderer).addTo(layer));
    // Cases in no grid (outside the district, or between grids) one by one: no circle has them.
    (data.outside || []).forEach((c) => caseMarker(c).addTo(layer));
    return {layer, count: data.grids.length + (data.outside || []).length, note: P.fmt(T.open_total, {count: P.number(data.total)}) + " · " + T.zoom_hint};
  }

  async function refreshOpen(f, run) {
    const zoomedIn = state.map.getZoom() >= caseZoom();
    const result = await loadOpen(f, zoomedIn);
    if (run !== state.run) { return; }
    if (state.open) { state.open.remove(); }
    state.open = result.layer.addTo(state.map);
    if (state.openMode !== (zoomedIn ? "cases" : "grids")) { restyleGrids(f); }
    state.openMode = zoomedIn ? "cases" : "grids";
    root.dataset.openMode = state.openMode;
    root.dataset.markers = result.count;
    document.getElementById("map-status").textContent = result.note;
  }

  // --- grid card --------------------------------------------------------------------------

  async function gridPopup(code, latlng) {
    const popup = L.popup({maxWidth: 320, className: "grid-popup"}).setLatLng(latlng)
      .setContent(text(T.loading)).openOn(state.map);
    try {
      const f = filters();
      const url = URLS.grid.replace("CODE", encodeURIComponent(code));
      popup.setContent(P.gridCard(await getJSON(url, query({window: f.window, category: f.category})), URLS.casePage));
    } catch (error) {
      popup.setContent(text(P.fmt(T.failed, {error: error.message, seconds: POLL_SECONDS})));
    }
  }

  /* A province's grid may be in no tile loaded yet: zoom in on its community, then wait for
     the tiles there. */
  async function gridLayer(code) {
    const community = !state.layers[code] && TILED && state.outlines[code.slice(0, 12)];
    if (!community) { return state.layers[code]; }
    state.map.fitBounds(community.getBounds(), {animate: false, maxZoom: Math.max(GRID_ZOOM, state.map.getZoom())});
    for (let tries = 0; tries < 100 && !state.layers[code]; tries++) {
      await new Promise((resolve) => { setTimeout(resolve, 100); });
    }
    return state.layers[code];
  }

  async function pickGrid(code) {
    const layer = await gridLayer(code);
    if (!layer) { return; }
    if (window.matchMedia("(max-width: 720px)").matches) { togglePanel(false); }
    state.map.fitBounds(layer.getBounds(), {maxZoom: 16, animate: false});
    gridPopup(code, layer.getBounds().getCenter());
  }

  // --- panel ------------------------------------------------------------------------------

  async function refreshKpis(f, run) {
    const to = P.today();
    const from = P.daysBefore(to, Number(f.window) - 1);
    const data = await getJSON(URLS.kpi, query({group_by: f.street ? "street" : "department", from, to}));
    if (run !== state.run) { return; }
    const figures = f.street ? data.rows.find((row) => row.key === f.street) || null : data.total;
    const street = f.street ? form.elements.street.selectedOptions[0].textContent + " · " : "";
    Object.assign(document.getElementById("kpis").dataset, {from, to, groupBy: data.group_by});
    P.showKpis(figures, street + from.slice(5) + " – " + to.slice(5));
  }

  async function refreshLists(f, run) {
    const [overdue, hotspots] = await Promise.all([
      getJSON(URLS.cases, query({overdue: "true", ordering: "due_at", page_size: 20,
                                 category: f.category, region: f.street})),
      getJSON(URLS.hotspots, query({category: f.category})),
    ]);
    if (run !== state.run) { return; }
    P.showOverdue(overdue, URLS.casePage);
    P.showHotspots(hotspots.rows.filter((row) => !f.street || row.grid_code.startsWith(f.street)), pickGrid);
  }

  function togglePanel(open) {
    root.classList.toggle("panel-open", open);
    const button = document.getElementById("panel-toggle");
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? T.hide_panel : T.show_panel;
    if (state.map) { state.map.invalidateSize(); }
  }

  // --- refreshing -------------------------------------------------------------------------

  async function refresh() {
    clearTimeout(state.timer);
    const run = ++state.run;
    const f = filters();
    P.showCharts(query({window: f.window, category: f.category}), document.getElementById("kpi-metric").value);
    const results = await Promise.allSettled([refreshHeat(f, run), refreshOpen(f, run),
                                              refreshKpis(f, run), refreshLists(f, run)]);
    if (run !== state.run) { return; }
    const failure = results.find((r) => r.status === "rejected");
    document.getElementById("updated").textContent = failure
      ? P.fmt(T.failed, {error: failure.reason.message, seconds: POLL_SECONDS})
      : P.fmt(T.updated, {time: P.clock(Date.now(), true)});
    document.getElementById("updated").classList.toggle("error", Boolean(failure));
    root.dataset.refreshes = (Number(root.dataset.refreshes) || 0) + 1;
    state.timer = setTimeout(poll, POLL_SECONDS * 1000);
  }

  function poll() {
    // A hidden tab asks for nothing; it refreshes as soon as it is shown again.
    if (document.hidden) { return; }
    refresh();
  }

  function onFilterChange(event) {
    const f = filters();
    rememberFilters(f);
    if (event.target.name === "street") { fitStreet(f.street); }
    refresh();
  }

  let moveTimer = null, circleZoom = null;
  function onMove() {
    // Circles grow with the zoom only: a pan leaves them (1,000 of a province's) alone.
    if (state.openMode === "grids" && circleZoom !== state.map.getZoom()) { state.open.eachLayer((circle) => circle.resize()); }
    circleZoom = state.map.getZoom();
    if (TILED && heatLevel() !== state.heatLevel) {
      refreshHeat(filters(), state.run).catch(() => {});
    } else if (TILED && state.heatLevel === "grid") {
      state.tiles.update();
    }
    // Aggregates cover the whole region; single cases only the box in view.
    const zoomedIn = state.map.getZoom() >= caseZoom();
    if (!zoomedIn && state.openMode === "grids") { return; }
    clearTimeout(moveTimer);
    moveTimer = setTimeout(() => refreshOpen(filters(), state.run).catch(() => {}), 250);
  }

  function listen() {
    form.addEventListener("change", onFilterChange);
    document.getElementById("kpi-metric").addEventListener("change", () => {
      P.showCharts(query({window: filters().window, category: filters().category}), document.getElementById("kpi-metric").value);
    });
    document.getElementById("panel-toggle").addEventListener("click", () => togglePanel(!root.classList.contains("panel-open")));
    document.addEventListener("visibilitychange", () => { if (!document.hidden) { refresh(); } });
    state.map.on("moveend", onMove);
  }

  function setUp(map) {
    state.map = map;
    map.options.zoomSnap = 0.25;  // fit the region snugly on any screen
    map.createPane("boundaries").style.zIndex = 450;
    map.getPane("boundaries").style.pointerEvents = "none";
    map.createPane("openCases").style.zIndex = 620;
    state.renderers = {grids: L.svg({pane: "openCases"}), cases: L.canvas({pane: "openCases", padding: 0.2}),
                       tiles: L.canvas({padding: 0.2}), outlines: L.canvas({pane: "boundaries", padding: 0.2})};
    if (TILED) { state.tiles = window.govGridTiles(map, URLS.tile, GRID_ZOOM, tileGrids); }
    govMap.addTiles(map);
    addLegend(map);
  }

  window.commandMap = async function (map) {
    setUp(map);
    window.govCommand = {map, refresh};  // for the console of a wall screen, and for tests
    restoreFilters();
    togglePanel(window.matchMedia("(min-width: 721px)").matches);
    listen();
    await refresh();
    govMap.settle(map, state.grids);
    drawBoundaries().catch(() => {});
    if (filters().street) { fitStreet(filters().street); }
  };
})();
