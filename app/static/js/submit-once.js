/* A form sent once: after the first click (or Enter) on a POST form, its submit buttons are
 * disabled until the next page, so a double click or an impatient second click sends nothing
 * more. The server does not rely on this (a replayed form is answered with its first result,
 * see app/submissions.py); it spares the person a second wait and a confusing second answer.
 *
 * The buttons keep their text, so their accessible name does not change; the form is marked
 * aria-busy while it is on its way. They are disabled just after the submit event, not in it:
 * a disabled button's name and value would be left out of what the form sends. Coming back
 * with the browser's Back button (a page restored from the back-forward cache) enables them
 * again. A form with a target (a new window) or data-submit-again is left alone.
 */
(function () {
  "use strict";

  var SENT = "data-submitting";
  var DISABLED_HERE = "data-disabled-on-submit";

  function submitButtons(form) {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.type === "submit" && !element.disabled;
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") {
      return;
    }
    if (form.hasAttribute("target") || form.hasAttribute("data-submit-again")) {
      return;
    }
    if (form.hasAttribute(SENT)) {
      event.preventDefault(); // already on its way
      return;
    }
    if (event.defaultPrevented) {
      return; // another script kept it here (its own checks)
    }
    form.setAttribute(SENT, "");
    form.setAttribute("aria-busy", "true");
    var buttons = submitButtons(form);
    window.setTimeout(function () {
      buttons.forEach(function (button) {
        button.disabled = true;
        button.setAttribute(DISABLED_HERE, "");
      });
    }, 0);
  });

  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[" + SENT + "]").forEach(function (form) {
      form.removeAttribute(SENT);
      form.removeAttribute("aria-busy");
    });
    document.querySelectorAll("[" + DISABLED_HERE + "]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute(DISABLED_HERE);
    });
  });
})();
