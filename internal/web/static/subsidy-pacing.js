// Burn-down chart of a programme's budget. The page holds an accessible table of the same figures;
// this draws the chart from the JSON the element's data-src names (the CSP forbids inline script).
(function () {
  "use strict";
  function draw(el) {
    if (typeof echarts === "undefined") { return; }
    fetch(el.getAttribute("data-src"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (d) {
        var dates = d.dates || [];
        var chart = echarts.init(el, null, { renderer: "svg" });
        var series = [
          { name: d.labels.Remaining, type: "line", step: "end", data: d.remaining || [], areaStyle: { opacity: 0.15 } },
          { name: d.labels.Committed, type: "line", step: "end", data: d.committed || [] },
          { name: d.labels.Paid, type: "line", step: "end", data: d.paid || [] },
          { name: d.labels.Budget, type: "line", step: "end", data: d.budget || [], lineStyle: { type: "dashed" } }
        ];
        if (d.run_out) {
          dates = dates.concat([d.run_out]);
          series[0].markLine = { symbol: "none", data: [{ xAxis: d.run_out, label: { formatter: d.labels.RunOut + " " + d.run_out } }] };
        }
        chart.setOption({
          aria: { enabled: true },
          tooltip: { trigger: "axis" },
          legend: { top: 0 },
          grid: { left: 90, right: 24, top: 40, bottom: 40 },
          xAxis: { type: "category", data: dates },
          yAxis: { type: "value", axisLabel: { formatter: function (v) { return v.toLocaleString(); } } },
          series: series
        });
        el.classList.add("chart-ready");
        window.addEventListener("resize", function () { chart.resize(); });
      })
      .catch(function () { el.classList.add("chart-failed"); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var els = document.querySelectorAll("[data-chart='burndown']");
    for (var i = 0; i < els.length; i++) { draw(els[i]); }
  });
})();
