/* A field's error goes away once the person changes the field: the message said what to
 * correct, and a message still shown beside a corrected value reads as if it were still wrong.
 * The field loses aria-invalid and its error paragraph (the `field` macro's {id}-error); when
 * no field of the form is marked any more, the form's summary ("Please correct the marked
 * fields") goes too. The server checks everything again when the form is sent.
 *
 * Other scripts mark a field with markInvalid(input, message) (window.hopeFieldErrors), in the
 * same shape the server renders, so that both kinds of message come and go alike.
 */
(function () {
  "use strict";

  function fieldOf(input) {
    return input.closest(".field");
  }

  function errorOf(input) {
    // A group of checkboxes or radios shares one message, named after the group.
    var field = fieldOf(input);
    var error = input.id ? document.getElementById(input.id + "-error") : null;
    if (!error && field) {
      error = field.querySelector(":scope > .error");
    }
    return error;
  }

  function describedBy(input, id, present) {
    var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (x) {
      return x && x !== id;
    });
    if (present) {
      ids.push(id);
    }
    if (ids.length) {
      input.setAttribute("aria-describedby", ids.join(" "));
    } else {
      input.removeAttribute("aria-describedby");
    }
  }

  function clearSummary(form) {
    if (form && !form.querySelector("[aria-invalid=true], .has-error .error")) {
      var summary = form.previousElementSibling;
      if (summary && summary.classList.contains("form-errors")) {
        summary.remove();
      }
    }
  }

  function clear(input) {
    var error = errorOf(input);
    input.removeAttribute("aria-invalid");
    if (error) {
      describedBy(input, error.id, false);
      error.remove();
    }
    var field = fieldOf(input);
    if (field) {
      field.classList.remove("has-error");
      field.querySelectorAll("[aria-invalid=true]").forEach(function (other) {
        other.removeAttribute("aria-invalid");
      });
    }
    clearSummary(input.form);
  }

  function markInvalid(input, message) {
    var error = errorOf(input);
    if (!error) {
      error = document.createElement("p");
      error.className = "error";
      error.id = (input.id || input.name) + "-error";
      input.insertAdjacentElement("afterend", error);
    }
    error.textContent = message;
    input.setAttribute("aria-invalid", "true");
    describedBy(input, error.id, true);
    var field = fieldOf(input);
    if (field) {
      field.classList.add("has-error");
    }
  }

  function changed(event) {
    var input = event.target;
    if (!(input instanceof HTMLElement) || !input.form) {
      return;
    }
    var field = fieldOf(input);
    if (input.getAttribute("aria-invalid") === "true" || (field && field.classList.contains("has-error"))) {
      clear(input);
    }
  }

  // A choice (a list, a box, a file) is changed by the change itself; typed text by `input`.
  // Typed text also fires `change`, but only when the person leaves the field: often by
  // pressing the form's button. Removing the message then would move the button away under
  // the pointer between press and release, and the click would be lost (on a slow connection,
  // text typed before this script arrived is cleared exactly then). Such a message waits for
  // the next keystroke; the server checks the form again anyway.
  function isChoice(element) {
    var type = (element.getAttribute("type") || "").toLowerCase();
    return (
      element instanceof HTMLSelectElement ||
      type === "checkbox" ||
      type === "radio" ||
      type === "file"
    );
  }

  document.addEventListener("input", changed);
  document.addEventListener("change", function (event) {
    if (event.target instanceof HTMLElement && isChoice(event.target)) {
      changed(event);
    }
  });
  window.hopeFieldErrors = { markInvalid: markInvalid, clear: clear };
})();
