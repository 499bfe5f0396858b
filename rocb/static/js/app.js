// ROCB Capacity: no inline scripts (CSP); behaviour is attached here.
(function () {
  "use strict";
  // Default display zone from the browser, until the viewer chooses one.
  if (!document.cookie.split("; ").some(function (c) { return c.indexOf("display_zone=") === 0; })) {
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (zone) {
        document.cookie = "display_zone=" + zone + "; path=/; max-age=31536000; samesite=lax";
      }
    } catch (e) { /* old browser: UTC it is */ }
  }
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
