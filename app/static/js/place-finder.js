/* Finding a place on a Leaflet map (templates/_macros/place_finder.html).
 *
 * A search of the served areas by Korean or English name (/api/areas/search): the results are
 * a list of buttons (Tab and Enter reach and choose them), their number is announced in the
 * status line, and choosing one moves the map to that area. "Use my location" asks the
 * browser; a refusal or a failure is said plainly, with the other ways to choose the place.
 * `PlaceFinder.attach(element, map, onLocated)`: onLocated(lat, lon) is called after the
 * map moved to the person's location (the pin form takes it as the chosen place).
 */
(function () {
  "use strict";

  var WAIT_MS = 250; // typing pauses this long before a search is sent

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? values[key] : whole;
    });
  }

  function attach(element, map, onLocated) {
    if (!element || !map) {
      return;
    }
    var config = JSON.parse(element.dataset.config);
    var messages = config.messages;
    var input = element.querySelector("[data-place-query]");
    var results = element.querySelector("[data-place-results]");
    var status = element.querySelector("[data-place-status]");
    var locate = element.querySelector("[data-use-location]");
    var timer = null;
    var pending = null;
    element.hidden = false;

    function say(text) {
      status.textContent = text;
    }

    function choose(area) {
      var box = area.bbox; // [west, south, east, north]
      // Said once the map has arrived, so that what is announced is what is shown.
      map.once("moveend", function () {
        say(fill(messages.shown, { name: area.gu ? area.gu + " " + area.name : area.name }));
      });
      map.fitBounds([[box[1], box[0]], [box[3], box[2]]]);
    }

    function show(areas) {
      results.textContent = "";
      areas.forEach(function (area) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "link-button";
        button.textContent = area.gu ? area.name + " (" + area.gu + ")" : area.name;
        button.addEventListener("click", function () {
          choose(area);
        });
        item.appendChild(button);
        results.appendChild(item);
      });
      if (!areas.length) {
        say(messages.nothing);
      } else {
        say(fill(areas.length === 1 ? messages.foundOne : messages.foundOther, { n: areas.length }));
      }
    }

    function search() {
      var query = input.value.trim();
      if (pending) {
        pending.abort();
        pending = null;
      }
      if (!query || query.length > config.maxLength) {
        results.textContent = "";
        return;
      }
      pending = new AbortController();
      fetch(config.searchUrl + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        signal: pending.signal
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (body) {
          show(body.areas);
        })
        .catch(function (error) {
          if (error.name !== "AbortError") {
            say(messages.failed);
          }
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, WAIT_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // in the pin form, Enter here must not post the form
        clearTimeout(timer);
        search();
      } else if (event.key === "ArrowDown" && results.querySelector("button")) {
        event.preventDefault();
        results.querySelector("button").focus();
      }
    });
    results.addEventListener("keydown", function (event) {
      var item = event.target.closest("li");
      if (!item) {
        return;
      }
      var next = event.key === "ArrowDown" ? item.nextElementSibling
        : event.key === "ArrowUp" ? item.previousElementSibling : null;
      if (next) {
        event.preventDefault();
        next.querySelector("button").focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        input.focus();
      }
    });

    if (!navigator.geolocation) {
      locate.hidden = true;
      return;
    }
    locate.addEventListener("click", function () {
      say(messages.locating);
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var lat = position.coords.latitude;
          var lon = position.coords.longitude;
          map.setView([lat, lon], 16);
          say(messages.located);
          if (onLocated) {
            onLocated(lat, lon);
          }
        },
        function (error) {
          say(error.code === error.PERMISSION_DENIED ? messages.refused : messages.unavailable);
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 }
      );
    });
  }

  window.PlaceFinder = { attach: attach };
})();
