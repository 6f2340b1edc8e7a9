// motcua — the hot-spot view's 12-month chart: each <canvas data-chart="ID"> is drawn from the JSON
// in <script type="application/json" id="ID"> (Django's json_script), one line per commune. No
// inline script (Content-Security-Policy: script-src 'self'); Chart.js is vendored under web/vendor/.
(function () {
  "use strict";

  var COLOURS = ["#c62828", "#ef6c00", "#6a1b9a", "#1565c0", "#2e7d32"];

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.series.map(function (s, i) {
      var colour = COLOURS[i % COLOURS.length];
      return {label: s.label, data: s.data, borderColor: colour, backgroundColor: colour, tension: 0.2, fill: false};
    });
    new window.Chart(canvas, {
      type: "line",
      data: {labels: spec.labels, datasets: datasets},
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: {y: {beginAtZero: true, ticks: {precision: 0}}},
        plugins: {legend: {display: true, position: "bottom"}}
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
