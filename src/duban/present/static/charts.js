// 督办: draw a page's charts with the Plotly served by the app itself; a click on a point
// that carries a link (customdata) opens the sentence it came from.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof Plotly === "undefined") return;
  var charts = JSON.parse(source.textContent);
  var config = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud", "lasso2d", "select2d"] };
  var narrow = window.matchMedia("(max-width: 600px)").matches;
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var chart = charts[el.dataset.chart];
    if (!chart) return;
    var layout = Object.assign({}, chart.layout);
    layout.font = Object.assign({ family: "Noto Sans CJK SC, Source Han Sans SC, sans-serif" }, layout.font || {});
    if (narrow && layout.font.size) layout.font.size = layout.font.size - 2;
    if (narrow) {  // long category labels (body:indicator) on two lines
      var split = function (label) { return typeof label === "string" ? label.replace(":", ":<br>") : label; };
      chart.data.forEach(function (trace) {
        if (trace.orientation === "h" || (trace.type === "scatter" && Array.isArray(trace.y) && typeof trace.y[0] === "string")) {
          trace.y = trace.y.map(split);
        }
      });
      if (layout.yaxis && Array.isArray(layout.yaxis.categoryarray)) {
        layout.yaxis = Object.assign({}, layout.yaxis, { categoryarray: layout.yaxis.categoryarray.map(split) });
      }
    }
    Plotly.newPlot(el, chart.data, layout, config).then(function () {
      el.dataset.drawn = "yes";
    });
    el.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      var link = point && point.customdata;
      if (typeof link === "string" && link.charAt(0) === "/") window.location.href = link;
    });
  });
})();
