/* Similar ideas while a citizen types the title of a new one.
 *
 * [data-idea-suggestions] is an aria-live region under the title input (data-for names it).
 * After a pause in typing (300 ms) it asks data-url?title=… and lists the answers as links, so
 * that a citizen can support an idea already posted instead of posting it again, or read the
 * city's answer to one already answered. Titles are
 * other people's text: they go into the page with textContent only, never as HTML.
 *
 * Without this script the form works the same, without the suggestions.
 */
(function () {
  "use strict";

  var DELAY_MS = 300;
  var MIN_LENGTH = 2;

  function suggestions(region) {
    var input = document.getElementById(region.dataset.for);
    if (!input || !window.fetch) {
      return;
    }
    var timer = null;
    var controller = null;
    var lastAsked = null;

    function clear() {
      while (region.firstChild) {
        region.removeChild(region.firstChild);
      }
    }

    function group(heading, ideas, facts) {
      if (!ideas.length) {
        return;
      }
      var title = document.createElement("p");
      title.className = "meta";
      title.textContent = heading;
      region.appendChild(title);
      var list = document.createElement("ul");
      ideas.forEach(function (idea) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = idea.url;
        link.textContent = idea.title;
        item.appendChild(link);
        var details = document.createElement("span");
        details.className = "meta";
        details.textContent = " · " + facts(idea);
        item.appendChild(details);
        list.appendChild(item);
      });
      region.appendChild(list);
    }

    // Ideas that still take support are offered for it; answered ones only for their answer
    // (their link leads to it), under a heading of their own.
    function show(ideas) {
      clear();
      group(
        region.dataset.heading,
        ideas.filter(function (idea) {
          return idea.takes_support !== false;
        }),
        function (idea) {
          return idea.status_label + " · " + region.dataset.supportsLabel + " " + idea.supports;
        }
      );
      group(
        region.dataset.answeredHeading,
        ideas.filter(function (idea) {
          return idea.takes_support === false;
        }),
        function (idea) {
          return region.dataset.answerLabel;
        }
      );
    }

    function ask() {
      var title = input.value.trim();
      if (title === lastAsked) {
        return;
      }
      lastAsked = title;
      if (controller) {
        controller.abort(); // an older answer must not replace a newer one
      }
      if (title.length < MIN_LENGTH) {
        clear();
        return;
      }
      controller = window.AbortController ? new AbortController() : null;
      var url = region.dataset.url + "?title=" + encodeURIComponent(title);
      fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("suggestions unavailable");
          }
          return response.json();
        })
        .then(function (data) {
          show(Array.isArray(data.ideas) ? data.ideas : []);
        })
        .catch(function () {
          // Aborted, offline or rate-limited: suggestions are a help, not a step.
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY_MS);
    });
    if (input.value.trim().length >= MIN_LENGTH) {
      ask(); // a form shown again with a mistake keeps its title
    }
  }

  document.querySelectorAll("[data-idea-suggestions]").forEach(suggestions);
})();
