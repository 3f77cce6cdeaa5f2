// Draws the Plotly charts of a page: each <div data-chart="KIND" data-source="ID"> is drawn by
// the builder KIND below from the JSON of the json_script element with that id. The pages carry
// data only; the code is here, so the Content-Security-Policy needs no inline script.
(function () {
  var BAND_COLOURS = { S: '#1b7f3b', A: '#5a9e2f', B: '#c9a400', C: '#e07b00', D: '#b3261e' };

  var builders = {
    // orders/price_detail.html: the agreed price over time and each ordered unit price.
    price: function (el, d) {
      Plotly.newPlot(el, [
        { x: d.agreed.x, y: d.agreed.y, text: d.agreed.text, type: 'scatter', mode: 'lines',
          line: { shape: 'hv', width: 3 }, name: el.dataset.agreedLabel },
        { x: d.ordered.x, y: d.ordered.y, text: d.ordered.text, type: 'scatter', mode: 'markers',
          marker: { size: 6, opacity: 0.7 }, name: el.dataset.orderedLabel }
      ], { margin: { l: 60, r: 10, t: 10, b: 40 }, yaxis: { tickprefix: '¥', rangemode: 'tozero' },
           xaxis: { type: 'date', tickformat: '%Y-%m', hoverformat: '%Y-%m-%d' },
           legend: { orientation: 'h' } }, { displaylogo: false, responsive: true });
    },

    // qcd/scorecard_detail.html: monthly scores over the bands S..D.
    scorecard: function (el, d) {
      var shapes = d.bands.map(function (b) {
        return { type: 'rect', xref: 'paper', x0: 0, x1: 1, yref: 'y', y0: b.low, y1: b.high,
                 fillcolor: BAND_COLOURS[b.label] || '#9aa5ad', opacity: 0.12, line: { width: 0 }, layer: 'below' };
      });
      var annotations = d.bands.map(function (b) {
        return { xref: 'paper', x: 1.01, xanchor: 'left', y: (b.low + b.high) / 2, yref: 'y',
                 text: b.label, showarrow: false, font: { color: BAND_COLOURS[b.label] || '#5b6770' } };
      });
      Plotly.newPlot(el, [{ x: d.months, y: d.scores, type: 'scatter', mode: 'lines+markers',
        connectgaps: false, name: d.title, line: { color: '#0b6e69' } }],
        { margin: { t: 20, r: 40, b: 40, l: 40 }, yaxis: { range: [0, 100] },
          xaxis: { type: 'date', tickformat: '%Y-%m', hoverformat: '%Y-%m' }, shapes: shapes,
          annotations: annotations, showlegend: false }, { displayModeBar: false, responsive: true });
    },

    // qcd/qcd_aggregates.html: the cluster month by month.
    'cluster-trend': function (el, d) {
      Plotly.newPlot(el, [
        { x: d.months, y: d.otd_qty, name: d.labels.otd_qty, type: 'scatter', mode: 'lines+markers', line: { color: '#0b6e69' } },
        { x: d.months, y: d.otif_lines, name: d.labels.otif_lines, type: 'scatter', mode: 'lines+markers', line: { color: '#5a9e2f' } },
        { x: d.months, y: d.defect_ppm, name: d.labels.defect_ppm, type: 'bar', yaxis: 'y2', marker: { color: '#b3261e' }, opacity: 0.35 }
      ], { margin: { t: 20, r: 60, b: 40, l: 50 }, yaxis: { range: [0, 100], title: '%' },
           xaxis: { type: 'date', tickformat: '%Y-%m', hoverformat: '%Y-%m' },
           yaxis2: { overlaying: 'y', side: 'right', title: 'ppm', rangemode: 'tozero' },
           legend: { orientation: 'h' } }, { displayModeBar: false, responsive: true });
    },

    // qcd/qcd_sheet.html: one figure (data + layout, made on the server) of the sheet's set.
    figure: function (el, charts) {
      var figure = charts[el.dataset.figure];
      if (figure) { Plotly.newPlot(el, figure.data, figure.layout, { displaylogo: false, responsive: true }); }
    },

    // supply/product_map.html: the multi-tier Sankey, nodes coloured by the newest REI.
    sankey: function (el, d) {
      var links = d.links || {};
      Plotly.newPlot(el, [{
        type: 'sankey', orientation: 'h',
        node: { label: d.labels, pad: 12, thickness: 14, color: (d.nodes || []).map(function (n) {
          if (typeof n.rei !== 'number') { return '#9aa5ad'; }
          var r = Math.max(0, Math.min(1, n.rei));
          return 'hsl(' + Math.round(120 * (1 - r)) + ', 70%, 45%)';
        }) },
        link: { source: links.source || d.source, target: links.target || d.target, value: links.value || d.value }
      }], { margin: { l: 10, r: 10, t: 10, b: 10 }, font: { size: 11 } }, { displaylogo: false, responsive: true });
    }
  };

  function drawAll() {
    if (!window.Plotly) { return; }
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      var build = builders[el.dataset.chart];
      var source = document.getElementById(el.dataset.source);
      if (!build || !source || el.dataset.drawn) { return; }
      el.dataset.drawn = 'true';
      build(el, JSON.parse(source.textContent));
    });
  }
  document.addEventListener('DOMContentLoaded', drawAll);
})();
