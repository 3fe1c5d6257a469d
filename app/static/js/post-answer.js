/* A page that answers a POST (a form sent back with its mistakes, a refusal page) becomes, in
 * the browser's history, a plain visit of the address the server names in
 * <html data-back-address> (app/history.py). Going Back to it then opens that page again,
 * instead of the browser's "Confirm Form Resubmission", which offers to send the form once
 * more. The page itself is not reloaded: replaceState only rewrites the history entry.
 */
(function () {
  "use strict";

  var address = document.documentElement.getAttribute("data-back-address");
  if (address && window.history && window.history.replaceState) {
    window.history.replaceState(null, "", address + window.location.hash);
  }
})();
