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
    var zoom = L.control.zoom({ zoomInTitle: messages.zoomIn, zoomOutTitle: messages.zoomOut });
    zoom.addTo(map);
    return {
      map: map,
      // A popup opens clear of the zoom buttons (top left): with Leaflet's padding of 5 px, a
      // popup near that corner was panned to it and its title ended up under the buttons. Its
      // top is kept below them (whatever its x), so nothing of it can be under them.
      popupOptions: function (options) {
        var buttons = zoom.getContainer();
        var below = buttons.offsetTop + buttons.offsetHeight + 8;
        return L.extend(
          { autoPanPadding: L.point(8, 8), autoPanPaddingTopLeft: L.point(8, below) },
          options
        );
      },
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
