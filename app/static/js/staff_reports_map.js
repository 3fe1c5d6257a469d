/* The open reports of the staff member's areas at their exact points (templates/staff_map).
 *
 * map-start.js has the Leaflet map that folium's script created and #staff-map-config (the
 * points' address, the translated messages). Each point is a marker whose popup names the
 * report's number and level and links to its page; text goes in with textContent. The server
 * logs each report it sends: the points are fetched once per page load.
 */
(function () {
  "use strict";

  var started = window.HopeMap && window.HopeMap.start("staff-map-config");
  if (!started) {
    return;
  }
  var map = started.map;
  var messages = started.messages;
  var say = started.say;
  var element = started.element;

  function popupFor(properties) {
    var body = element("div", null, "pin-popup");
    var link = element("a", "#" + properties.number + (properties.level ? " · " + properties.level : ""));
    link.href = properties.url;
    link.title = messages.openReport;
    body.appendChild(link);
    return body;
  }

  function draw(collection) {
    if (!collection.features.length) {
      say(messages.nothing);
      return;
    }
    var layer = L.geoJSON(collection, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 8, color: "#8b1d1d", weight: 2, fillOpacity: 0.6 });
      },
      onEachFeature: function (feature, marker) {
        marker.bindPopup(popupFor(feature.properties), started.popupOptions());
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 16 });
    if (collection.truncated) {
      say(messages.truncated);
    }
  }

  fetch(started.config.dataUrl, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    })
    .then(draw)
    .catch(function () {
      say(messages.failed);
    });
})();
