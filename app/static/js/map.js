/* The community map (templates/map/page.html): the pins of the visible area, by tile from
 * /api/pins/tiles/<z>/<x>/<y> (the same view asks for the same URLs, which caches can keep).
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
    params.sort(); // one order, so that the same filters give the same URLs (and cache hits)
    return params;
  }

  function clamp(value, limit) {
    return Math.max(-limit, Math.min(limit, value));
  }

  // --- tiles: the grid of every web map, 256 pixels square (app/map/tiles.py) ----------------

  var MAX_LAT = 85.05112878;
  var MARGIN = 0.1; // of the view on each side: small moves need no new tile
  var FRESH_MS = 1000; // the API's max-age: a kept answer older than this is asked again

  function tileColumn(lon, zoom) {
    var n = Math.pow(2, zoom);
    return Math.min(n - 1, Math.max(0, Math.floor((lon + 180) / 360 * n)));
  }

  function tileRow(lat, zoom) {
    var n = Math.pow(2, zoom);
    var sin = Math.sin(clamp(lat, MAX_LAT) * Math.PI / 180);
    var y = 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
    return Math.min(n - 1, Math.max(0, Math.floor(y * n)));
  }

  // The tiles covering a box, row by row from the north-west (as tiles_covering does).
  function tileUrls(bounds, zoom, filters) {
    var first = [tileColumn(clamp(bounds.getWest(), 180), zoom), tileRow(bounds.getNorth(), zoom)];
    var last = [tileColumn(clamp(bounds.getEast(), 180), zoom), tileRow(bounds.getSouth(), zoom)];
    var urls = [];
    for (var y = first[1]; y <= last[1]; y++) {
      for (var x = first[0]; x <= last[0]; x++) {
        urls.push(config.tileUrl + zoom + "/" + x + "/" + y + (filters ? "?" + filters : ""));
      }
    }
    return urls;
  }

  // Tile answers kept for the page's life, by URL: {etag, collection, at}. Within FRESH_MS one
  // is used as is; after, it is asked again (the browser revalidates with its ETag) and the
  // parsed answer reused when the ETag (the tile's version) is the same.
  var kept = {};
  var inFlight = {}; // URL -> {request: AbortController, promise}

  function tileAnswer(url) {
    var entry = kept[url];
    if (entry && Date.now() - entry.at < FRESH_MS) {
      return Promise.resolve(entry.collection);
    }
    if (inFlight[url]) {
      return inFlight[url].promise;
    }
    var request = new AbortController();
    var promise = fetch(url, { signal: request.signal, headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        var etag = response.headers.get("ETag");
        var old = kept[url];
        if (etag && old && old.etag === etag) {
          old.at = Date.now();
          return old.collection;
        }
        return response.json().then(function (collection) {
          kept[url] = { etag: etag, collection: collection, at: Date.now() };
          return collection;
        });
      })
      .finally(function () {
        if (inFlight[url] && inFlight[url].request === request) {
          delete inFlight[url];
        }
      });
    inFlight[url] = { request: request, promise: promise };
    return promise;
  }

  // The union of the tiles' answers, drawn as one collection (each cluster and each pin is in
  // one tile only, so nothing is counted twice).
  function union(collections) {
    var all = { clustered: false, truncated: false, features: [] };
    collections.forEach(function (collection) {
      all.clustered = all.clustered || Boolean(collection.clustered);
      all.truncated = all.truncated || Boolean(collection.truncated);
      all.features = all.features.concat(collection.features);
    });
    return all;
  }

  var shownKey = null; // the URLs the layers show, joined
  var wanted = null; // the URLs of the latest load, joined: older answers are not drawn

  function load(force) {
    var zoom = Math.round(map.getZoom());
    var urls = tileUrls(map.getBounds().pad(MARGIN), zoom, filterParams().toString());
    var key = urls.join(" ");
    if (!force && (key === shownKey || key === wanted)) {
      return;
    }
    wanted = key;
    // Requests for tiles this view no longer needs are stale: stop them.
    Object.keys(inFlight).forEach(function (url) {
      if (urls.indexOf(url) === -1) {
        inFlight[url].request.abort();
        delete inFlight[url];
      }
    });
    container.setAttribute("aria-busy", "true");
    Promise.all(urls.map(tileAnswer))
      .then(function (collections) {
        if (wanted === key) {
          draw(union(collections));
          shownKey = key;
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError" && wanted === key) {
          say(messages.failed);
        }
      })
      .finally(function () {
        if (wanted === key) {
          wanted = null;
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
