/* The "Save for offline" button of a course: registers the service worker and puts the
 * course's pages and files (listed by the server at data-manifest) into its cache.
 * Whole files are fetched (no Range): the Cache API refuses partial responses. */
"use strict";

(function () {
  if ("serviceWorker" in navigator) {
    // Served from the root, it controls only the learning pages: the rest of Cheber (the admin,
    // exports, downloads) never passes through it.
    navigator.serviceWorker.register("/sw.js", { scope: "/learning/" }).catch(function () {});
  }
  var button = document.querySelector("[data-save-offline]");
  if (!button) { return; }
  var status = document.getElementById(button.getAttribute("aria-controls"));
  if (!("serviceWorker" in navigator) || !window.caches) {
    button.hidden = true;
    return;
  }
  button.hidden = false;

  function say(text) { if (status) { status.textContent = text; } }

  function save() {
    button.disabled = true;
    say(button.dataset.saving);
    fetch(button.dataset.manifest, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("manifest " + response.status); }
        return response.json();
      })
      .then(function (manifest) {
        // One at a time: a slow connection is not asked for everything at once.
        return caches.open(manifest.cache).then(function (cache) {
          return manifest.urls.reduce(function (chain, url) {
            return chain.then(function () {
              return fetch(url, { credentials: "same-origin" }).then(function (response) {
                if (!response.ok) { throw new Error(url + " " + response.status); }
                return cache.put(url, response);
              });
            });
          }, Promise.resolve());
        }).then(function () { return manifest.urls.length; });
      })
      .then(function () {
        say(button.dataset.saved);
        document.documentElement.dataset.offlineSaved = "yes";
      })
      .catch(function () { say(button.dataset.failed); })
      .then(function () { button.disabled = false; });
  }

  button.addEventListener("click", save);
})();

/* "Done" marks given without a connection: kept in the browser (localStorage) and sent when
 * the connection returns, with the CSRF token of that moment (a token kept from before a new
 * log-in would be refused). A mark the server answers, whatever it answers, is delivered; only
 * a network failure keeps it for later. The server counts no time for a delayed mark. */
(function () {
  var OUTBOX = "cheber-outbox";

  function queued() {
    try { return JSON.parse(localStorage.getItem(OUTBOX) || "[]"); } catch (e) { return []; }
  }
  function keep(items) { localStorage.setItem(OUTBOX, JSON.stringify(items)); }
  function token() {
    var match = document.cookie.match(/(?:^|;\s*)(?:__Host-)?csrftoken=([^;]+)/);
    return match ? match[1] : "";
  }

  var flushing = false;

  function flush() {
    if (flushing) { return Promise.resolve(); }
    flushing = true;
    var items = queued();
    var left = [];
    return items.reduce(function (chain, url) {
      return chain.then(function () {
        return fetch(url, {
          method: "POST", credentials: "same-origin", redirect: "manual",
          headers: { "X-CSRFToken": token() }
        }).catch(function () { left.push(url); });
      });
    }, Promise.resolve()).then(function () {
      // (marks queued meanwhile stay; those sent are dropped)
      var now = queued().filter(function (url) {
        return items.indexOf(url) < 0 || left.indexOf(url) >= 0;
      });
      if (items.length) { keep(now); }
      flushing = false;
      // A connection that has only half come back: try again in a while.
      if (left.length) { window.setTimeout(flush, 5000); }
    });
  }

  window.addEventListener("online", flush);
  if (navigator.onLine) { flush(); }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-outbox]")) { return; }
    event.preventDefault();
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (response.redirected) { window.location.href = response.url; }
        else { window.location.reload(); }
      })
      .catch(function () {
        var items = queued();
        if (items.indexOf(form.action) < 0) { items.push(form.action); }
        keep(items);
        window.location.href = form.dataset.next;
      });
  });
})();
