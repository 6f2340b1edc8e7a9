// motcua — the dashboards' charts: each <canvas data-chart="ID"> is drawn from the JSON in the
// <script type="application/json" id="ID"> the page carries (Django's json_script). No inline
// script (Content-Security-Policy: script-src 'self'); Chart.js is vendored under web/vendor/.
(function () {
  "use strict";
  var PALETTE = ["#0b5cad", "#a4161a", "#1e7a3c", "#b35c00", "#6a3d9a", "#00838f", "#5b6775"];

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var horizontal = spec.kind === "hbar" || spec.kind === "stacked";
    var stacked = spec.kind === "stacked";
    var line = spec.kind === "line";
    var datasets = spec.series.map(function (s, i) {
      var colour = PALETTE[i % PALETTE.length];
      return {
        label: s.label, data: s.data, backgroundColor: colour, borderColor: colour,
        borderWidth: line ? (i === 0 ? 3 : 1.5) : 0, pointRadius: line ? 2 : 0, tension: 0.2, fill: false
      };
    });
    var axis = {beginAtZero: true, stacked: stacked, ticks: {autoSkip: !horizontal}};
    new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: {labels: spec.labels, datasets: datasets},
      options: {
        indexAxis: horizontal ? "y" : "x", responsive: true, maintainAspectRatio: false, animation: false,
        scales: {x: axis, y: Object.assign({}, axis)},
        plugins: {
          legend: {display: spec.series.length > 1, position: "bottom"},
          tooltip: {callbacks: {label: function (ctx) {
            var v = ctx.parsed[horizontal ? "x" : "y"];
            return ctx.dataset.label + ": " + (v === null ? "—" : v) + (spec.unit ? " " + spec.unit : "");
          }}}
        }
      }
    });
  }

  function drawAll() {
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
