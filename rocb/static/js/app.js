// ROCB Capacity: no inline scripts (CSP); behaviour is attached here.
(function () {
  "use strict";
  // A table or chart that scrolls sideways gets a tab stop and a name, so keyboard and screen-reader users can
  // reach and scroll it (one that fits gets neither: no empty stop).
  function labelScrollers() {
    document.querySelectorAll(".table-responsive, .chart-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        var heading = null;
        for (var el = box.previousElementSibling; el && !heading; el = el.previousElementSibling) {
          if (/^H[1-6]$/.test(el.tagName)) { heading = el; }
        }
        var name = box.getAttribute("data-scroll-name") || (caption && caption.textContent.trim()) ||
          (heading && heading.textContent.trim()) || "Table";
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name.slice(0, 120) + " (scrolls sideways)");
        box.dataset.scrollLabelled = "1";
      } else if (!scrolls && box.dataset.scrollLabelled) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        delete box.dataset.scrollLabelled;
      }
    });
  }
  labelScrollers();
  window.addEventListener("resize", labelScrollers);
  // Parts loaded after the page: <div data-load-from="/address" aria-busy="true"> gets the HTML the address
  // answers (same origin, with the session); on a failure it says so and keeps its fallback links.
  document.querySelectorAll("[data-load-from]").forEach(function (slot) {
    fetch(slot.getAttribute("data-load-from"), {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (html) {
        slot.innerHTML = html;
        slot.removeAttribute("aria-busy");
        slot.dataset.loaded = "1";
        labelScrollers();
      })
      .catch(function () {
        slot.removeAttribute("aria-busy");
        var note = slot.querySelector("[data-loading]");
        if (note) { note.textContent = "This chart could not be loaded: reload the page."; }
      });
  });
  // Forms that delete, cancel or replace something ask first: <form data-confirm="what will go"
  // data-confirm-button="Remove X">. One <dialog>, built here (no inline script), with the focus on "Keep".
  // A form that deletes only what is ticked (data-confirm-checked="input[data-what]") asks only when a box is
  // ticked, and names what each ticked box's data-what says.
  var dialog = null;
  function confirmDialog() {
    if (dialog) { return dialog; }
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-title");
    dialog.setAttribute("aria-describedby", "confirm-text");
    dialog.innerHTML = '<form method="dialog"><h2 class="h5" id="confirm-title">Are you sure?</h2>' +
      '<p id="confirm-text"></p><div class="d-flex gap-2 justify-content-end">' +
      '<button class="btn btn-outline-secondary" value="keep" autofocus>Keep it</button>' +
      '<button class="btn btn-danger" value="go" data-confirm-go></button></div></form>';
    document.body.appendChild(dialog);
    return dialog;
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-confirm") || form.dataset.confirmed === "1") { return; }
    var message = form.getAttribute("data-confirm");
    if (form.hasAttribute("data-confirm-checked")) {
      var ticked = Array.prototype.filter.call(form.querySelectorAll(form.getAttribute("data-confirm-checked")),
        function (input) { return input.checked; });
      if (!ticked.length) { return; }
      message += " " + ticked.map(function (input) { return input.getAttribute("data-what"); }).join("; ") + ".";
    }
    if (typeof HTMLDialogElement === "undefined") {
      if (!window.confirm(message)) { event.preventDefault(); }
      return;
    }
    event.preventDefault();
    var box = confirmDialog();
    box.querySelector("#confirm-text").textContent = message;
    box.querySelector("[data-confirm-go]").textContent = form.getAttribute("data-confirm-button") || "Yes";
    box.returnValue = "";
    box.onclose = function () {
      if (box.returnValue === "go") {
        form.dataset.confirmed = "1";
        form.submit();
      }
    };
    box.showModal();
  });
  // Copy buttons: <button data-copy="#id-of-input">
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) { return; }
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source) { return; }
    var text = source.value || source.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text);
    } else if (source.select) {
      source.select();
      document.execCommand("copy");
    }
    button.textContent = "Copied";
  });
})();
