// 督办: draw the compare page's charts with the Plotly served by the app itself.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof Plotly === "undefined") return;
  var charts = JSON.parse(source.textContent);
  var config = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud"] };
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var chart = charts[el.dataset.chart];
    if (!chart) return;
    var layout = Object.assign({ font: { family: "Noto Sans CJK SC, Source Han Sans SC, sans-serif" } }, chart.layout);
    Plotly.newPlot(el, chart.data, layout, config);
  });
})();
