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
  // Live regions (the jury room) carry the ETag of what they show: ask "anything new?" and let
  // the server answer 304 (htmx does not swap a 304). Signed-in pages are never cached, so the
  // browser would not send If-None-Match by itself.
  document.addEventListener("htmx:config:request", function (event) {
    var ctx = event.detail && event.detail.ctx;
    var etag = ctx && ctx.sourceElement && ctx.sourceElement.getAttribute("data-etag");
    if (etag && ctx.request.method === "GET") {
      ctx.request.headers["If-None-Match"] = etag;
      ctx.request.cache = "no-store";
    }
  });
})();
