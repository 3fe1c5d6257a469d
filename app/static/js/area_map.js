/* An area's outline on its page (templates/map/_area_outline.html).
 *
 * map-start.js has the Leaflet map that folium's script created, #area-map-config (the
 * outline as a GeoJSON Feature, the translated messages) and the zoom buttons. The outline is
 * drawn and the map fitted to it; nothing else is on this map.
 */
(function () {
  "use strict";

  var started = window.HopeMap && window.HopeMap.start("area-map-config");
  if (!started) {
    return;
  }
  var layer = L.geoJSON(started.config.outline, {
    interactive: false,
    style: function () {
      return { color: "#1d6b3a", weight: 3, fillColor: "#2e8b57", fillOpacity: 0.15 };
    }
  }).addTo(started.map);
  started.map.fitBounds(layer.getBounds(), { padding: [16, 16] });
})();
