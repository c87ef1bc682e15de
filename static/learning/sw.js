/* Cheber's service worker: learning pages saved for offline reading.
 * Pages and files come from the network when it answers; when it does not, from the caches
 * the "Save for offline" button filled (one cache per course, named cheber-course-<id>).
 * Version: __VERSION__ (the server writes it; a new version drops the old shell cache). */
"use strict";

var SHELL = "cheber-shell-__VERSION__";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("cheber-shell-") === 0 && name !== SHELL;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function fromCache(request) {
  // Pages vary on the cookie; a saved page is the learner's own, so the cookie is ignored.
  return caches.match(request.url, { ignoreVary: true, ignoreSearch: false });
}

function offlinePage() {
  return new Response(
    "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>" +
    "<title>Интернет жок · Нет соединения</title><p>Интернет жок. Бул бет оффлайн сакталган эмес.</p>" +
    "<p>Нет соединения. Эта страница не сохранена для офлайн-чтения.</p>",
    { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }
  );
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (new URL(request.url).origin !== self.location.origin) {
    return;
  }
  if (request.method !== "GET") {
    // Straight to the network (a failure reaches the page, whose outbox keeps the mark); the
    // worker's own fetch, so that it fails like every other request when there is no network.
    event.respondWith(fetch(request));
    return;
  }
  // HTMX fragments are never saved: only whole pages are.
  if (request.headers.get("HX-Request")) {
    return;
  }
  event.respondWith(
    fetch(request).catch(function () {
      return fromCache(request).then(function (cached) {
        if (cached) { return cached; }
        return request.mode === "navigate" ? offlinePage() : Response.error();
      });
    })
  );
});
