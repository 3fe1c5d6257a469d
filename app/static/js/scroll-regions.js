/* A table wider than the screen scrolls inside its .table-wrap (site.css). A finger can scroll
 * it; a keyboard can only once the wrapper takes focus. So a wrapper that overflows becomes a
 * focusable region named after its table (its aria-labelledby heading or its caption), and one
 * that fits stays out of the tab order: on a wide screen nothing changes. Re-checked when the
 * wrapper's size changes (a phone turned sideways).
 */
(function () {
  "use strict";

  function nameRegion(wrap) {
    var table = wrap.querySelector("table");
    if (!table) {
      return;
    }
    var labelledBy = table.getAttribute("aria-labelledby");
    var caption = table.querySelector("caption");
    if (labelledBy) {
      wrap.setAttribute("aria-labelledby", labelledBy);
    } else if (caption && caption.textContent.trim()) {
      wrap.setAttribute("aria-label", caption.textContent.trim());
    } else {
      return; // no name to give: focusable, but not announced as a region
    }
    wrap.setAttribute("role", "region");
  }

  function update(wrap) {
    if (wrap.scrollWidth > wrap.clientWidth) {
      wrap.setAttribute("tabindex", "0");
      nameRegion(wrap);
    } else {
      ["tabindex", "role", "aria-label", "aria-labelledby"].forEach(function (name) {
        wrap.removeAttribute(name);
      });
    }
  }

  var wraps = document.querySelectorAll(".table-wrap");
  Array.prototype.forEach.call(wraps, update);
  if ("ResizeObserver" in window) {
    var observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) {
        update(entry.target);
      });
    });
    Array.prototype.forEach.call(wraps, function (wrap) {
      observer.observe(wrap);
    });
  }
})();
