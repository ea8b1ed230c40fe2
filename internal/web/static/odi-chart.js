// Draws the ODI cycle-time chart on the coordinators' analytics page from the JSON in the
// data-chart attribute of #odi-chart (the Content-Security-Policy forbids inline scripts). The table
// below the chart holds the same figures for screen readers, printing and browsers without script,
// so the chart itself is hidden from assistive technology.
(function () {
  'use strict';

  function draw() {
    var el = document.getElementById('odi-chart');
    if (!el || typeof echarts === 'undefined') {
      return;
    }
    var data;
    try {
      data = JSON.parse(el.getAttribute('data-chart') || '{}');
    } catch (e) {
      return;
    }
    if (!data.labels || data.labels.length === 0) {
      el.classList.add('empty');
      return;
    }
    var chart = echarts.init(el);
    chart.setOption({
      animation: false,
      // Rich-text tooltips are drawn on the canvas: HTML tooltips would need inline styles, which
      // the CSP refuses.
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 96 },
      xAxis: { type: 'category', data: data.labels, axisLabel: { interval: 0, rotate: data.labels.length > 3 ? 30 : 0 } },
      yAxis: { type: 'value', name: data.unit, minInterval: 1 },
      // The statutory limit is a bar in a muted colour beside the two measured ones, so that each
      // kind of step reads as "taken on average, at worst, allowed".
      series: data.series.map(function (s) {
        var bar = { name: s.name, type: 'bar', data: s.data, barMaxWidth: 48 };
        if (s.kind === 'limit') {
          bar.itemStyle = { color: '#8c959f' };
        }
        return bar;
      })
    });
    window.addEventListener('resize', function () { chart.resize(); });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
