/* The patrol report form with the outbox: the report is queued with its photos (and its
   Idempotency-Key) when the page knows it has no signal; otherwise it is sent to the API at
   once, and stays queued if that fails or times out (the key makes the later retry file it
   once, even if this request did reach the server). A report the API refuses goes the plain
   way instead, so the page shows the form's errors by field as it always has; without this
   script the form posts as a plain form. */
(function () {
  "use strict";
  var form = document.getElementById("patrol-form"), outbox = window.offlineOutbox;
  if (!form || !outbox || !window.offlineQueue) { return; }
  var box = document.getElementById("offline-outbox");

  function request() {
    var fields = {}, photos = [], data = new FormData(form);
    data.forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") { return; }
      if (value instanceof Blob) {
        if (value.size) { photos.push({field: name, name: value.name, type: value.type, blob: value}); }
      } else if (value !== "") {
        fields[name] = name in fields ? [].concat(fields[name], value) : value;
      }
    });
    var choice = form.elements.subcategory;
    var what = choice.selectedIndex > 0 ? choice.options[choice.selectedIndex].text : "";
    var label = what + " · " + (fields.description || "").slice(0, 40) +
      (photos.length ? " (" + box.dataset.photos.replace("{n}", photos.length) + ")" : "");
    return {method: "POST", url: box.dataset.api, fields: fields, photos: photos,
            label: label, user: outbox.user};
  }

  function queued() {
    form.reset();
    outbox.say(box.dataset.queued).then(function () { box.scrollIntoView(); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    window.offlineQueue.enqueue(request()).then(function (item) {
      if (outbox.isOffline()) { return queued(); }
      return window.offlineQueue.send(item, outbox.csrf()).then(function (state) {
        if (state === "sent") {
          location.href = box.dataset.casePage.replace("NUMBER", item.answer.tracking_number);
        } else if (state === "failed") {  // refused: the plain form shows why, by field
          return window.offlineQueue.remove(item.id).then(function () { form.submit(); });
        } else {
          queued();
        }
      });
    })["catch"](function () { form.submit(); }).then(function () { button.disabled = false; });
  });
})();
