// Forms: searchable multi-selects and zone pickers (Tom Select, vendored). Without JavaScript the plain controls
// still work: a multi-select, a text field for an IANA zone name.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!window.TomSelect) { return; }
  // Tom Select moves the <label for> to its own control; the original (hidden) field keeps the same name.
  function keepName(field) {
    var label = document.getElementById(field.id + "-ts-label");
    if (label) { field.setAttribute("aria-labelledby", label.id); }
  }
  // The options are all on the page: filter at each keystroke (Tom Select waits 300 ms by default, so a quick
  // typist's Enter or click acted on the unfiltered list, and the late filter opened the list again afterwards).
  var NOW = 0;
  document.querySelectorAll("select[multiple]").forEach(function (select) {
    new TomSelect(select, {
      plugins: ["remove_button"], maxOptions: null, hidePlaceholder: true, refreshThrottle: NOW,
      placeholder: "Type to search…"
    });
    keepName(select);
  });
  document.querySelectorAll("select:not([multiple])").forEach(function (select) {
    if (select.options.length > 15) {
      new TomSelect(select, { maxOptions: null, refreshThrottle: NOW });
      keepName(select);
    }
  });
  // A row of the sessions table shows the day for a whole-day session, the local start and end otherwise.
  document.querySelectorAll("input[data-whole-day]").forEach(function (box) {
    var row = box.closest("tr");
    function show() {
      row.querySelector("[data-when='day']").hidden = !box.checked;
      row.querySelector("[data-when='times']").hidden = box.checked;
    }
    box.addEventListener("change", show);
    show();
  });
  var pickers = document.querySelectorAll("input[data-zone-picker]");
  if (!pickers.length) { return; }
  fetch((script && script.getAttribute("data-zones-url")) || "/api/v1/zones", { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (body) {
      pickers.forEach(function (input) {
        var current = input.value;
        var options = body.zones.slice();
        if (current && !options.some(function (o) { return o.value === current; })) {
          options.unshift({ value: current, text: current }); // keep what was typed: the server names the error
        }
        new TomSelect(input, {
          options: options, items: current ? [current] : [], maxItems: 1, maxOptions: 60, create: false,
          refreshThrottle: NOW,
          persist: false, allowEmptyOption: true, placeholder: input.getAttribute("placeholder") || "Type a city or zone…",
          searchField: ["text"]
        });
        keepName(input);
      });
    })
    .catch(function () { /* the plain text field stays */ });
})();
