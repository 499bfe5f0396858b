"""Calendar feeds: plain session data in, iCalendar bytes out (pure: no Flask, no database).

Rules (DESIGN.md "Calendar feeds"):
- One VEVENT per session. Timed sessions are written as UTC instants (``DTSTART:20210329T080000Z``), never
  with TZID: the RDATE-style VTIMEZONE that icalendar generates is read differently by different parsers,
  while every client reads a UTC instant the same way. The local time in the workshop's reference zone goes
  into the DESCRIPTION for people ("10:00-12:00 Brussels time (CEST)").
- Whole-day sessions (historic records give dates only) are ``VALUE=DATE`` with an exclusive DTEND.
- No X-WR-TIMEZONE on the calendar: some clients would re-interpret the instants in it.
- Join links of online sessions are written only into private feeds, in the DESCRIPTION and as CONFERENCE
  (RFC 7986), so that clients show a join button.
- No METHOD: a feed to subscribe to is not an iTIP message (METHOD:PUBLISH would oblige every VEVENT to carry an
  ORGANIZER, and libical refuses it without). Invitations by mail are iTIP and will carry REQUEST / CANCEL with an
  ORGANIZER. Without METHOD, DTSTAMP is when the event was last revised (RFC 5545 3.8.7.2), i.e. its LAST-MODIFIED,
  so the bytes depend only on the feed's own events.
- Calendar names (NAME, X-WR-CALNAME) are TEXT, escaped: "Hong Kong, China" is read whole.
- An empty calendar carries one VTIMEZONE for UTC (RFC 5545 wants at least one component; every parser in the
  tests, libical included, accepts it and no client shows it); a calendar with events carries no VTIMEZONE.
- Cancelled sessions say "Cancelled: " in SUMMARY as well as STATUS:CANCELLED (some clients ignore STATUS).
- Topics are CATEGORIES. Public feeds are TRANSP:TRANSPARENT (subscribing does not make anyone look busy);
  private feeds, a person's own sessions, are OPAQUE.

A view fetches the sessions, turns each into a ``FeedEvent``, keeps those of the feed window with
``feed_window_filter`` and answers with ``build_calendar(meta, events)`` as ``text/calendar; charset=utf-8``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event, Timezone, TimezoneStandard, vDuration, vText

PRODID = "-//WCO ROCB A/P//ROCB Capacity//EN"

# Session / workshop status -> iCalendar STATUS.
ICAL_STATUS = {
    "planned": "TENTATIVE",
    "postponed": "TENTATIVE",
    "confirmed": "CONFIRMED",
    "held": "CONFIRMED",
    "cancelled": "CANCELLED",
}

# The feed window: sessions that ended within the last 12 months and everything ahead; a cancelled session
# stays (as CANCELLED, so subscribed clients remove or strike it) until it has passed, and for at least 30 days
# after it was cancelled.
WINDOW_PAST_MONTHS = 12
CANCELLED_KEPT_FOR = dt.timedelta(days=30)
CANCELLED_PREFIX = "Cancelled: "

# English names, not strftime's %a/%b, so the text does not depend on the server's locale.
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_NUMERIC_ABBREVIATION = re.compile(r"^[+-]\d{2}(\d{2})?$")
_UTC = dt.UTC


@dataclass(frozen=True, slots=True)
class FeedEvent:
    """One session of a workshop, as a calendar shows it.

    Exactly one of the two shapes: timed (``start_utc``/``end_utc``, timezone-aware, end after start) or
    whole-day (``first_day``/``last_day``, both included). ``status`` is the session's (or workshop's)
    status in the users' words; ``reference_zone`` the IANA zone in which the time was agreed.
    ``organizers``, ``fund``, ``topics`` and ``mode`` feed the plain-text description; ``topics`` are also CATEGORIES.
    ``join_link`` is written only into private feeds.
    """

    uid: str  # "<uuid>@<host>", stable for the life of the session
    sequence: int  # the session's change count: grows when time, status or place changes
    status: str  # planned | confirmed | held | postponed | cancelled
    title: str
    reference_zone: str  # IANA name, e.g. "Europe/Brussels"
    location: str  # city, or "Online"
    url: str  # the workshop page
    created: dt.datetime
    last_modified: dt.datetime  # for a cancelled session: when it was cancelled
    start_utc: dt.datetime | None = None
    end_utc: dt.datetime | None = None
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    organizers: tuple[str, ...] = ()
    fund: str = ""
    topics: tuple[str, ...] = ()
    mode: str = ""  # online | physical | hybrid
    join_link: str | None = None

    def __post_init__(self) -> None:
        if not self.uid:
            raise ValueError("a feed event needs a UID")
        if self.status not in ICAL_STATUS:
            raise ValueError(f"unknown status {self.status!r}")
        if self.sequence < 0:
            raise ValueError("SEQUENCE cannot be negative")
        timed = self.start_utc is not None or self.end_utc is not None
        whole_day = self.first_day is not None or self.last_day is not None
        if timed == whole_day:
            raise ValueError("a session is either timed (start_utc, end_utc) "
                             "or whole-day (first_day, last_day)")
        if timed:
            if self.start_utc is None or self.end_utc is None:
                raise ValueError("a timed session needs both start_utc and end_utc")
            if self.start_utc.utcoffset() is None or self.end_utc.utcoffset() is None:
                raise ValueError("start_utc and end_utc must be timezone-aware")
            if self.end_utc <= self.start_utc:
                raise ValueError("a session must end after it starts")
        else:
            if self.first_day is None or self.last_day is None:
                raise ValueError("a whole-day session needs both first_day and last_day")
            # datetime is a subclass of date: refuse it, it would silently become a timed value
            if isinstance(self.first_day, dt.datetime) or isinstance(self.last_day, dt.datetime):
                raise ValueError("first_day and last_day are dates, not datetimes")
            if self.last_day < self.first_day:
                raise ValueError("last_day is before first_day")
        for name in ("created", "last_modified"):
            if getattr(self, name).utcoffset() is None:
                raise ValueError(f"{name} must be timezone-aware")
        try:
            _zone(self.reference_zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {self.reference_zone!r}") from error

    @property
    def is_whole_day(self) -> bool:
        return self.first_day is not None


@dataclass(frozen=True, slots=True)
class FeedMeta:
    """The calendar around the events: whose feed it is and how often clients should refresh it."""

    name: str  # says whose feed it is, e.g. "ROCB A/P workshops — Thailand"
    private: bool = False  # private feeds carry join links and are OPAQUE; public ones are TRANSPARENT
    refresh_hours: int = 6
    prodid: str = PRODID

    def __post_init__(self) -> None:
        if self.refresh_hours < 1:
            raise ValueError("refresh_hours must be at least 1")


@lru_cache(maxsize=512)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _zone_label(name: str) -> str:
    """"Europe/Brussels" -> "Brussels", "America/Argentina/Buenos_Aires" -> "Buenos Aires"."""
    return name.rsplit("/", 1)[-1].replace("_", " ")


def _abbreviation(local: dt.datetime) -> str:
    """The zone's abbreviation; numeric ones ("+0330", "+13") become "UTC+03:30", "UTC+13:00"."""
    abbreviation = local.tzname() or ""
    if abbreviation and not _NUMERIC_ABBREVIATION.match(abbreviation):
        return abbreviation
    minutes = int(local.utcoffset().total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def _day_text(day: dt.date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def local_time_text(event: FeedEvent) -> str:
    """The first line of the description: when the session is, for people.

    Timed: "10:00-12:00 Brussels time (CEST)". The local date is added when it differs from the UTC date of
    the start (the date the feed itself states, e.g. Apia is already on the next day), and both dates are
    given when the session crosses local midnight.
    Whole days: "Whole days, Tue 12 Jan 2021 - Fri 15 Jan 2021".
    """
    if event.is_whole_day:
        if event.first_day == event.last_day:
            return f"Whole day, {_day_text(event.first_day)}"
        return f"Whole days, {_day_text(event.first_day)} - {_day_text(event.last_day)}"
    zone = _zone(event.reference_zone)
    start = event.start_utc.astimezone(zone)
    end = event.end_utc.astimezone(zone)
    start_abbr, end_abbr = _abbreviation(start), _abbreviation(end)
    # a clock change during the session (rare) shows both abbreviations
    abbreviation = start_abbr if start_abbr == end_abbr else f"{start_abbr} to {end_abbr}"
    if event.reference_zone in ("UTC", "Etc/UTC"):
        suffix = "UTC"
    else:
        suffix = f"{_zone_label(event.reference_zone)} time ({abbreviation})"
    if end.date() != start.date():
        return f"{_day_text(start.date())} {start:%H:%M} - {_day_text(end.date())} {end:%H:%M} {suffix}"
    times = f"{start:%H:%M}-{end:%H:%M} {suffix}"
    if start.date() != event.start_utc.astimezone(_UTC).date():
        return f"{_day_text(start.date())}, {times}"
    return times


def description_text(event: FeedEvent, *, private: bool) -> str:
    """Plain-text DESCRIPTION: local time, organizers, fund, topics, mode, page; join link if private."""
    lines = [local_time_text(event)]
    if event.organizers:
        lines.append("Organizers: " + ", ".join(event.organizers))
    if event.fund:
        lines.append("Fund: " + event.fund)
    if event.topics:
        lines.append("Topics: " + ", ".join(event.topics))
    if event.mode:
        lines.append("Mode: " + event.mode)
    if event.url:
        lines.append("Workshop page: " + event.url)
    if private and event.join_link:
        lines.append("Join: " + event.join_link)
    return "\n".join(lines)


def summary_text(event: FeedEvent) -> str:
    """The title, with "Cancelled: " in front of a cancelled session."""
    return CANCELLED_PREFIX + event.title if event.status == "cancelled" else event.title


def _vevent(event: FeedEvent, private: bool) -> Event:
    vevent = Event()
    last_modified = event.last_modified.astimezone(_UTC)
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", last_modified)  # no METHOD: DTSTAMP is the last revision (RFC 5545 3.8.7.2)
    if event.is_whole_day:
        vevent.add("dtstart", event.first_day)
        vevent.add("dtend", event.last_day + dt.timedelta(days=1))  # DTEND of a date is exclusive
    else:
        vevent.add("dtstart", event.start_utc.astimezone(_UTC))
        vevent.add("dtend", event.end_utc.astimezone(_UTC))
    vevent.add("created", event.created.astimezone(_UTC))
    vevent.add("last-modified", last_modified)
    vevent.add("sequence", event.sequence)
    vevent.add("status", ICAL_STATUS[event.status])
    vevent.add("summary", summary_text(event))
    vevent.add("transp", "OPAQUE" if private else "TRANSPARENT")
    if event.topics:
        vevent.add("categories", list(event.topics))
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    vevent.add("description", description_text(event, private=private))
    if private and event.join_link:
        vevent.add("conference", event.join_link,
                   parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Join the session"})
    return vevent


def _utc_timezone() -> Timezone:
    """A VTIMEZONE for UTC: the one component of an empty calendar, which no client shows."""
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", dt.timedelta(0))
    standard.add("tzoffsetto", dt.timedelta(0))
    standard.add("tzname", "UTC")
    timezone = Timezone()
    timezone.add("tzid", "UTC")
    timezone.add_component(standard)
    return timezone


def build_calendar(meta: FeedMeta, events: Iterable[FeedEvent]) -> bytes:
    """The feed as UTF-8 bytes with CRLF line endings, lines folded at 75 octets (done by icalendar).

    Events are written in the order given; the same input always gives the same bytes.
    """
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", meta.prodid)
    calendar.add("calscale", "GREGORIAN")
    # icalendar knows no type for NAME and X-WR-CALNAME and would write them unescaped: they are TEXT
    calendar.add("name", vText(meta.name))
    calendar.add("x-wr-calname", vText(meta.name))
    refresh = dt.timedelta(hours=meta.refresh_hours)
    calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    # an X- property has no known type: give it one, or it is written as "6:00:00"
    calendar.add("x-published-ttl", vDuration(refresh))
    seen: set[str] = set()
    for event in events:
        if event.uid in seen:  # two VEVENTs with one UID make clients drop or merge sessions
            raise ValueError(f"UID {event.uid!r} appears twice in the feed")
        seen.add(event.uid)
        calendar.add_component(_vevent(event, meta.private))
    if not seen:
        calendar.add_component(_utc_timezone())
    return calendar.to_ical()


def google_calendar_link(event: FeedEvent) -> str:
    """An "add to Google Calendar" link. Its details never carry the join link (pages may be public)."""
    if event.is_whole_day:
        end = event.last_day + dt.timedelta(days=1)  # exclusive, as in the feed
        dates = f"{event.first_day:%Y%m%d}/{end:%Y%m%d}"
    else:
        start, end = event.start_utc.astimezone(_UTC), event.end_utc.astimezone(_UTC)
        dates = f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}"
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates,
        "details": description_text(event, private=False),
        "location": event.location,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query, quote_via=quote, safe="/")


def _subtract_months(moment: dt.datetime, months: int) -> dt.datetime:
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    day = moment.day
    while True:  # 31 March minus one month -> 28/29 February
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


def in_feed_window(event: FeedEvent, now: dt.datetime) -> bool:
    """Whether a feed shows the session at ``now`` (aware).

    Kept: sessions that end on or after the same instant 12 calendar months ago, and everything ahead.
    A cancelled session is kept until it has passed, however long ago it was cancelled (a client that
    refreshes rarely must still learn of it), and once passed only while it was cancelled (``last_modified``)
    at most 30 days ago.
    """
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    if event.status == "cancelled" and now - event.last_modified > CANCELLED_KEPT_FOR and _has_passed(event, now):
        return False
    window_start = _subtract_months(now, WINDOW_PAST_MONTHS)
    if event.is_whole_day:
        # whole days are dates without a zone: compare with the window's first date (in UTC)
        return event.last_day >= window_start.astimezone(_UTC).date()
    return event.end_utc >= window_start


def _has_passed(event: FeedEvent, now: dt.datetime) -> bool:
    if event.is_whole_day:
        return event.last_day < now.astimezone(_UTC).date()
    return event.end_utc < now


def feed_window_filter(events: Iterable[FeedEvent], now: dt.datetime) -> list[FeedEvent]:
    """The events a feed shows at ``now``, in the order given (rule: ``in_feed_window``)."""
    return [event for event in events if in_feed_window(event, now)]


__all__: Sequence[str] = (
    "CANCELLED_KEPT_FOR",
    "CANCELLED_PREFIX",
    "ICAL_STATUS",
    "PRODID",
    "FeedEvent",
    "FeedMeta",
    "build_calendar",
    "description_text",
    "feed_window_filter",
    "google_calendar_link",
    "in_feed_window",
    "local_time_text",
    "summary_text",
)
