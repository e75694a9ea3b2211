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

  // Errors never nest: htmx 4 swaps 4xx/5xx answers like any other, so a fragment's error is
  // handled here instead. 401/403: sign in and come back to this page; 5xx: keep the region (a
  // live part keeps polling) and say so; anything else (404, 410): the region is gone, and the
  // server's short notice (or ours, should a whole page come back) takes its place. 422 is a
  // refused form re-rendered with its errors: htmx swaps it as usual. The words come from the
  // page (data-* on <body>), so they are in the reader's language.
  function words(name) { return document.body.getAttribute("data-" + name) || ""; }
  function isWholePage(text) { return /<html|<body|site-header/i.test(text || ""); }
  function notice(kind, text) {
    var box = document.createElement("div");
    box.className = "alert live-notice";
    box.setAttribute("role", kind === "retry" ? "status" : "alert");
    box.setAttribute("data-live-notice", kind);
    var line = document.createElement("p");
    line.textContent = text + " ";
    var reload = document.createElement("a");
    reload.href = window.location.href;
    reload.textContent = words("notice-reload");
    line.appendChild(reload);
    box.appendChild(line);
    return box;
  }
  // Sent to sign in from this page a moment ago and refused again once back (signed in, yet not
  // allowed): say so in place rather than go round in circles.
  function signInLoop(page) {
    var key = "jurycourt-sign-in:" + page, now = Date.now(), last = 0;
    try { last = Number(window.sessionStorage.getItem(key)) || 0; window.sessionStorage.setItem(key, String(now)); }
    catch (e) { return false; }
    return now - last < 30000;
  }
  document.addEventListener("htmx:after:request", function (event) {
    var ctx = event.detail && event.detail.ctx;
    if (!ctx || !ctx.response) return;
    var status = ctx.response.status;
    if (status >= 200 && status < 300 && ctx.request.method === "POST" &&
        ctx.sourceElement && ctx.sourceElement.tagName === "FORM") {
      ctx.sourceElement.reset();  // sent: a morphing swap keeps what the reader typed, so clear it
    }
    var stale = ctx.target && ctx.target.querySelector && ctx.target.querySelector("[data-live-notice=retry]");
    if (stale && status < 400) stale.remove();  // answered again (a 304 too): the retry notice goes
    if (status < 400 || status === 422) return;
    if (ctx.request.headers["HX-Request-Type"] !== "partial") return;  // a whole page shows its own error
    event.preventDefault();
    var target = ctx.target;
    var back = window.location.pathname + window.location.search;
    if ((status === 401 || status === 403) && !signInLoop(back)) {
      window.location.assign((ctx.hx && ctx.hx.redirect) || words("sign-in") + "?next=" + encodeURIComponent(back));
      return;
    }
    if (!target || !target.isConnected) return;
    if (status >= 500) {
      if (!target.querySelector("[data-live-notice]")) target.insertBefore(notice("retry", words("notice-retry")), target.firstChild);
      return;
    }
    var answer = document.createElement("template");
    answer.innerHTML = isWholePage(ctx.text) ? "" : ctx.text;
    if (status === 404 || status === 410) {  // the region is gone: its notice takes its place
      target.replaceWith(answer.content.childElementCount ? answer.content : notice("gone", words("notice-gone")));
      return;
    }
    // Any other refusal (400, 409, 429…): say why above the region, which stays as it was.
    var old = target.querySelector("[data-live-notice]");
    if (old) old.remove();
    var box = notice("refused", "");
    if (answer.content.childElementCount) box.replaceChildren(answer.content);
    target.insertBefore(box, target.firstChild);
  });
  // A boosted page swaps the body only: the language it is written in (its <html lang>, which
  // changes when someone signs in or switches) comes along here, for screen readers and spelling.
  document.addEventListener("htmx:after:request", function (event) {
    var ctx = event.detail && event.detail.ctx;
    var lang = ctx && typeof ctx.text === "string" && /^\s*<!doctype html>\s*<html[^>]*\slang="([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)"/i.exec(ctx.text);
    if (lang) document.documentElement.lang = lang[1];
  });
  // A morphing swap keeps a field's typed text unless the server's own text for it changed: after
  // a refused form came back with its text, make that text the reader's own, so the next live
  // update (which renders the field empty) does not take it away.
  document.addEventListener("htmx:after:swap", function (event) {
    var fields = event.target.querySelectorAll ? event.target.querySelectorAll(
      "textarea, input[type=text], input:not([type])") : [];
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i], typed = field.value;
      if (field.tagName === "TEXTAREA") { if (field.defaultValue) { field.defaultValue = ""; field.value = typed; } }
      else if (field.getAttribute("value")) { field.setAttribute("value", ""); field.value = typed; }
    }
  });

  // Irreversible steps ask first: a button with data-confirm (what it will change) opens the
  // page's <dialog>; "yes" sends the form as that button would have, with confirmed=yes.
  var pending = null;
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-confirm]");
    var dialog = document.getElementById("confirm-dialog");
    if (!button || !button.form || !dialog || typeof dialog.showModal !== "function") return;
    event.preventDefault();
    pending = button;
    dialog.querySelector("[data-confirm-text]").textContent = button.getAttribute("data-confirm");
    dialog.querySelector("[data-confirm-yes]").textContent = button.textContent;
    dialog.querySelector("#confirm-dialog-title").textContent = button.textContent + "?";
    dialog.returnValue = "";
    dialog.showModal();
  });
  document.addEventListener("close", function (event) {
    if (event.target.id !== "confirm-dialog" || !pending) return;
    var button = pending;
    pending = null;
    if (event.target.returnValue !== "yes" || !button.isConnected) return;
    var confirmed = button.form.querySelector("input[name=confirmed]");
    if (!confirmed) {
      confirmed = document.createElement("input");
      confirmed.type = "hidden";
      confirmed.name = "confirmed";
      button.form.appendChild(confirmed);
    }
    confirmed.value = "yes";
    button.form.requestSubmit(button);
  }, true);

  // The hearing screen's timer: how long the current phase has run (mm:ss, or h:mm:ss), from the
  // server's time of the phase change; without JavaScript it says since when.
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var timers = document.querySelectorAll("time[data-since]");
    for (var i = 0; i < timers.length; i++) {
      var since = Date.parse(timers[i].getAttribute("data-since"));
      if (isNaN(since)) continue;
      var s = Math.max(0, Math.floor((Date.now() - since) / 1000));
      var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
      timers[i].textContent = (h ? h + ":" + pad(m) : String(m)) + ":" + pad(s % 60);
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector("time[data-since]") || document.body.classList.contains("hearing-screen")) {
      tick();
      window.setInterval(tick, 1000);
    }
  });
  document.addEventListener("htmx:after:swap", tick);

  // Copy buttons (ui.html's copy_button): shown only where the page can write to the clipboard.
  function showCopyButtons(root) {
    if (!(navigator.clipboard && window.isSecureContext)) return;
    var buttons = (root || document).querySelectorAll("button[data-copy]");
    for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  }
  // Print buttons (a link's page, printed with its QR code): hidden without JavaScript, like Copy.
  function showPrintButtons(root) {
    var buttons = (root || document).querySelectorAll("button[data-print]");
    for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  }
  document.addEventListener("DOMContentLoaded", function () { showPrintButtons(document); });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("button[data-print]")) window.print();
  });
  // A link in a read-only field is selected whole when the field gets focus, ready to copy by hand.
  document.addEventListener("focusin", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-select-all")) event.target.select();
  });
  document.addEventListener("DOMContentLoaded", function () { showCopyButtons(document); });
  document.addEventListener("htmx:after:swap", function (event) { showCopyButtons(event.target); });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    var text = source.value || source.getAttribute("href") || source.textContent;
    var status = button.parentNode.querySelector(".copy-status");
    navigator.clipboard.writeText(text.trim()).then(function () {
      if (status) status.textContent = button.getAttribute("data-copied");
    });
  });

  // Back and Forward keep the scroll position. htmx restores a boosted page by fetching it again, which
  // starts it at the top: remember where each address was left, and go back there once it is restored.
  // (Without JavaScript the browser does this itself.)
  var SCROLLS = "jurycourt:scroll";
  var restoring = null;
  function scrolls() {
    try { return JSON.parse(window.sessionStorage.getItem(SCROLLS) || "{}"); } catch (e) { return {}; }
  }
  document.addEventListener("htmx:before:history:update", function () {
    var kept = scrolls();
    kept[location.pathname + location.search] = window.scrollY;
    try { window.sessionStorage.setItem(SCROLLS, JSON.stringify(kept)); } catch (e) { /* private mode: no memory */ }
  });
  document.addEventListener("htmx:before:history:restore", function (event) {
    restoring = event.detail && event.detail.path;
  });
  document.addEventListener("htmx:after:swap", function () {
    if (restoring === null) return;
    var y = scrolls()[restoring];
    restoring = null;
    if (typeof y === "number") window.scrollTo(0, y);
  });

  // The installed app's service worker (static/js/service-worker.js, served at the site's root for its
  // scope): it only keeps the offline page, shown when a page cannot be reached. Never any other page.
  document.addEventListener("DOMContentLoaded", function () {
    var worker = document.body.getAttribute("data-service-worker");
    if (worker && "serviceWorker" in navigator && window.isSecureContext) {
      navigator.serviceWorker.register(worker).catch(function () { /* the site works without it */ });
    }
  });
})();
