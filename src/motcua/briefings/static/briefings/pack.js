// motcua — the briefing pack's charts on the meeting page: each <canvas data-chart="ID"> is drawn
// from the JSON in <script type="application/json" id="ID"> (Django's json_script). No inline
// script (Content-Security-Policy: script-src 'self'); Chart.js is vendored under web/vendor/.
(function () {
  "use strict";

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var stacked = spec.kind === "stacked";
    var datasets = spec.series.map(function (s) {
      var colours = s.colours.length === 1 ? s.colours[0] : s.colours;
      return {label: s.label, data: s.data, backgroundColor: colours, borderColor: colours, borderWidth: 0};
    });
    var axis = {beginAtZero: true, stacked: stacked, ticks: {precision: 0, autoSkip: false}};
    new window.Chart(canvas, {
      type: "bar",
      data: {labels: spec.labels, datasets: datasets},
      options: {
        indexAxis: stacked ? "y" : "x", responsive: true, maintainAspectRatio: false, animation: false,
        scales: {x: axis, y: Object.assign({}, axis)},
        plugins: {legend: {display: stacked, position: "bottom"}}
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
