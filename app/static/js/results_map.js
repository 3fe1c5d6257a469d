/* The funded projects of a contest on the map (templates/contests/results.html).
 *
 * map-start.js has the Leaflet map that folium's script created, #results-map-config (the
 * GeoJSON address, the translated messages) and the zoom buttons. Each target area of a funded project is drawn as a polygon whose popup lists its projects.
 * Text from the server is put in with textContent, never as HTML. The table on the page has
 * the same projects for those who do not use the map.
 */
(function () {
  "use strict";

  var started = window.HopeMap && window.HopeMap.start("results-map-config");
  if (!started) {
    return;
  }
  var map = started.map;
  var config = started.config;
  var messages = started.messages;
  var say = started.say;
  var element = started.element;

  function popupFor(properties) {
    var body = element("div", null, "pin-popup");
    body.appendChild(element("p", properties.name, "meta"));
    var list = element("ul");
    properties.projects.forEach(function (project) {
      var item = element("li");
      var link = element("a", project.title);
      link.href = project.url;
      link.title = messages.openProject;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" · " + project.lead + " · " + project.amountText));
      list.appendChild(item);
    });
    body.appendChild(list);
    return body;
  }

  function draw(collection) {
    if (!collection.features.length) {
      say(messages.nothing);
      return;
    }
    var layer = L.geoJSON(collection, {
      style: function () {
        return { color: "#1d6b3a", weight: 2, fillColor: "#2e8b57", fillOpacity: 0.35 };
      },
      onEachFeature: function (feature, shape) {
        shape.bindPopup(popupFor(feature.properties), started.popupOptions());
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [16, 16] });
  }

  fetch(config.dataUrl, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
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
