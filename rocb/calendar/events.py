"""Calendar events from sessions, in one display zone. Pure: no Flask, no database.

A timed session is shown at its instant in the viewer's zone, as wall-clock time without an offset (the page's
FullCalendar runs in that named zone and takes the times as they are); a whole-day session keeps its local day
wherever it is seen from (a day of a historic record is a day, not an instant).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from rocb.params import RECORD_FIRST, RECORD_LAST

MAX_DAYS = 400  # a year and a bit: the widest view (an agenda of a month, a month grid of six weeks) is far less
# The dates records can hold (rocb/params.py), widened by the six weeks a month grid shows around a month, so the
# first and last months of the range are drawn whole. Past them the calendar answers 400 (and the instants a day
# either side, which the query needs, never leave the datetime range).
VIEW_MARGIN = timedelta(days=42)
FIRST_DAY, LAST_DAY = RECORD_FIRST - VIEW_MARGIN, RECORD_LAST + VIEW_MARGIN


class CalendarRangeError(ValueError):
    """A bad start, end or range; the message is meant for the person (or the page) that asked."""


@dataclass(frozen=True)
class SessionRow:
    uid: str
    title: str | None
    all_day: bool
    cancelled: bool
    start_utc: datetime
    end_utc: datetime
    local_start: datetime
    local_end: datetime
    zone: str
    workshop_id: int
    workshop_title: str
    workshop_status: str
    mode: str
    is_public: bool


def parse_bound(text: str | None, zone: str, name: str) -> datetime:
    """FullCalendar's start or end ("2024-11-01", "2024-11-01T00:00:00", with or without an offset) as an aware
    instant; a time without an offset is read in the display zone."""
    if not text:
        raise CalendarRangeError(f"{name} is required (YYYY-MM-DD)")
    try:
        value = datetime.fromisoformat(text.strip().replace(" ", "+").replace("Z", "+00:00"))
    except ValueError as error:
        raise CalendarRangeError(f"{name} must be a date or a date and time (YYYY-MM-DD)") from error
    if not FIRST_DAY <= value.date() <= LAST_DAY:
        raise CalendarRangeError(f"{name} must lie between {FIRST_DAY} and {LAST_DAY} (records are kept from "
                                 f"{RECORD_FIRST} to {RECORD_LAST})")
    return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(zone))


def check_range(start: datetime, end: datetime) -> None:
    if end <= start:
        raise CalendarRangeError("end must be after start")
    if end - start > timedelta(days=MAX_DAYS):
        raise CalendarRangeError(f"Ask for at most {MAX_DAYS} days at a time.")


def _wall(instant: datetime, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).replace(tzinfo=None).isoformat(timespec="minutes")


STATUS_WORDS = {"planned": "Planned", "confirmed": "Confirmed", "postponed": "Postponed", "cancelled": "Cancelled"}


def event_of(row: SessionRow, zone_name: str, url: str | None) -> dict:
    """One FullCalendar event. The status is in the title too (colour is never alone)."""
    zone = ZoneInfo(zone_name)
    status = "cancelled" if row.cancelled else row.workshop_status
    title = row.workshop_title + (f" — {row.title}" if row.title else "")
    word = STATUS_WORDS.get(status)
    event = {"id": row.uid, "title": f"{word}: {title}" if word else title, "url": url,
             "classNames": ["status-" + status],
             "extendedProps": {"workshop": row.workshop_id, "status": status, "mode": row.mode,
                               "zone": row.zone, "public": row.is_public}}
    if row.all_day:
        event.update(allDay=True, start=row.local_start.date().isoformat(), end=row.local_end.date().isoformat())
        event["extendedProps"]["local"] = f"{row.local_start:%a %d %b %Y}, whole day"
    else:
        event.update(allDay=False, start=_wall(row.start_utc, zone), end=_wall(row.end_utc, zone))
        event["extendedProps"]["local"] = (f"{row.local_start:%a %d %b %Y %H:%M}–{row.local_end:%H:%M} {row.zone}")
    return event


def zone_choices(now: datetime | None = None) -> list[dict]:
    """IANA zone names (no legacy aliases such as "US/Pacific" or "Etc/GMT+5"), each with its offset now."""
    from zoneinfo import available_timezones

    now = now or datetime.now(ZoneInfo("UTC"))
    out = []
    for name in sorted(available_timezones()):
        if "/" not in name or name.split("/")[0] not in _REGIONS:
            continue
        offset = now.astimezone(ZoneInfo(name)).utcoffset()
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "−"
        out.append({"value": name, "text": f"{name} (UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d})"})
    return out


_REGIONS = {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian",
            "Pacific"}
