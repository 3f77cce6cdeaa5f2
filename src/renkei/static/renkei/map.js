// Draws every [data-renkei-map] element: a base map, the region's municipalities, the markers.
// The page names its layers in data- attributes ({% map_layers %}, renkei/common/templatetags):
// data-tiles (a tile URL template, GSI's standard map unless the operator chose another or none)
// and data-boundaries (the shipped municipality polygons, fetched once per page). Without a
// tile server (no internet) the boundaries still show where things are; the markers come from
// the JSON script that follows the element.
(function () {
  var boundaryData = {};  // URL -> promise of the parsed GeoJSON, shared by a page's maps

  function fetchBoundaries(url) {
    if (!boundaryData[url]) {
      boundaryData[url] = fetch(url, { credentials: 'same-origin' })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .catch(function () { return null; });
    }
    return boundaryData[url];
  }

  function boundaryStyle(feature) {
    var inRegion = feature.properties && feature.properties.in_region;
    return { color: '#5b6770', weight: 1, opacity: 0.8, fillColor: inRegion ? '#0b6e69' : '#9aa3a8',
             fillOpacity: inRegion ? 0.07 : 0.04 };
  }

  function drawBoundaries(el, map, fitIfEmpty) {
    var url = el.dataset.boundaries;
    if (!url) { return; }
    // Their own pane under the markers' (overlayPane, z-index 400), and not interactive: a
    // click goes through to the map (the area scenario picks its centre by clicking).
    if (!map.getPane('boundaries')) {
      map.createPane('boundaries').style.zIndex = 350;
      map.createPane('boundaryLabels').style.zIndex = 360;  // names, still under the markers
    }
    fetchBoundaries(url).then(function (data) {
      if (!data || !el.isConnected) { return; }
      var english = (document.documentElement.lang || '').slice(0, 2) === 'en';
      var layer = L.geoJSON(data, {
        pane: 'boundaries', interactive: false, style: boundaryStyle,
        attribution: el.dataset.boundariesAttribution || '',
        onEachFeature: function (feature, part) {
          // The region's towns are named on the map itself (a tooltip lets clicks through).
          if (!feature.properties.in_region) { return; }
          part.bindTooltip(english ? feature.properties.name_en : feature.properties.name_ja,
                           { permanent: true, direction: 'center', className: 'map-label',
                             pane: 'boundaryLabels' });
        }
      }).addTo(map);
      // Below zoom 10 the small towns' names would cover each other.
      var label = function () { el.classList.toggle('map-labels-hidden', map.getZoom() < 10); };
      map.on('zoomend', label); label();
      el.dataset.boundaryCount = String(layer.getLayers().length);
      if (fitIfEmpty) {
        var region = L.geoJSON(data, { filter: function (f) { return f.properties.in_region; } });
        if (region.getLayers().length) { map.fitBounds(region.getBounds(), { padding: [10, 10] }); }
      }
    });
  }

  function draw(el) {
    if (!window.L || el._renkeiMap) { return; }
    var dataEl = el.parentElement.querySelector('script[type="application/json"]');
    var markers = dataEl ? JSON.parse(dataEl.textContent) : [];
    var map = L.map(el, { zoomControl: true });
    el._renkeiMap = map;
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.tilesAttribution || '' }).addTo(map);
    }
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
    drawBoundaries(el, map, !bounds.length);
  }
  function drawAll() { document.querySelectorAll('[data-renkei-map]').forEach(draw); }
  document.addEventListener('DOMContentLoaded', drawAll);
  document.addEventListener('htmx:afterSettle', drawAll);
})();
