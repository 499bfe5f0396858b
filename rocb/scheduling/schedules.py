"""Places, sessions and the schedule: every session in every place's local time, with its class there (working
hours, edge, outside, non-working day), its holiday, and the clock changes around it. Pure: plain dataclasses in,
plain dataclasses (with `to_dict()` for JSON) out; no Flask, no database.

Places are administrations or extra zones (e.g. Europe/Brussels for WCO experts). Session instants are UTC; a
place's local times are aware datetimes in that place's zone, so their ISO form carries the place's own offset
(2021-03-29T15:00:00+07:00). The slot finder (planner.py) builds on these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from rocb.scheduling.calendars import EMPTY, PlaceCalendar, calendar_of
from rocb.scheduling.zones import (
    DAY,
    NON_WORKING_DAY,
    WEEKDAY_NAMES,
    WORKING,
    PlannerError,
    check_zone,
    classify,
    format_offset,
    format_working_days,
    is_night,
    parse_working_days,
    seconds_of,
    transitions,
    zone,
)

MON_FRI = frozenset(range(5))
DST_LOOKBACK = timedelta(days=7)


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt is not None else None


@dataclass(frozen=True)
class Place:
    """An administration (key = its code, "TH") or an extra zone (key = the zone, "Europe/Brussels").
    working_days accepts weekday numbers (0 = Monday) or a text such as "Sat-Wed"."""

    key: str
    label: str
    zone: str
    working_days: frozenset[int] = MON_FRI
    work_start: time = time(9)
    work_end: time = time(17)
    weight: int = 1
    hours_assumed: bool = False  # the default 09:00-17:00, not hours anyone recorded

    def __post_init__(self):
        object.__setattr__(self, "zone", check_zone(self.zone))
        days = self.working_days
        days = parse_working_days(days) if isinstance(days, str) else frozenset(days)
        format_working_days(days)  # validates: non-empty, 0-6
        object.__setattr__(self, "working_days", days)
        if not self.work_start < self.work_end:
            raise PlannerError(f"{self.label}: working hours must end after they start")
        if self.weight < 0:
            raise PlannerError(f"{self.label}: weight cannot be negative")

    @classmethod
    def extra_zone(cls, name: str, weight: int = 1) -> Place:
        return cls(key=name, label=name, zone=name, weight=weight)

    def to_dict(self) -> dict:
        return {
            "key": self.key, "label": self.label, "zone": self.zone,
            "working_days": format_working_days(self.working_days),
            "working_hours": f"{self.work_start:%H:%M}-{self.work_end:%H:%M}", "weight": self.weight,
        }


@dataclass(frozen=True)
class SessionTime:
    """A timed session (start_utc, end_utc: aware; stored in UTC) or a whole-day one (day)."""

    start_utc: datetime | None = None
    end_utc: datetime | None = None
    day: date | None = None
    reference_zone: str = "UTC"
    label: str = ""

    def __post_init__(self):
        object.__setattr__(self, "reference_zone", check_zone(self.reference_zone))
        if self.day is not None:
            if self.start_utc is not None or self.end_utc is not None:
                raise PlannerError("a session is either whole-day or timed, not both")
            return
        if self.start_utc is None or self.end_utc is None:
            raise PlannerError("a timed session needs a start and an end")
        if self.start_utc.tzinfo is None or self.end_utc.tzinfo is None:
            raise PlannerError("session times must be timezone-aware")
        if not self.start_utc < self.end_utc:
            raise PlannerError("a session must end after it starts")
        object.__setattr__(self, "start_utc", self.start_utc.astimezone(UTC))
        object.__setattr__(self, "end_utc", self.end_utc.astimezone(UTC))

    @property
    def whole_day(self) -> bool:
        return self.day is not None

    @classmethod
    def at_local(cls, day: date, start: time, end: time, reference_zone: str, label: str = "") -> SessionTime:
        """The agreed local time ("10:00-12:00 Europe/Brussels") -> a session with its UTC instants."""
        zi = zone(reference_zone)
        if not start < end:
            raise PlannerError("a session must end after it starts (same local day)")
        instants = []
        for t in (start, end):
            local = datetime.combine(day, t, tzinfo=zi)
            if local.astimezone(UTC).astimezone(zi).replace(tzinfo=None) != local.replace(tzinfo=None):
                raise PlannerError(f"{day} {t:%H:%M} does not exist in {reference_zone} (the clocks change)")
            instants.append(local.astimezone(UTC))
        return cls(instants[0], instants[1], reference_zone=reference_zone, label=label)

    def to_dict(self) -> dict:
        if self.whole_day:
            return {"label": self.label, "whole_day": True, "date": self.day.isoformat(),
                    "reference_zone": self.reference_zone}
        zi = zone(self.reference_zone)
        return {
            "label": self.label, "whole_day": False, "reference_zone": self.reference_zone,
            "start_utc": _iso(self.start_utc), "end_utc": _iso(self.end_utc),
            "start": _iso(self.start_utc.astimezone(zi)), "end": _iso(self.end_utc.astimezone(zi)),
        }


@dataclass(frozen=True)
class PlaceTime:
    """One session seen from one place. local_start/local_end are None for a whole-day session."""

    place: Place
    local_start: datetime | None
    local_end: datetime | None
    local_date: date
    weekday: str
    day_shift: int  # local date minus the date in the reference zone: -1, 0, +1
    fit: str  # WORKING, EDGE, OUTSIDE or NON_WORKING_DAY
    night: bool  # some of it lies between 22:00 and 06:00 local
    holiday: str | None = None  # the public holiday or closure of the place on that local day
    hours_change: str | None = None  # the dated working-hours change in force that day ("Ramadan hours")

    def to_dict(self) -> dict:
        return {
            "place": self.place.key, "label": self.place.label, "zone": self.place.zone,
            "local_start": _iso(self.local_start), "local_end": _iso(self.local_end),
            "local_date": self.local_date.isoformat(), "weekday": self.weekday,
            "utc_offset": format_offset(self.local_start.utcoffset()) if self.local_start else None,
            "day_shift": self.day_shift, "class": self.fit, "night": self.night, "holiday": self.holiday,
            "hours_change": self.hours_change,
        }


def local_times(session: SessionTime, place: Place, reference_zone: str | None = None,
                calendar: PlaceCalendar | None = None) -> PlaceTime:
    """`session` in `place`'s local time, with its class there. The day shift is taken against
    `reference_zone` (default: the session's own reference zone). With the place's `calendar`, a session on one
    of its holidays is on a non-working day and names the holiday; a dated hours change replaces its hours."""
    calendar = calendar or EMPTY
    if session.whole_day:
        # A whole-day session is the same calendar day everywhere (historic records give only dates).
        weekday = session.day.weekday()
        holiday = calendar.holiday_on(session.day)
        fit = WORKING if weekday in place.working_days and not holiday else NON_WORKING_DAY
        return PlaceTime(place, None, None, session.day, WEEKDAY_NAMES[weekday], 0, fit, False, holiday)
    zi = zone(place.zone)
    start, end = session.start_utc.astimezone(zi), session.end_utc.astimezone(zi)
    start_s = seconds_of(start.time())
    end_s = (end.date() - start.date()).days * DAY + seconds_of(end.time())
    weekday = start.weekday()
    change, holiday = calendar.hours_on(start.date()), calendar.holiday_on(start.date())
    work_start, work_end = (change.start, change.end) if change else (place.work_start, place.work_end)
    fit = classify(weekday, start_s, end_s, place.working_days, seconds_of(work_start), seconds_of(work_end))
    if holiday:
        fit = NON_WORKING_DAY
    reference_day = session.start_utc.astimezone(zone(reference_zone or session.reference_zone)).date()
    return PlaceTime(place, start, end, start.date(), WEEKDAY_NAMES[weekday],
                     (start.date() - reference_day).days, fit, bool(is_night(start_s, end_s)), holiday,
                     (change.name or f"{change.start:%H:%M}-{change.end:%H:%M}") if change else None)


@dataclass(frozen=True)
class DstFlag:
    """A place's clock changes during the workshop (before_workshop False) or in the 7 days before it."""

    place: Place
    at_utc: datetime
    old_offset: timedelta
    new_offset: timedelta
    before_workshop: bool

    def to_dict(self) -> dict:
        return {
            "place": self.place.key, "zone": self.place.zone, "at_utc": _iso(self.at_utc),
            "at_local": _iso(self.at_utc.astimezone(zone(self.place.zone))),
            "old_offset": format_offset(self.old_offset), "new_offset": format_offset(self.new_offset),
            "before_workshop": self.before_workshop,
        }


def _bounds(session: SessionTime) -> tuple[datetime, datetime]:
    if session.whole_day:
        zi = zone(session.reference_zone)
        start = datetime.combine(session.day, time(0), tzinfo=zi)
        return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)
    return session.start_utc, session.end_utc


