/* The hotline desk from the keyboard: Tab from field to field, suggestions under the address
   and the category as one types (Enter takes the highlighted one), possible duplicates near
   the chosen address with a button to attach the caller, Ctrl+Enter files the call. Without
   this script the page is a plain form with a category select. */
(function () {
  "use strict";
  var form = document.getElementById("call-form");
  if (!form) { return; }
  var T = JSON.parse(document.getElementById("hotline-text").textContent);
  var categories = JSON.parse(document.getElementById("hotline-categories").textContent);
  var select = form.elements.subcategory, code = form.elements.address_code;
  var chosenPoint = null, dupTicket = 0;

  function $(id) { return document.getElementById(id); }
  function fmt(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (m, key) { return values[key]; });
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function getJSON(url) {
    return fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
  }

  document.body.classList.add("has-js");

  // --- the address: standard addresses as the operator types ------------------------------
  var addressStatus = $("address-status");
  window.Combobox($("address"), $("address-list"), {
    minLength: 2,
    source: function (q) {
      return getJSON("/api/v1/addresses/?limit=8&q=" + encodeURIComponent(q))
        .then(function (data) { return data.results; });
    },
    label: function (a) { return a.text; },
    detail: function (a) { return fmt(T.addressDetail, {code: a.code, grid: a.grid_code}); },
    edited: function () {
      code.value = "";
      chosenPoint = null;
      addressStatus.textContent = T.addressTyped;
      checkDuplicates();
    },
    pick: function (a) {
      $("address").value = a.text;
      code.value = a.code;
      chosenPoint = {lat: a.lat, lon: a.lon};
      addressStatus.textContent = fmt(T.addressChosen, {code: a.code, grid: a.grid_code});
      checkDuplicates();
    }
  });

  // --- the category: the citizen form's picker data, names and synonyms --------------------
  var subs = window.Combobox.subcategories(categories);
  var category = $("category"), categoryStatus = $("category-status");
  function showChosen() {
    var sub = subs.filter(function (s) { return s.code === select.value; })[0];
    categoryStatus.textContent = sub ? fmt(T.categoryChosen, {path: sub.category.name + " › " + sub.name}) : "";
    if (sub && !category.value) { category.value = sub.category.name + " › " + sub.name; }
  }
  window.Combobox(category, $("category-list"), {
    source: function (q) { return subs.search(q); },
    label: function (s) { return s.category.name + " › " + s.name; },
    detail: function (s) { return s.description; },
    edited: function () { select.value = ""; showChosen(); checkDuplicates(); },
    pick: function (s) {
      select.value = s.code;
      category.value = s.category.name + " › " + s.name;
      showChosen();
      checkDuplicates();
    }
  });
  showChosen();

  // --- possible duplicates near the chosen address -----------------------------------------
  var dupes = $("duplicates"), dupList = $("duplicates-list");
  function checkDuplicates() {
    var mine = ++dupTicket;
    if (!chosenPoint || !select.value) { dupes.hidden = true; return; }
    getJSON("/hotline/duplicates?subcategory=" + encodeURIComponent(select.value) +
            "&lat=" + chosenPoint.lat + "&lon=" + chosenPoint.lon)
      .then(function (data) {
        if (mine !== dupTicket) { return; }
        dupList.replaceChildren.apply(dupList, data.cases.map(duplicateItem));
        dupes.hidden = !data.cases.length;
      })
      .catch(function () { dupes.hidden = true; });
  }
  function duplicateItem(c) {
    var li = el("li", "dup-item");
    li.appendChild(el("span", "number", c.tracking_number));
    li.appendChild(el("span", "", c.subcategory + " · " + c.status_display + " · " +
      fmt(T.metres, {n: c.distance_m}) + " · " + (c.address || "")));
    var button = el("button", "secondary", fmt(T.attach, {number: c.tracking_number}));
    button.type = "submit";
    button.name = "tracking_number";
    button.value = c.tracking_number;
    button.setAttribute("form", "attach-form");
    li.appendChild(button);
    return li;
  }
  $("attach-form").addEventListener("submit", function () {
    $("attach-phone").value = form.elements.caller_phone.value;
  });

  // --- request type: a consultation may be answered and closed at once ---------------------
  function typeChanged() {
    var consult = form.elements.request_type.value === "consult";
    $("answer-box").hidden = !consult;
    $("answer-call").hidden = !consult;
  }
  Array.prototype.forEach.call(form.elements.request_type, function (radio) {
    radio.addEventListener("change", typeChanged);
  });
  typeChanged();

  // Ctrl+Enter (⌘+Enter) files the call from anywhere in the form.
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit($("file-call"));
    }
  });
  form.addEventListener("submit", function () {
    $("file-call").disabled = true; // one call, one case
  });
})();
