/* The "Save for offline" button of a course: registers the service worker and puts the
 * course's pages and files (listed by the server at data-manifest) into its cache.
 * Whole files are fetched (no Range): the Cache API refuses partial responses. */
"use strict";

(function () {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
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
        return caches.open(manifest.cache).then(function (cache) {
          return Promise.all(manifest.urls.map(function (url) {
            return fetch(url, { credentials: "same-origin" }).then(function (response) {
              if (!response.ok) { throw new Error(url + " " + response.status); }
              return cache.put(url, response);
            });
          }));
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
