/* The Breteau index layer of the command map: communities coloured by a dengue campaign's
   BI (100 × positive containers ÷ houses inspected), chosen in the panel's 布雷图指数 card.
   Kept apart from command.js: it only needs the map (window.govCommand.map), the community
   boundaries and the campaign's /breteau answer. Names go in as text, never as HTML. */
(function () {
  "use strict";

  const select = document.getElementById("breteau-campaign");
  if (!select) { return; }
  const URLS = JSON.parse(document.getElementById("breteau-urls").textContent);
  const legend = document.getElementById("breteau-legend");
  // The four grades in common use in Guangdong's dengue guidance: < 5, 5–10, 10–20, ≥ 20.
  const GRADES = [[5, "#2b8a3e"], [10, "#fab005"], [20, "#f76707"], [Infinity, "#c92a2a"]];
  let layer = null;
  let boundaries = null;

  function colour(index) {
    if (index === undefined) { return null; }
    return GRADES.find(([bound]) => index < bound)[1];
  }

  async function getJSON(url) {
    const response = await fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}});
    if (!response.ok) { throw new Error(response.status + " " + url); }
    return response.json();
  }

  function tooltip(name, row) {
    const box = document.createElement("span");
    box.textContent = row ? name + " · BI " + row.index + "（" + row.houses + " 户）" : name;
    return box;
  }

  async function show(campaign) {
    const map = window.govCommand.map;
    if (layer) { map.removeLayer(layer); layer = null; }
    legend.hidden = !campaign;
    select.dataset.state = "";
    if (!campaign) { return; }
    boundaries = boundaries || await getJSON(URLS.boundaries + "?level=community");
    const answer = await getJSON(URLS.breteau.replace("/0/", "/" + encodeURIComponent(campaign) + "/"));
    const rows = Object.fromEntries(answer.rows.map((row) => [row.code, row]));
    layer = L.geoJSON(boundaries, {
      // Communities with no house inspected stay clear, so the heat layer still shows there.
      style: (feature) => {
        const row = rows[feature.properties.code];
        return {color: "#343a40", weight: row ? 2 : 0.5, fillOpacity: row ? 0.65 : 0,
                fillColor: colour(row && row.index)};
      },
      onEachFeature: (feature, shape) => {
        shape.bindTooltip(tooltip(feature.properties.name, rows[feature.properties.code]), {sticky: true});
      },
    }).addTo(map);
    select.dataset.state = "shown";
    select.dataset.communities = String(answer.rows.length);
  }

  function start() {
    if (!window.govCommand) { setTimeout(start, 200); return; }
    select.addEventListener("change", () => { show(select.value).catch(() => { select.dataset.state = "failed"; }); });
    if (select.value) { show(select.value).catch(() => {}); }
  }

  legend.querySelectorAll("[data-grade]").forEach((swatch) => {
    swatch.style.background = GRADES[Number(swatch.dataset.grade)][1];
  });
  start();
})();
