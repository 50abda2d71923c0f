/* Grid boundaries by map tile, for a map of more grids than a browser holds (a province's
   100,000): the tiles in view and a ring around it, at the map's zoom (never below minZoom),
   each fetched once from /api/v1/grids/tiles/z/x/y and handed to handlers.add(key, features);
   tiles that left the view are handed to handlers.drop(key), so the canvas keeps a few
   thousand grids, not the province. Tile keys follow the server's Web Mercator scheme on
   WGS84 coordinates (L.CRS.EPSG3857), whatever projection the map's base tiles need. */
window.govGridTiles = function (map, url, minZoom, handlers) {
  "use strict";

  const SIZE = 256;
  const MAX_ZOOM = 18;  // deeper tiles would hold a grid or two each; these are detailed enough
  const tiles = new Map();  // key → "loading" | "loaded"
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
      if (tiles.get(key) === "loading") { tiles.set(key, "loaded"); handlers.add(key, data.features); }
    } catch (error) {
      tiles.delete(key);  // asked for again at the next move
    } finally {
      pending -= 1;
      settled();
    }
  }

  function drop(key) {
    if (tiles.get(key) === "loaded") { handlers.drop(key); }
    tiles.delete(key);
  }

  /* Fetch what came into view, drop what left it (and everything below minZoom). */
  function update() {
    const keys = map.getZoom() >= minZoom ? wanted() : new Set();
    Array.from(tiles.keys()).filter((key) => !keys.has(key)).forEach(drop);
    keys.forEach((key) => { if (!tiles.has(key)) { load(key); } });
  }

  return {
    update,
    clear: () => Array.from(tiles.keys()).forEach(drop),
    /* Resolves once no tile is on its way. */
    ready: () => (pending ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve()),
  };
};
