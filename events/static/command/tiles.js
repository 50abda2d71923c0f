/* Grid boundaries by map tile, for a map of more grids than a browser holds (a province's
   100,000): the tiles in view and a ring around it, at the map's zoom (never below minZoom),
   each fetched once from /api/v1/grids/tiles/z/x/y. A grid crossing tile edges comes with
   every tile it touches: handlers.add(features) gets each grid once, handlers.remove(code)
   when the last tile holding it left the view, so the canvas keeps a few thousand grids,
   not the province. Tile keys follow the server's Web Mercator scheme on WGS84 coordinates
   (L.CRS.EPSG3857), whatever projection the map's base tiles need. */
window.govGridTiles = function (map, url, minZoom, handlers) {
  "use strict";

  const SIZE = 256;
  const MAX_ZOOM = 18;  // deeper tiles would hold a grid or two each; these are detailed enough
  const tiles = new Map();  // key → "loading" | the codes of its grids
  const holders = {};  // code → how many loaded tiles hold the grid
  let pending = 0;
  let waiting = [];

  function tileZoom() {
    return Math.min(MAX_ZOOM, Math.max(minZoom, Math.floor(map.getZoom())));
  }

  function wanted() {
    const z = tileZoom();
    const view = map.getBounds().pad(0.15);
    const nw = L.CRS.EPSG3857.latLngToPoint(view.getNorthWest(), z).divideBy(SIZE).floor();
    const se = L.CRS.EPSG3857.latLngToPoint(view.getSouthEast(), z).divideBy(SIZE).floor();
    const keys = new Set();
    for (let x = nw.x; x <= se.x; x++) {
      for (let y = nw.y; y <= se.y; y++) { keys.add(z + "/" + x + "/" + y); }
    }
    return keys;
  }

  function settled() {
    if (pending) { return; }
    waiting.forEach((resolve) => resolve());
    waiting = [];
  }

  async function load(key) {
    tiles.set(key, "loading");
    pending += 1;
    try {
      const response = await fetch(url.replace(/0\/0\/0$/, key), {credentials: "same-origin"});
      if (!response.ok) { throw new Error(response.status + " " + key); }
      const data = await response.json();
      // Dropped while on its way (the map moved on): not drawn.
      if (tiles.get(key) === "loading") { loaded(key, data.features); }
    } catch (error) {
      tiles.delete(key);  // asked for again at the next move
    } finally {
      pending -= 1;
      settled();
    }
  }

  function loaded(key, features) {
    const codes = features.map((feature) => feature.properties.code);
    tiles.set(key, codes);
    handlers.add(features.filter((feature) => !holders[feature.properties.code]));
    codes.forEach((code) => { holders[code] = (holders[code] || 0) + 1; });
  }

  function drop(key) {
    const codes = tiles.get(key);
    tiles.delete(key);
    if (codes === "loading") { return; }
    codes.forEach((code) => {
      holders[code] -= 1;
      if (!holders[code]) { delete holders[code]; handlers.remove(code); }
    });
  }

  /* Fetch what came into view, drop what left it (and everything below minZoom). */
  function update() {
    const keys = map.getZoom() >= minZoom ? wanted() : new Set();
    Array.from(tiles.keys()).filter((key) => !keys.has(key)).forEach(drop);
    keys.forEach((key) => { if (!tiles.has(key)) { load(key); } });
  }

  return {
    update,
    /* Forget every tile, telling no one: the caller threw its grids away. */
    reset: () => {
      tiles.clear();
      Object.keys(holders).forEach((code) => { delete holders[code]; });
    },
    /* Resolves once no tile is on its way. */
    ready: () => (pending ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve()),
  };
};
