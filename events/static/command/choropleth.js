/* Class breaks and colours of the heat layer.

   Breaks are quantiles of the grids' non-zero counts, merged where they coincide: case counts
   are skewed (a few busy grids, many quiet ones), and equal-width classes would paint almost
   every grid in the lightest colour. Grids with no case get their own pale grey. */
window.govChoropleth = (function () {
  "use strict";

  const PALETTE = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"];  // ColorBrewer YlOrRd
  const ZERO = "#e9ecef";

  /* Upper bounds of at most k classes of the positive values, ascending. */
  function classBreaks(values, k) {
    const sorted = values.filter((v) => v > 0).sort((a, b) => a - b);
    const breaks = [];
    for (let i = 1; i <= k && sorted.length; i++) {
      const bound = sorted[Math.ceil((i * sorted.length) / k) - 1];
      if (!breaks.length || bound > breaks[breaks.length - 1]) { breaks.push(bound); }
    }
    return breaks;
  }

  /* n colours spread over the palette, so that two classes are still far apart. */
  function colours(n) {
    if (n <= 1) { return n ? [PALETTE[3]] : []; }
    return Array.from({length: n}, (_, i) => PALETTE[Math.round((i * (PALETTE.length - 1)) / (n - 1))]);
  }

  function colourOf(count, breaks) {
    if (!(count > 0)) { return ZERO; }
    const palette = colours(breaks.length);
    const index = breaks.findIndex((bound) => count <= bound);
    return palette[index === -1 ? palette.length - 1 : index];
  }

  /* The legend's rows: [{label, colour}], the empty class first. Counts (decimals 0) label
     whole numbers (3–5); rates such as cases per 1,000 residents label the ranges they cover,
     from the bound below (1.5–3.2). */
  function classes(breaks, noneLabel, decimals) {
    const palette = colours(breaks.length);
    const rows = [{label: noneLabel, colour: ZERO}];
    breaks.forEach((bound, i) => {
      if (decimals) {
        const low = i === 0 ? 0 : breaks[i - 1];
        rows.push({label: low.toFixed(decimals) + "–" + bound.toFixed(decimals), colour: palette[i]});
        return;
      }
      const low = i === 0 ? 1 : breaks[i - 1] + 1;
      rows.push({label: low === bound ? String(bound) : low + "–" + bound, colour: palette[i]});
    });
    return rows;
  }

  return {classBreaks, colourOf, classes, ZERO};
})();
