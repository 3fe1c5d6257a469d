/* A file larger than its field allows is refused at the field before the form is sent.
 *
 * A file input names its limit (data-max-bytes) and the translated message (data-too-large;
 * app/forms.py SizeLimitedFileInput). Chosen too large, the field shows the message; sent
 * anyway, the form stays here (the capture phase runs before submit-once.js, which then leaves
 * the form alone) and the field takes the focus. Without this script the server refuses the
 * file with the same message, or, past the request's limit, with its "Too large" page.
 * Runs after field-errors.js, whose change handler first clears the field's old message.
 */
(function () {
  "use strict";

  var SELECTOR = "input[type=file][data-max-bytes]";

  function tooLarge(input) {
    var max = Number(input.dataset.maxBytes);
    return Array.prototype.some.call(input.files || [], function (file) {
      return file.size > max;
    });
  }

  function mark(input) {
    if (window.hopeFieldErrors) {
      window.hopeFieldErrors.markInvalid(input, input.dataset.tooLarge);
    }
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.matches(SELECTOR) && tooLarge(input)) {
      mark(input);
    }
  });

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement)) {
        return;
      }
      var refused = Array.prototype.filter.call(form.querySelectorAll(SELECTOR), tooLarge);
      if (!refused.length) {
        return;
      }
      event.preventDefault();
      refused.forEach(mark);
      refused[0].focus();
    },
    true
  );
})();
