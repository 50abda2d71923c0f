/* The command panel: KPIs, the overdue list, hot spots, the charts and the grid card.
   Everything from the API is put in the page as text nodes, never as HTML. */
window.govPanel = (function () {
  "use strict";

  const T = JSON.parse(document.getElementById("command-text").textContent);
  const TIME_ZONE = document.getElementById("command").dataset.timeZone;

  /* "05-07 14:03" (or with seconds) in the site's time zone, whatever the browser's is. */
  function clock(value, seconds) {
    const parts = {};
    new Intl.DateTimeFormat("en-US", {timeZone: TIME_ZONE, month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: seconds ? "2-digit" : undefined, hourCycle: "h23"})
      .formatToParts(new Date(value)).forEach((part) => { parts[part.type] = part.value; });
    const time = parts.hour + ":" + parts.minute + (seconds ? ":" + parts.second : "");
    return seconds ? time : parts.month + "-" + parts.day + " " + time;
  }

  /* Today's date (YYYY-MM-DD) in the site's time zone, and a date n days before one. */
  function today() {
    return new Intl.DateTimeFormat("en-CA", {timeZone: TIME_ZONE, year: "numeric", month: "2-digit",
      day: "2-digit"}).format(new Date());
  }

  function daysBefore(isoDate, n) {
    const day = new Date(isoDate + "T00:00:00Z");
    day.setUTCDate(day.getUTCDate() - n);
    return day.toISOString().slice(0, 10);
  }

  /* el("a", {href: "/x", className: "y"}, "text", child, ...) */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([key, value]) => {
      if (key === "className" || key === "textContent") { node[key] = value; }
      else if (value !== null && value !== undefined) { node.setAttribute(key, value); }
    });
    children.flat().forEach((child) => {
      if (child !== null && child !== undefined && child !== false) {
        node.append(child instanceof Node ? child : String(child));
      }
    });
    return node;
  }

  /* fmt("%(n)s h", {n: 3}) → "3 h", as Django's Python-format strings. */
  function fmt(text, values) {
    return text.replace(/%\((\w+)\)s/g, (_, key) => (key in values ? values[key] : ""));
  }

  function number(value) {
    return Number(value).toLocaleString("en-US");
  }

  /* How the panel shows a KPI; tests/browser/test_command.py mirrors this. */
  function formatKpi(key, value) {
    if (value === null || value === undefined) { return "—"; }
    if (key.endsWith("_rate") || key === "satisfaction") { return (value * 100).toFixed(1) + "%"; }
    if (key === "avg_handling_hours") { return value.toFixed(1); }
    return number(value);
  }

  function showKpis(figures, scope) {
    document.querySelectorAll("#kpis [data-kpi]").forEach((node) => {
      node.textContent = formatKpi(node.dataset.kpi, figures ? figures[node.dataset.kpi] : null);
    });
    document.getElementById("kpi-scope").textContent = scope;
  }

  function span(hours) {
    return hours < 48 ? fmt(T.hours, {n: Math.max(1, Math.floor(hours))})
      : fmt(T.days, {n: Math.floor(hours / 24)});
  }

  function supervisionFlag(level) {
    return level === "red" || level === "yellow"
      ? el("span", {className: "flag flag-" + level}, T[level]) : null;
  }

  function caseLink(casePage, number) {
    return casePage.replace("NUMBER", encodeURIComponent(number));
  }

  function showOverdue(data, casePage) {
    const list = document.getElementById("overdue");
    const now = Date.now();
    list.replaceChildren(...data.results.slice(0, 20).map((c) => el("li", {className: "supervision-" + c.supervision},
      el("a", {href: caseLink(casePage, c.tracking_number)},
        el("strong", null, c.subcategory_name), " ", supervisionFlag(c.supervision),
        el("span", {className: "late"}, fmt(T.overdue_by, {span: span((now - Date.parse(c.due_at)) / 3.6e6)})),
        el("span", {className: "meta"}, c.tracking_number + (c.department ? " · " + c.department.name : ""))))));
    if (!data.results.length) { list.append(el("li", {className: "empty"}, T.no_overdue)); }
    document.getElementById("overdue-count").textContent = fmt(T.overdue_count, {count: number(data.count)});
  }

  function showHotspots(rows, pick) {
    const list = document.getElementById("hotspots");
    list.replaceChildren(...rows.slice(0, 12).map((row) => el("li", null,
      el("button", {type: "button", className: "link", "data-grid": row.grid_code, title: "p = " + row.p_value.toPrecision(2)},
        el("strong", null, row.grid_name), " · ", row.category_name,
        el("span", {className: "meta"}, fmt(T.hotspot, {recent: row.recent, baseline: row.baseline_weekly.toFixed(1)}))))));
    Array.from(list.querySelectorAll("button")).forEach((button, i) => {
      button.addEventListener("click", () => pick(rows[i].grid_code));
    });
    if (!rows.length) { list.append(el("li", {className: "empty"}, T.no_hotspots)); }
  }

  /* Charts reload by URL: a new query when the filters change, a stamp when polling. */
  function showCharts(query, metric) {
    const stamp = "t=" + Date.now();
    const daily = document.getElementById("daily-chart");
    const kpi = document.getElementById("kpi-chart");
    daily.src = daily.dataset.src + "?" + [query, stamp].filter(Boolean).join("&");
    kpi.src = kpi.dataset.src + "?" + [query, "metric=" + encodeURIComponent(metric), stamp].filter(Boolean).join("&");
  }

  function figure(label, value, title) {
    return el("div", {title}, el("dt", null, label), el("dd", null, value));
  }

  function rate(value) {
    return value === null || value === undefined ? "—" : value.toFixed(1);
  }

  /* The grid's 四标四实 counts: addresses, houses, rented houses, units, residents. */
  function registerCounts(r) {
    return [
      el("h4", null, T.register, " ", el("small", null, r.area_km2 === null ? "" : fmt(T.area, {area: r.area_km2.toFixed(2)}))),
      el("dl", {className: "grid-figures grid-register"},
        figure(T.addresses, number(r.addresses)), figure(T.houses, number(r.houses)),
        figure(T.rented_houses, number(r.rented_houses)), figure(T.units, number(r.units)),
        figure(T.residents, number(r.residents),
               fmt(T.residents_split, {registered: number(r.registered_residents), floating: number(r.floating_residents)}))),
    ];
  }

  /* Cases over the map's window, per 1,000 residents and per km². */
  function gridKpis(k) {
    return el("dl", {className: "grid-figures grid-kpis"},
      figure(fmt(T.window_cases, {days: k.window}), number(k.cases)),
      figure(T.per_1000_residents, rate(k.cases_per_1000_residents)),
      figure(T.per_km2, rate(k.cases_per_km2)));
  }

  function gridCard(grid, casePage) {
    const counts = grid.counts;
    return el("div", {className: "grid-card"},
      el("h3", null, grid.grid_name, " ", el("small", null, grid.grid_code)),
      el("p", null, T.worker + "：", grid.worker || T.no_worker),
      el("dl", {className: "grid-counts"},
        el("div", null, el("dt", null, T.open), el("dd", null, number(counts.open))),
        el("div", null, el("dt", null, T.last_7_days), el("dd", null, number(counts.last_7_days))),
        el("div", null, el("dt", null, T.last_30_days), el("dd", null, number(counts.last_30_days)))),
      registerCounts(grid.register),
      gridKpis(grid.kpis),
      el("h4", null, T.recent),
      grid.recent.length ? el("ul", {className: "grid-recent"}, grid.recent.map((c) => el("li", null,
        el("a", {href: caseLink(casePage, c.tracking_number)}, c.subcategory_name),
        " ", el("span", {className: "status status-" + c.status}, T.statuses[c.status] || c.status),
        " ", el("time", null, clock(c.created_at))))) : el("p", {className: "empty"}, T.no_cases));
  }

  return {T, el, fmt, number, clock, today, daysBefore, formatKpi, showKpis, showOverdue, showHotspots, showCharts, gridCard, caseLink};
})();
