// Scenario page: a click on the map fills the centre fields and draws the radius.
(function () {
  function setUp() {
    var el = document.querySelector('[data-pick-centre]');
    if (!el || !el._renkeiMap) { return; }
    var map = el._renkeiMap, circle = null;
    var lat = document.querySelector('input[name=latitude]');
    var lon = document.querySelector('input[name=longitude]');
    var radius = document.querySelector('input[name=radius_km]');
    function draw() {
      if (circle) { map.removeLayer(circle); circle = null; }
      if (lat.value && lon.value && radius.value) {
        circle = L.circle([+lat.value, +lon.value], { radius: +radius.value * 1000, color: '#b3261e' }).addTo(map);
      }
    }
    map.on('click', function (e) {
      lat.value = e.latlng.lat.toFixed(4);
      lon.value = e.latlng.lng.toFixed(4);
      if (!radius.value) { radius.value = '5'; }
      draw();
    });
    radius.addEventListener('input', draw);
    draw();
  }
  document.addEventListener('DOMContentLoaded', function () { setTimeout(setUp, 0); });
})();
