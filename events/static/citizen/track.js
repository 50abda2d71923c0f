/* Tracking page: copy the private link in one tap (the link stays selectable without this). */
(function () {
  "use strict";
  var button = document.getElementById("copy-link"), link = document.getElementById("tracking-link");
  if (!button || !link || !navigator.clipboard) { if (button) { button.hidden = true; } return; }
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(link.href).then(function () {
      button.textContent = button.dataset.copied;
    });
  });
})();
