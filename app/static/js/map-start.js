/* What every map page starts with (templates/_macros/map.html).
 *
 * folium's script (in the page, with the CSP nonce) has created the Leaflet map; a JSON
 * element names its variable and carries the translated messages. `HopeMap.start(id)` reads
 * it, adds the zoom buttons with translated names, and gives the page's own script the map,
 * its configuration and two helpers: `say` (the status line under the map, read out by screen
 * readers) and `element` (text from the server is put in with textContent, never as HTML).
 */
(function () {
  "use strict";

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

  function start(configId) {
    var configElement = document.getElementById(configId);
    if (!configElement || !window.L) {
      return null;
    }
    var config = JSON.parse(configElement.textContent);
    var map = window[config.mapName];
    if (!map) {
      return null;
    }
    var messages = config.messages;
    var statusLine = document.getElementById("map-status");
    L.control.zoom({ zoomInTitle: messages.zoomIn, zoomOutTitle: messages.zoomOut }).addTo(map);
    return {
      map: map,
      config: config,
      messages: messages,
      element: element,
      say: function (text) {
        if (statusLine && statusLine.textContent !== text) {
          statusLine.textContent = text;
        }
      }
    };
  }

  window.HopeMap = { start: start };
})();
