/* The funded projects of a contest on the map (templates/contests/results.html).
 *
 * folium's script (in the page, with the CSP nonce) has created the Leaflet map;
 * #results-map-config names its variable, the GeoJSON address and the translated messages.
 * Each target area of a funded project is drawn as a polygon whose popup lists its projects.
 * Text from the server is put in with textContent, never as HTML. The table on the page has
 * the same projects for those who do not use the map.
 */
(function () {
  "use strict";

  var configElement = document.getElementById("results-map-config");
  if (!configElement || !window.L) {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  var messages = config.messages;
  var map = window[config.mapName];
  if (!map) {
    return;
  }
  var statusLine = document.getElementById("map-status");

  L.control.zoom({ zoomInTitle: messages.zoomIn, zoomOutTitle: messages.zoomOut }).addTo(map);

  function say(text) {
    if (statusLine) {
      statusLine.textContent = text;
    }
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) {
      node.textContent = text;
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

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
        shape.bindPopup(popupFor(feature.properties));
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
