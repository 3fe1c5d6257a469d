/* The small maps of the needs-and-offers pages (Leaflet, served from our static files).
 *
 * [data-location-picker] on the pin form: a click on the map fills the longitude and latitude
 *   inputs, and typing in them moves the marker. The inputs are the text alternative: they work
 *   alone, with this script off, for anyone who cannot use a map.
 * [data-pin-map] on a pin's page: its public place (a circle when it is approximate) and, for
 *   its author and the area's staff only, the exact point the server chose to send.
 *
 * Both maps stay hidden until this script shows them, so nobody meets an empty box.
 */
(function () {
  "use strict";
  if (typeof L === "undefined") {
    return;
  }

  function number(text) {
    var value = parseFloat(String(text || "").replace(",", "."));
    return isFinite(value) ? value : null;
  }

  function baseMap(element, lat, lon, zoom) {
    element.hidden = false;
    var map = L.map(element, { scrollWheelZoom: false, maxZoom: 18 }).setView([lat, lon], zoom);
    L.tileLayer(element.dataset.tileUrl, {
      attribution: element.dataset.attribution,
      maxZoom: 18,
    }).addTo(map);
    return map;
  }

  function locationPicker(element) {
    var lonInput = document.getElementById(element.dataset.lonInput);
    var latInput = document.getElementById(element.dataset.latInput);
    var status = element.parentNode.querySelector("[data-location-status]");
    if (!lonInput || !latInput) {
      return;
    }
    var lon = number(lonInput.value);
    var lat = number(latInput.value);
    var chosen = lon !== null && lat !== null;
    // Not chosen yet: the person's last area, else every served area (the server decides).
    var start = JSON.parse(element.dataset.startBounds || "null");
    var map = chosen
      ? baseMap(element, lat, lon, 16)
      : baseMap(element, number(element.dataset.centreLat), number(element.dataset.centreLon), 7);
    if (!chosen && start) {
      map.fitBounds(start);
    }
    var marker = null;

    function place(lat, lon) {
      if (marker) {
        marker.setLatLng([lat, lon]);
      } else {
        marker = L.marker([lat, lon], { keyboard: false }).addTo(map);
      }
    }

    if (chosen) {
      place(lat, lon);
    }
    function choose(lat, lon) {
      lonInput.value = lon.toFixed(5);
      latInput.value = lat.toFixed(5);
      place(lat, lon);
      if (status) {
        status.textContent = element.dataset.chosenMessage
          .replace("{lon}", lonInput.value)
          .replace("{lat}", latInput.value);
      }
    }
    map.on("click", function (event) {
      var point = event.latlng.wrap();
      choose(point.lat, point.lng);
    });
    if (window.PlaceFinder) {
      // "Use my location" chooses that point too; a found area only moves the map.
      window.PlaceFinder.attach(element.parentNode.querySelector("[data-place-finder]"), map, choose);
    }

    function followInputs() {
      var lon = number(lonInput.value);
      var lat = number(latInput.value);
      if (lon !== null && lat !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
        place(lat, lon);
        map.panTo([lat, lon]);
      }
    }
    lonInput.addEventListener("change", followInputs);
    latInput.addEventListener("change", followInputs);
  }

  function pinMap(element) {
    var lon = number(element.dataset.lon);
    var lat = number(element.dataset.lat);
    if (lon === null || lat === null) {
      return;
    }
    var map = baseMap(element, lat, lon, 15);
    if (element.dataset.coarse === "true") {
      var circle = L.circle([lat, lon], {
        radius: number(element.dataset.radius) || 300,
        color: "#8a3014",
        weight: 2,
        fillOpacity: 0.15,
      }).addTo(map);
      map.fitBounds(circle.getBounds(), { padding: [20, 20] });
    } else {
      L.marker([lat, lon], { keyboard: false }).addTo(map);
    }
    var exactLon = number(element.dataset.exactLon);
    var exactLat = number(element.dataset.exactLat);
    if (exactLon !== null && exactLat !== null && element.dataset.coarse === "true") {
      L.marker([exactLat, exactLon], { keyboard: false, title: element.dataset.exactLabel })
        .bindTooltip(element.dataset.exactLabel)
        .addTo(map);
    }
  }

  document.querySelectorAll("[data-location-picker]").forEach(locationPicker);
  document.querySelectorAll("[data-pin-map]").forEach(pinMap);
})();
