// The attempt page: a countdown to the server's deadline (the server sent the seconds left;
// nothing here decides time), and autosaves that failed for want of a connection kept and
// sent again when it returns (the server stores an answer with the same client id once).
(function () {
  "use strict";
  var timer = document.getElementById("time-left");
  var form = document.getElementById("attempt-form");
  if (!timer || !form) return;
  var end = Date.now() + 1000 * parseInt(timer.dataset.secondsLeft, 10);
  var shown = timer.querySelector(".countdown");
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    var m = Math.floor(left / 60), s = left % 60;
    shown.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    if (left > 0) window.setTimeout(tick, 1000);
  }
  tick();

  var key = "cheber-outbox-" + form.dataset.attempt;
  function outbox() { try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; } }
  function keep(items) { localStorage.setItem(key, JSON.stringify(items)); }
  function uuid() {
    return (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).toString();
  }
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.parameters.client_id) event.detail.parameters.client_id = uuid();
  });
  document.body.addEventListener("htmx:sendError", function (event) {
    var items = outbox();
    var params = event.detail.requestConfig.parameters;
    var entry = {};
    Object.keys(params).forEach(function (name) { entry[name] = params[name]; });
    items.push({url: event.detail.requestConfig.path, params: entry});
    keep(items);
  });
  var note = document.getElementById("offline-note");
  // Handing in without a connection: the whole page is kept (with its submission token, so
  // sending it twice finishes the attempt once) and sent when the connection returns.
  form.addEventListener("submit", function (event) {
    if (navigator.onLine) return;
    event.preventDefault();
    var entry = {};
    new FormData(form, event.submitter).forEach(function (value, name) {
      entry[name] = name in entry ? [].concat(entry[name], value) : value;
    });
    var items = outbox();
    items.push({url: form.getAttribute("action"), params: entry, finish: true});
    keep(items);
    if (note) note.hidden = false;
  });
  var busy = false;  // one send at a time: "online" may fire twice
  function flush() {
    var items = outbox();
    if (busy || !items.length || !navigator.onLine) return;
    busy = true;
    var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    var item = items[0];
    var body = new URLSearchParams();
    Object.keys(item.params).forEach(function (name) {
      [].concat(item.params[name]).forEach(function (v) { body.append(name, v); });
    });
    body.set("csrfmiddlewaretoken", token);  // the page's token: a kept one may be stale
    fetch(item.url, {method: "POST", body: body, credentials: "same-origin"}).then(function (response) {
      keep(outbox().slice(1));
      busy = false;
      if (item.finish) { window.location.assign(response.url); return; }
      flush();
    }, function () { busy = false; /* still no connection: kept for the next "online" */ });
  }
  window.addEventListener("online", flush);
  flush();
})();
