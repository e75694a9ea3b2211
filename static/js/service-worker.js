// The installed app's service worker: when a page cannot be reached (no connection), show the offline
// page instead of the browser's error. It keeps that page and its stylesheet only: every other page,
// signed in or not, always comes from the server and is never stored here.
"use strict";
var CACHE = "jurycourt-offline-v1";
var OFFLINE = "/offline";
var KEPT = [OFFLINE, "/static/css/site.css", "/static/favicon.svg"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(KEPT); }));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== CACHE; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.mode !== "navigate") return;  // the browser's own handling
  event.respondWith(fetch(request).catch(function () {
    return caches.open(CACHE).then(function (cache) { return cache.match(OFFLINE); });
  }));
});
