/* After a refused submit: focus the first invalid field (aria-invalid, in page order), and
   make the error summary's links focus their field. A control the page's script replaced with
   another (the category select by the picker's search) names its stand-in in
   data-focus-instead; a field in a closed <details> opens it first. */
(function () {
  "use strict";
  function visible(node) { return node && node.getClientRects().length > 0; }
  function focusField(field) {
    var details = field.closest("details");
    if (details) { details.open = true; }
    var instead = document.getElementById(field.getAttribute("data-focus-instead") || "");
    var target = visible(field) ? field : (visible(instead) ? instead : field);
    target.focus({preventScroll: true});
    target.scrollIntoView({block: "center"});
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".error-summary a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    focusField(field);
  });
  window.formErrors = {focusField: focusField};
  var first = document.querySelector("[aria-invalid=true]");
  if (first) { focusField(first); }
})();
