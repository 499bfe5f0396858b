// Loaded in <head> (deferred: no page waits for it): on a first visit (no display_zone cookie, nothing saved) the
// server rendered times in UTC; set the browser's zone as the cookie and reload once, so the first page a
// person reads is already in their own zone. External file: the CSP forbids inline script.
(function () {
  "use strict";
  var root = document.documentElement;
  if (root.getAttribute("data-zone-source") !== "default") { return; }
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone || zone === root.getAttribute("data-zone")) { return; }
  document.cookie = "display_zone=" + zone + "; path=/; max-age=31536000; samesite=lax";
  // Reload only if the cookie took (cookies may be off: then stay in UTC rather than loop), and only for a GET
  // page (never re-send a form).
  var took = document.cookie.split("; ").some(function (c) { return c.indexOf("display_zone=") === 0; });
  var reloaded = false;
  try { reloaded = window.sessionStorage.getItem("rocb-zone-reload") === zone; } catch (e) { /* private mode */ }
  if (took && !reloaded && root.getAttribute("data-method") === "GET") {
    try { window.sessionStorage.setItem("rocb-zone-reload", zone); } catch (e) { /* private mode */ }
    window.location.reload();
  }
})();