def dst_flags(sessions, places) -> list[DstFlag]:
    """Clock changes of any place from 7 days before the first session to the end of the last one."""
    if not sessions:
        return []
    bounds = [_bounds(s) for s in sessions]
    first, last = min(b[0] for b in bounds), max(b[1] for b in bounds)
    flags = []
    for place in places:
        for at, old, new in transitions(place.zone, first - DST_LOOKBACK, last):
            flags.append(DstFlag(place, at, timedelta(seconds=old), timedelta(seconds=new), at < first))
    return sorted(flags, key=lambda f: (f.at_utc, f.place.key))


@dataclass(frozen=True)
class ScheduleRow:
    place: Place
    times: tuple[PlaceTime, ...]  # one per session, in the order of the sessions

    def to_dict(self) -> dict:
        return {"place": self.place.to_dict(), "times": [t.to_dict() for t in self.times]}


@dataclass(frozen=True)
class Schedule:
    reference_zone: str
    sessions: tuple[SessionTime, ...]
    rows: tuple[ScheduleRow, ...]
    dst_flags: tuple[DstFlag, ...] = field(default=())

    def to_dict(self) -> dict:
        return {
            "reference_zone": self.reference_zone, "sessions": [s.to_dict() for s in self.sessions],
            "rows": [r.to_dict() for r in self.rows], "dst_flags": [f.to_dict() for f in self.dst_flags],
        }


def schedule(sessions, places, reference_zone: str, calendars=None) -> Schedule:
    """Every session in every place's local time (rows in the order of `places`), with the DST flags and, with
    `calendars` ({place key: PlaceCalendar}), each place's holidays named."""
    check_zone(reference_zone)
    sessions, places = tuple(sessions), tuple(places)
    rows = tuple(ScheduleRow(p, tuple(local_times(s, p, reference_zone, calendar_of(calendars, p.key))
                                      for s in sessions)) for p in places)
    return Schedule(reference_zone, sessions, rows, tuple(dst_flags(sessions, places)))
