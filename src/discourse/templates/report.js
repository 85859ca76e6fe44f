/* Charts, sortable tables and anchor handling for reports/index.html.
   Data comes from <script type="application/json"> blocks (parsed, never evaluated);
   strings in them are already HTML-escaped for plotly's label renderer. */
(function () {
  "use strict";
  var FONT = getComputedStyle(document.body).fontFamily;
  var CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] };

  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function rankingChart() {
    var data = readJSON("ranking-data");
    var el = document.getElementById("ranking-chart");
    if (!data || !el || !data.rows.length || typeof Plotly === "undefined") { return; }
    var traces = data.labels.map(function (lab) {
      var rows = data.rows.filter(function (r) { return r.label === lab.key; });
      return {
        type: "scatter", mode: "markers", name: lab.text, showlegend: rows.length > 0,
        x: rows.map(function (r) { return r.score; }),
        y: rows.map(function (r) { return r.name; }),
        text: rows.map(function (r) { return r.hover; }),
        hoverinfo: "text",
        // Scores live in [-1, 1]: clip the interval there rather than draw it off the scale.
        error_x: { type: "data", symmetric: false, visible: true, color: lab.color, thickness: 2, width: 5,
                   array: rows.map(function (r) { return Math.min(r.uncertainty, 1 - r.score); }),
                   arrayminus: rows.map(function (r) { return Math.min(r.uncertainty, r.score + 1); }) },
        marker: { color: lab.color, size: 13, line: { color: "#fff", width: 1 } }
      };
    });
    // Plotly draws the first category at the bottom: reverse so the most 卷 is on top.
    var order = data.rows.map(function (r) { return r.name; }).reverse();
    var layout = {
      font: { family: FONT, size: 13 },
      height: Math.max(240, 30 * data.rows.length + 110),
      margin: { l: 10, r: 20, t: 40, b: 50 },
      xaxis: { range: [-1.05, 1.05], zeroline: true, zerolinecolor: "#444", zerolinewidth: 1.5,
               title: { text: data.axis.score, standoff: 6 }, dtick: 0.25, gridcolor: "#eee" },
      // An explicit range: autorange pads category axes for marker size, leaving empty rows.
      yaxis: { type: "category", categoryorder: "array", categoryarray: order, automargin: true,
               range: [-0.6, order.length - 0.4],
               gridcolor: "#f3f3f3" },
      shapes: [
        { type: "rect", xref: "x", yref: "paper", x0: -1.05, x1: 0, y0: 0, y1: 1,
          fillcolor: data.colors.crowded, opacity: 0.07, line: { width: 0 }, layer: "below" },
        { type: "rect", xref: "x", yref: "paper", x0: 0, x1: 1.05, y0: 0, y1: 1,
          fillcolor: data.colors.promising, opacity: 0.07, line: { width: 0 }, layer: "below" }
      ],
      annotations: [
        { xref: "x", yref: "paper", x: -1.0, y: 1.0, yanchor: "bottom", xanchor: "left", showarrow: false,
          text: "<b>" + data.axis.crowded + "</b>", font: { color: data.colors.crowded, size: 14 } },
        { xref: "x", yref: "paper", x: 1.0, y: 1.0, yanchor: "bottom", xanchor: "right", showarrow: false,
          text: "<b>" + data.axis.promising + "</b>", font: { color: data.colors.promising, size: 14 } }
      ],
      // Legend centred above the plot, between the two captions: a legend below
      // is placed in fractions of the plot height and drifts on tall charts.
      legend: { orientation: "h", x: 0.5, xanchor: "center", y: 1, yanchor: "bottom" },
      hoverlabel: { font: { family: FONT } },
      plot_bgcolor: "#fff"
    };
    // No mode bar here: it would sit on the axis captions, and zooming a ranking adds nothing.
    Plotly.newPlot(el, traces, layout, Object.assign({}, CONFIG, { displayModeBar: false }));
    el.on("plotly_click", function (ev) {
      var name = ev.points[0].y;
      var row = data.rows.filter(function (r) { return r.name === name; })[0];
      if (row) { location.hash = row.anchor; }
    });
  }

  function topicMap() {
    var data = readJSON("topicmap-data");
    var el = document.getElementById("topic-map");
    if (!data || !el || !data.points.length || typeof Plotly === "undefined") { return; }
    var symbolOf = {};
    data.symbols.forEach(function (s) { symbolOf[s.stance] = s.symbol; });
    var traces = [];
    // Legend entries are separate, data-less traces: a data trace's legend icon
    // would show its first point's stance shape and mislead. Sharing a legendgroup
    // keeps legend clicks toggling the topic's points.
    data.topics.forEach(function (tp, i) {
      traces.push({ type: "scatter", mode: "markers", x: [null], y: [null], name: tp.label,
                    legendgroup: "topic" + i, hoverinfo: "skip",
                    legendgrouptitle: i === 0 ? { text: data.titles.topic } : undefined,
                    marker: { symbol: "square", color: tp.color, size: 12 } });
    });
    data.topics.forEach(function (tp, i) {
      var pts = data.points.filter(function (p) { return p.topic === tp.id; });
      traces.push({
        type: "scatter", mode: "markers", name: tp.label, legendgroup: "topic" + i, showlegend: false,
        x: pts.map(function (p) { return p.x; }),
        y: pts.map(function (p) { return p.y; }),
        text: pts.map(function (p) { return p.hover; }),
        customdata: pts.map(function (p) { return p.id; }),
        hoverinfo: "text",
        marker: { color: tp.color, size: 14, opacity: 0.9,
                  symbol: pts.map(function (p) { return symbolOf[p.stance]; }),
                  line: { color: "#333", width: 1 } }
      });
    });
    // Legend-only entries explain the marker shapes (colour is taken by the topic).
    data.symbols.forEach(function (s, i) {
      traces.push({ type: "scatter", mode: "markers", x: [null], y: [null], name: s.text,
                    legendgroup: "stance" + i, hoverinfo: "skip",
                    legendgrouptitle: i === 0 ? { text: data.titles.stance } : undefined,
                    marker: { symbol: s.symbol, color: "#555", size: 11, line: { color: "#555", width: 1.5 } } });
    });
    var layout = {
      font: { family: FONT, size: 13 },
      height: 540,
      margin: { l: 30, r: 10, t: 10, b: 30 },
      xaxis: { showticklabels: false, zeroline: false, gridcolor: "#f0f0f0" },
      yaxis: { showticklabels: false, zeroline: false, gridcolor: "#f0f0f0" },
      legend: { orientation: "v", x: 1.01, y: 1, tracegroupgap: 12 },
      hoverlabel: { font: { family: FONT }, align: "left" },
      plot_bgcolor: "#fff"
    };
    Plotly.newPlot(el, traces, layout, CONFIG);
    el.on("plotly_click", function (ev) {
      var id = ev.points[0].customdata;
      if (id) { location.hash = "a-" + id; }
    });
  }

  function sortableTables() {
    var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true });
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
      var heads = table.tHead.rows[0].cells;
      Array.prototype.forEach.call(heads, function (th, col) {
        th.addEventListener("click", function () {
          var asc = th.getAttribute("aria-sort") !== "ascending";
          Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", asc ? "ascending" : "descending");
          var numeric = th.dataset.type === "num";
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = a.cells[col], y = b.cells[col];
            var u = x.dataset.sort !== undefined ? x.dataset.sort : x.textContent.trim();
            var v = y.dataset.sort !== undefined ? y.dataset.sort : y.textContent.trim();
            var c = numeric ? parseFloat(u) - parseFloat(v) : collator.compare(u, v);
            return asc ? c : -c;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
  }

  // A link to an answer or direction inside a closed <details> must open it.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) { return; }
    for (var n = el; n; n = n.parentElement) {
      if (n.tagName === "DETAILS") { n.open = true; }
    }
    el.scrollIntoView({ block: "start" });
  }

  sortableTables();
  rankingChart();
  topicMap();
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
