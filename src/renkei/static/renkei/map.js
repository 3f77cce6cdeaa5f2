// Draws the markers of every [data-renkei-map] element from the JSON script that follows it.
// Works without tiles (the machine may have no tile server); a tile layer is added only when
// the page names one in data-tiles.
(function () {
  function draw(el) {
    if (!window.L || el._renkeiMap) { return; }
    var dataEl = el.parentElement.querySelector('script[type="application/json"]');
    var markers = dataEl ? JSON.parse(dataEl.textContent) : [];
    var map = L.map(el, { zoomControl: true });
    el._renkeiMap = map;
    if (el.dataset.tiles) { L.tileLayer(el.dataset.tiles, { maxZoom: 18 }).addTo(map); }
    var bounds = [];
    markers.forEach(function (m) {
      // Risk maps colour each site by its risk exposure index (0 green .. 1 red).
      var colour = '#0b6e69', radius = 7;
      if (typeof m.rei === 'number') {
        var r = Math.max(0, Math.min(1, m.rei));
        colour = 'hsl(' + Math.round(120 * (1 - r)) + ', 75%, 40%)';
        radius = 5 + 9 * r;
      }
      var marker = L.circleMarker([m.lat, m.lon], { radius: radius, color: colour, fillOpacity: 0.7 });
      var popup = document.createElement('div');
      var a = document.createElement(m.url ? 'a' : 'strong');
      if (m.url) { a.href = m.url; }
      a.textContent = m.name; popup.appendChild(a);
      var p = document.createElement('div'); p.textContent = (m.site || '') + ' ' + (m.processes || []).join('・'); popup.appendChild(p);
      marker.bindPopup(popup).addTo(map);
      bounds.push([m.lat, m.lon]);
    });
    if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 13 }); }
    else { map.setView([36.39, 139.06], 9); }
    el.dataset.markerCount = String(markers.length);
  }
  function drawAll() { document.querySelectorAll('[data-renkei-map]').forEach(draw); }
  document.addEventListener('DOMContentLoaded', drawAll);
  document.addEventListener('htmx:afterSettle', drawAll);
})();
