/* The community map (templates/map/page.html): the pins of the visible area, from /api/pins.
 *
 * map-start.js has the Leaflet map that folium's script created, #map-config (the
 * translated messages, the API's address) and the zoom buttons. Further out, the server sends
 * counted clusters (drawn as numbers: select one to zoom in); close up it sends the pins,
 * drawn as circles by kind, each with a popup loaded from /api/pins/<id>. Pins that share a
 * point (needs are shown at the centre of their grid cell) are grouped by markercluster and
 * spread out on selection.
 *
 * The filter form is an ordinary GET form that works without JavaScript; here its values
 * drive the requests, the "list" link and the address bar (which also keeps the view).
 */
(function () {
  "use strict";

  var started = window.HopeMap && window.HopeMap.start("map-config");
  if (!started) {
    return;
  }
  var map = started.map;
  var config = started.config;
  var messages = started.messages;
  var say = started.say;
  var form = document.getElementById("map-filters");
  var listLink = document.getElementById("map-list-link");
  var container = map.getContainer();
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

  // Needs filled, offers as rings: told apart by shape as well as by colour.
  var STYLES = {
    n: { radius: 8, weight: 2, color: "#8a3014", fillColor: "#b5421d", fillOpacity: 0.9, className: "pin-need" },
    o: { radius: 8, weight: 4, color: "#1d6b3a", fillColor: "#ffffff", fillOpacity: 0.9, className: "pin-offer" }
  };
  var PAD = 0.25; // ask for a margin around the view, so small moves need no new request

  var clusterLayer = L.layerGroup().addTo(map);
  var pointLayer = L.markerClusterGroup({
    maxClusterRadius: 16,
    spiderfyOnMaxZoom: true,
    showCoverageOnHover: false,
    animate: false,
    iconCreateFunction: function (group) {
      return clusterIcon(group.getChildCount());
    }
  }).addTo(map);

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? values[key] : whole;
    });
  }

  // --- drawing --------------------------------------------------------------------------------

  function clusterIcon(count) {
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var body = document.createElement("div");
    var figure = document.createElement("span");
    figure.setAttribute("aria-hidden", "true");
    figure.textContent = numbers.format(count);
    var name = document.createElement("span");
    name.className = "visually-hidden";
    name.textContent = fill(count === 1 ? messages.clusterOne : messages.clusterOther, {
      n: numbers.format(count)
    });
    body.appendChild(figure);
    body.appendChild(name);
    return L.divIcon({ html: body, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
  }

  function clusterMarker(feature) {
    var position = feature.geometry.coordinates;
    var marker = L.marker([position[1], position[0]], { icon: clusterIcon(feature.properties.n) });
    function zoomIn() {
      map.setView(marker.getLatLng(), Math.min(Math.round(map.getZoom()) + 2, config.pointZoom));
      container.focus(); // the marker is about to be replaced: keep keyboard users on the map
    }
    marker.on("click", zoomIn);
    marker.on("keypress", function (event) {
      var key = event.originalEvent.key;
      if (key === "Enter" || key === " ") {
        event.originalEvent.preventDefault();
        zoomIn();
      }
    });
    return marker;
  }

  var details = {}; // pin id -> promise of its popup data

  function detailsOf(id) {
    if (!details[id]) {
      details[id] = getJSON(config.apiUrl + "/" + id);
      details[id].catch(function () {
        delete details[id]; // try again next time
      });
    }
    return details[id];
  }

  function paragraph(text, className) {
    var p = document.createElement("p");
    p.textContent = text;
    if (className) {
      p.className = className;
    }
    return p;
  }

  function describePin(pin) {
    var box = document.createElement("div");
    box.className = "pin-popup";
    var parts = [];
    var title = paragraph(pin.title, "pin-popup-title");
    parts.push(title);
    parts.push(paragraph([pin.kind_label, pin.category, pin.status_label].join(" · "), "pin-popup-meta"));
    var place = [pin.dong, pin.gu].filter(Boolean).join(", ");
    if (place) {
      parts.push(paragraph(place));
    }
    if (pin.giver) {
      parts.push(paragraph(fill(messages.giver, { name: pin.giver })));
    }
    if (pin.location_is_coarse) {
      parts.push(paragraph(messages.approximate, "hint"));
    }
    var link = document.createElement("a");
    link.href = pin.url;
    link.textContent = messages.openPin;
    var linkLine = document.createElement("p");
    linkLine.appendChild(link);
    parts.push(linkLine);
    parts.forEach(function (part) {
      box.appendChild(part);
    });
    return box;
  }

  function pointMarker(feature) {
    var position = feature.geometry.coordinates;
    var pin = feature.properties;
    var marker = L.circleMarker([position[1], position[0]], STYLES[pin.k] || STYLES.n);
    marker.bindPopup(
      paragraph(messages.popupLoading),
      started.popupOptions({ className: "pin-popup-frame" })
    );
    marker.on("popupopen", function () {
      if (marker.popupLoaded) {
        return;
      }
      detailsOf(pin.id).then(
        function (data) {
          marker.popupLoaded = true;
          marker.setPopupContent(describePin(data));
        },
        function () {
          marker.setPopupContent(paragraph(messages.popupFailed));
        }
      );
    });
    return marker;
  }

  function draw(collection) {
    clusterLayer.clearLayers();
    pointLayer.clearLayers();
    var view = map.getBounds();
    var shown = 0;
    if (collection.clustered) {
      collection.features.forEach(function (feature) {
        clusterLayer.addLayer(clusterMarker(feature));
        if (view.contains(L.GeoJSON.coordsToLatLng(feature.geometry.coordinates))) {
          shown += feature.properties.n;
        }
      });
    } else {
      pointLayer.addLayers(collection.features.map(pointMarker));
      collection.features.forEach(function (feature) {
        if (view.contains(L.GeoJSON.coordsToLatLng(feature.geometry.coordinates))) {
          shown += 1;
        }
      });
    }
    if (collection.truncated) {
      say(messages.truncated);
    } else if (shown === 0) {
      say(messages.nothing);
    } else {
      say(fill(shown === 1 ? messages.shownOne : messages.shownOther, { n: numbers.format(shown) }));
    }
  }

  // --- loading --------------------------------------------------------------------------------

  function getJSON(url, signal) {
    return fetch(url, { signal: signal, headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    });
  }

  function filterParams() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value) {
        params.append(key, value);
      }
    });
    return params;
  }

  function clamp(value, limit) {
    return Math.max(-limit, Math.min(limit, value));
  }

  var last = null; // what the layers show: {filters, zoom, box, clustered, truncated}
  var pending = null; // the request on its way: {request, filters, zoom, box}

  function stillShown(filters, zoom) {
    if (!last || last.filters !== filters || !last.box.contains(map.getBounds())) {
      return false;
    }
    return last.clustered ? last.zoom === zoom : zoom >= config.pointZoom && !last.truncated;
  }

  function load(force) {
    var params = filterParams();
    var filters = params.toString();
    var zoom = Math.round(map.getZoom());
    if (!force && stillShown(filters, zoom)) {
      return;
    }
    var padded = map.getBounds().pad(PAD);
    var west = clamp(padded.getWest(), 180);
    var east = clamp(padded.getEast(), 180);
    var south = clamp(padded.getSouth(), 85);
    var north = clamp(padded.getNorth(), 85);
    if (!force && pending && pending.filters === filters && pending.zoom === zoom &&
        pending.box.contains(map.getBounds())) {
      return; // the same answer is on its way
    }
    if (pending) {
      pending.request.abort();
      pending = null;
    }
    if (!(west < east && south < north)) {
      return; // looking past the edge of the world
    }
    params.set("bbox", [west, south, east, north].map(function (x) { return x.toFixed(5); }).join(","));
    params.set("zoom", String(zoom));
    var request = new AbortController();
    var box = L.latLngBounds([south, west], [north, east]);
    pending = { request: request, filters: filters, zoom: zoom, box: box };
    container.setAttribute("aria-busy", "true");
    getJSON(config.apiUrl + "?" + params.toString(), request.signal)
      .then(function (collection) {
        draw(collection);
        last = {
          filters: filters,
          zoom: zoom,
          box: box,
          clustered: Boolean(collection.clustered),
          truncated: Boolean(collection.truncated)
        };
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          say(messages.failed);
        }
      })
      .finally(function () {
        if (pending && pending.request === request) {
          pending = null;
          container.removeAttribute("aria-busy");
        }
      });
  }

  // The address keeps the filters and the view (#zoom/lat/lon), for reloads, links and the
  // language switch; the list link follows the filters.
  function remember() {
    var query = filterParams().toString();
    var centre = map.getCenter();
    var address = location.pathname + (query ? "?" + query : "") + "#" + Math.round(map.getZoom()) +
      "/" + centre.lat.toFixed(5) + "/" + centre.lng.toFixed(5);
    history.replaceState(null, "", address);
    listLink.href = config.listUrl + (query ? "?" + query : "");
    var next = document.querySelector(".language-switch input[name=next]");
    if (next) {
      next.value = address;
    }
  }

  var initialArea = new FormData(form).get("area") || "";

  form.addEventListener("change", function () {
    load(true);
    remember();
  });
  form.addEventListener("submit", function (event) {
    if ((new FormData(form).get("area") || "") !== initialArea) {
      return; // a new area: the page comes back showing it whole
    }
    event.preventDefault();
    load(true);
    remember();
  });
  // Loading redraws the pins, which closes an open popup (its marker is replaced); and opening
  // a popup near an edge pans the map to show it (autoPan), past the loaded margin when it is
  // near the top. So while a popup is open and in view, a move loads nothing; once it is
  // closed, or moved out of view (then closed), the pins are loaded for the view.
  var openPopup = null;
  map.on("popupopen", function (event) {
    openPopup = event.popup;
  });
  map.on("popupclose", function (event) {
    if (openPopup === event.popup) {
      openPopup = null;
      load(false);
    }
  });

  map.on("moveend", function () {
    remember();
    if (openPopup && map.getBounds().contains(openPopup.getLatLng())) {
      return;
    }
    if (openPopup) {
      map.closePopup(); // out of view: the popupclose handler loads
      return;
    }
    load(false);
  });

  // Layers a feature adds (app/map/layers.py): places from their own endpoint, off until the
  // reader turns them on in the layer control; each has a list page linked above the map.
  var overlays = {};
  (config.layers || []).forEach(function (layer) {
    var group = L.layerGroup();
    overlays[layer.label] = group;
    getJSON(layer.url).then(function (collection) {
      L.geoJSON(collection, {
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, { radius: 8, className: "layer-mark layer-" + layer.key });
        },
        onEachFeature: function (feature, marker) {
          var box = document.createElement("div");
          var link = document.createElement("a");
          link.href = feature.properties.url;
          link.textContent = feature.properties.name;
          box.appendChild(link);
          (feature.properties.lines || []).forEach(function (line) {
            box.appendChild(paragraph(line, "pin-meta"));
          });
          marker.bindPopup(box);
        },
      }).addTo(group);
    });
  });
  if (Object.keys(overlays).length) {
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
  }

  var view = /^#(\d{1,2})\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/.exec(location.hash);
  if (view) {
    map.setView([Number(view[2]), Number(view[3])], Number(view[1]));
  } else if (config.areaBounds) {
    map.fitBounds(config.areaBounds);
  } else if (config.servedBounds) {
    map.fitBounds(config.servedBounds);
  }
  if (window.PlaceFinder) {
    window.PlaceFinder.attach(document.querySelector("[data-place-finder]"), map);
  }
  load(false);
})();
