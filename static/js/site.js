// jurycourt's own script. Inline script and hx-on are forbidden by our CSP, so behaviour lives here.
(function () {
  "use strict";
  // Move focus to a form's error summary so screen-reader users hear what went wrong.
  function focusErrors(root) {
    var summary = (root || document).querySelector(".error-summary");
    if (summary) summary.focus();
  }
  document.addEventListener("DOMContentLoaded", function () { focusErrors(document); });
  document.addEventListener("htmx:after:swap", function (event) { focusErrors(event.target); });
})();
