// ROCB Capacity: no inline scripts (CSP); behaviour is attached here.
(function () {
  "use strict";
  // A table that scrolls sideways gets a tab stop and a name, so keyboard and screen-reader users can reach and
  // scroll it (a table that fits gets neither: no empty stop).
  function labelScrollers() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        var heading = null;
        for (var el = box.previousElementSibling; el && !heading; el = el.previousElementSibling) {
          if (/^H[1-6]$/.test(el.tagName)) { heading = el; }
        }
        var name = (caption && caption.textContent.trim()) || (heading && heading.textContent.trim()) || "Table";
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
