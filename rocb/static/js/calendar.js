// /calendar: FullCalendar (vendored) in the viewer's named display zone. The server sends wall-clock times in
// that zone (no offset), so the calendar shows them as they are; no zone plugin is needed.
(function () {
  "use strict";
  var element = document.getElementById("calendar");
  if (!element || !window.FullCalendar) { return; }
  var status = document.getElementById("calendar-status");
  var narrow = window.matchMedia("(max-width: 767.98px)").matches;
  var zone = element.dataset.zone;
  // Without the zone plugin FullCalendar cannot know what time it is in a named zone: its "now" (the today cell,
  // the now line, the Today button) would follow the computer's clock zone. Give it the wall-clock time now in the
  // display zone, as the events are given, read with the browser's own zone rules (Intl).
  var zoneClock = null;
  try {
    zoneClock = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hourCycle: "h23", year: "numeric",
      month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
  } catch (e) { zoneClock = null; }  // a zone the browser does not know: its own clock, as before
  function nowInZone() {
    if (!zoneClock) { return new Date(); }
    var at = {};
    zoneClock.formatToParts(new Date()).forEach(function (part) { at[part.type] = part.value; });
    return at.year + "-" + at.month + "-" + at.day + "T" + at.hour + ":" + at.minute + ":" + at.second;
  }
  var calendar = new FullCalendar.Calendar(element, {
    timeZone: zone,
    now: nowInZone,
    initialView: element.dataset.initialView || (narrow ? "listMonth" : "dayGridMonth"),
    initialDate: element.dataset.initialDate || undefined,
    firstDay: 1,
    locale: "en-GB",
    // A month's columns are days of the week (FullCalendar formats them from a dummy week: a date there would read
    // "Mon 5 Jan" in December); a week's columns are days, so they carry the date.
    views: {
      dayGridMonth: { dayHeaderFormat: { weekday: "short" } },
      timeGridWeek: { dayHeaderFormat: narrow ? { weekday: "short", day: "numeric" }
                                              : { weekday: "short", day: "numeric", month: "short" } }
    },
    height: "auto",
    nowIndicator: true,
    eventDisplay: "block",
    dayMaxEvents: narrow ? 2 : 4,
    eventTimeFormat: { hour: "2-digit", minute: "2-digit", hour12: false },
    slotLabelFormat: { hour: "2-digit", minute: "2-digit", hour12: false },
    headerToolbar: narrow
      ? { left: "prev,next", center: "title", right: "today" }
      : { left: "prev,next today", center: "title", right: "dayGridMonth,timeGridWeek,listMonth" },
    footerToolbar: narrow ? { center: "dayGridMonth,timeGridWeek,listMonth" } : false,
    buttonIcons: false,
    buttonText: { prev: narrow ? "‹" : "‹ Previous", next: narrow ? "›" : "Next ›", today: "Today", month: "Month", week: "Week", list: "Agenda" },
    buttonHints: { prev: "Previous $0", next: "Next $0", today: "This $0" },
    viewHint: "$0 view",
    navLinkHint: "Go to $0",
    moreLinkHint: function (n) { return "Show " + n + " more sessions"; },
    noEventsText: "No sessions in this period.",
    events: function (info, success, failure) {
      var url = new URL(element.dataset.eventsUrl, window.location.href);
      url.searchParams.set("start", info.startStr.slice(0, 19));
      url.searchParams.set("end", info.endStr.slice(0, 19));
      url.searchParams.set("zone", zone);
      status.textContent = "Loading…";
      fetch(url.toString(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.json().then(function (body) {
            if (!response.ok) { throw new Error(body.error || response.statusText); }
            return body;
          });
        })
        .then(function (body) {
          status.textContent = body.events.length + " session" + (body.events.length === 1 ? "" : "s") +
            " shown, times in " + body.zone + ".";
          success(body.events);
        })
        .catch(function (error) { status.textContent = "Could not load the sessions: " + error.message; failure(error); });
    },
    datesSet: function () {
      // Arrows on a phone: give them their words for screen readers.
      element.querySelectorAll(".fc-prev-button").forEach(function (b) { b.setAttribute("aria-label", "Previous"); });
      element.querySelectorAll(".fc-next-button").forEach(function (b) { b.setAttribute("aria-label", "Next"); });
    },
    eventDidMount: function (info) {
      var local = info.event.extendedProps.local;
      if (local) { info.el.setAttribute("title", info.event.title + " (agreed as " + local + ")"); }
      info.el.dataset.session = info.event.id;
    }
  });
  calendar.render();
})();
