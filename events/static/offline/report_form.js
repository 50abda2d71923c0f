/* The worker's forms with the outbox: the patrol report and a campaign task's result. A form
   marked data-outbox-api is queued with its photos (and its Idempotency-Key) when the page
   knows it has no signal; otherwise it is sent to that API at once, and stays queued if that
   fails or times out (the key makes the later retry count once, even if this request did
   reach the server). Sent, the page goes to data-outbox-done (NUMBER: the new case's number);
   a form marked data-outbox-reload (a task's) also reloads when its queued item is sent
   later, so that the page shows the saved result rather than the form.
   A request the API refuses goes the plain way instead, so the page shows the form's errors
   by field as it always has; without this script the form posts as a plain form. */
(function () {
  "use strict";
  var outbox = window.offlineOutbox, box = document.getElementById("offline-outbox");
  if (!outbox || !window.offlineQueue || !box) { return; }

  /* What the outbox lists: the form's own label, or the chosen subcategory (a report). */
  function label(form, fields, photos) {
    var what = form.dataset.outboxLabel, choice = form.elements.subcategory;
    if (!what && choice && choice.selectedIndex > 0) {
      what = choice.options[choice.selectedIndex].text;
    }
    var text = String(fields.description || fields.note || "").slice(0, 40);
    return (what || "") + (text ? " · " + text : "") +
      (photos.length ? " (" + box.dataset.photos.replace("{n}", photos.length) + ")" : "");
  }

  function request(form) {
    var fields = {}, photos = [], data = new FormData(form);
    data.forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") { return; }
      if (value instanceof Blob) {
        if (value.size) { photos.push({field: name, name: value.name, type: value.type, blob: value}); }
      } else if (value !== "") {
        fields[name] = name in fields ? [].concat(fields[name], value) : value;
      }
    });
    return {method: "POST", url: form.dataset.outboxApi, fields: fields, photos: photos,
            label: label(form, fields, photos), user: outbox.user};
  }

  function queued(form, item) {
    form.reset();
    outbox.say(box.dataset.queued).then(function () { box.scrollIntoView(); });
    if ("outboxReload" in form.dataset) { reloadWhenSent(item); }
  }

  function reloadWhenSent(item) {
    var state = item.state;
    window.offlineQueue.onChange(function () {
      window.offlineQueue.items().then(function (all) {
        var still = all.filter(function (other) { return other.id === item.id; })[0];
        if (still) { state = still.state; } else if (state !== "failed") { location.reload(); }
      });
    });
  }

  function submitted(form, event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    window.offlineQueue.enqueue(request(form)).then(function (item) {
      if (outbox.isOffline()) { return queued(form, item); }
      return window.offlineQueue.send(item, outbox.csrf()).then(function (state) {
        if (state === "sent") {
          location.href = form.dataset.outboxDone.replace(
            "NUMBER", (item.answer && item.answer.tracking_number) || "");
        } else if (state === "failed") {  // refused: the plain form shows why, by field
          return window.offlineQueue.remove(item.id).then(function () { form.submit(); });
        } else {
          queued(form, item);
        }
      });
    })["catch"](function () { form.submit(); }).then(function () { button.disabled = false; });
  }

  document.querySelectorAll("form[data-outbox-api]").forEach(function (form) {
    form.addEventListener("submit", function (event) { submitted(form, event); });
  });
})();
