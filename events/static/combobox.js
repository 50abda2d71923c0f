/* An accessible combobox (WAI-ARIA 1.2 "list autocomplete"): suggestions appear as one
   types, ArrowDown/ArrowUp move through them, Enter picks the highlighted one (the first
   unless another was chosen; before the list came, the best one once it comes), Escape
   closes the list; a click picks too. Used by the hotline
   desk (addresses, categories) and the citizen form (addresses).

   window.Combobox(input, listbox, {
     source: function (query) -> Promise of items (or an array),
     label:  function (item) -> text of its option,
     detail: function (item) -> optional second line,
     pick:   function (item) -> called when one is picked,
     minLength: characters before suggestions are asked for (1), delay: ms (150)
   }) */
window.Combobox = function (input, listbox, options) {
  "use strict";
  var items = [], active = -1, ticket = 0, timer = null;
  var minLength = options.minLength || 1, delay = options.delay === undefined ? 150 : options.delay;
  var prefix = listbox.id + "-option-";

  function open(isOpen) {
    listbox.hidden = !isOpen;
    input.setAttribute("aria-expanded", isOpen ? "true" : "false");
    if (!isOpen) { input.removeAttribute("aria-activedescendant"); }
  }

  function highlight(index) {
    active = index;
    Array.prototype.forEach.call(listbox.children, function (li, i) {
      li.setAttribute("aria-selected", i === index ? "true" : "false");
      if (i === index) { li.scrollIntoView({block: "nearest"}); }
    });
    if (index >= 0) { input.setAttribute("aria-activedescendant", prefix + index); }
  }

  function render(found) {
    items = found || [];
    listbox.replaceChildren.apply(listbox, items.map(function (item, i) {
      var li = document.createElement("li");
      li.id = prefix + i;
      li.setAttribute("role", "option");
      var main = document.createElement("span");
      main.textContent = options.label(item); // never innerHTML: register and user text
      li.appendChild(main);
      var more = options.detail && options.detail(item);
      if (more) {
        var small = document.createElement("small");
        small.textContent = more;
        li.appendChild(small);
      }
      // mousedown, not click: the input must not lose focus (and the list close) first.
      li.addEventListener("mousedown", function (event) { event.preventDefault(); pick(i); });
      return li;
    }));
    open(items.length > 0);
    highlight(items.length ? 0 : -1);
  }

  function pick(index) {
    var item = items[index];
    if (!item) { return; }
    open(false);
    options.pick(item);
  }

  function ask(pickFirst) {
    var query = input.value.trim(), mine = ++ticket;
    if (query.length < minLength) { render([]); return; }
    Promise.resolve(options.source(query)).then(function (found) {
      if (mine !== ticket) { return; }
      if (pickFirst && found && found.length) { items = found; pick(0); return; }
      if (document.activeElement === input) { render(found); }
    }).catch(function () { if (mine === ticket) { render([]); } });
  }

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", listbox.id);
  listbox.setAttribute("role", "listbox");
  open(false);

  input.addEventListener("input", function () {
    if (options.edited) { options.edited(); }
    clearTimeout(timer);
    timer = setTimeout(ask, delay);
  });
  input.addEventListener("keydown", function (event) {
    var isOpen = !listbox.hidden && items.length;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (isOpen) { highlight(Math.min(active + 1, items.length - 1)); } else { ask(); }
    } else if (event.key === "ArrowUp" && isOpen) {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === "Enter" && isOpen && active >= 0) {
      event.preventDefault(); // picks; never submits the form half filled
      pick(active);
    } else if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
      // Typed faster than the suggestions came: take the best one when it arrives.
      event.preventDefault();
      clearTimeout(timer);
      ask(true);
    } else if (event.key === "Escape" && isOpen) {
      event.preventDefault();
      open(false);
    }
  });
  input.addEventListener("blur", function () { setTimeout(function () { open(false); }, 0); });
  return {close: function () { open(false); }, refresh: ask};
};

/* The subcategories of picker_data() (events/intake/forms.py) as a list to search, each with
   its category, and a source for a Combobox over their names, synonyms and descriptions: the
   hotline desk's and the patrol form's category pickers. */
window.Combobox.subcategories = function (categories) {
  "use strict";
  var subs = [];
  categories.forEach(function (c) {
    c.subs.forEach(function (s) { s.category = c; subs.push(s); });
  });
  subs.search = function (query, limit) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    return subs.filter(function (s) {
      var text = s.search + " " + s.category.name.toLowerCase();
      return terms.every(function (t) { return text.indexOf(t) >= 0; });
    }).slice(0, limit || 10);
  };
  return subs;
};
