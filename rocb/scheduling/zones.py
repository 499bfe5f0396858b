"""Time-zone helpers of the planner: zone names, working weeks, UTC offsets over a range, and the
working-hours classes. Pure: no Flask, no database.

Times of day are handled as seconds since the local midnight of the day a session starts ("wall seconds").
A session's end is counted from that same midnight, so a session ending after midnight has an end past
86 400. The same rules exist twice: `classify` for one session (used with zoneinfo, row by row) and
`classify_many` for numpy arrays (used by the fast slot finder); tests check that they agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import numpy as np

from rocb.scheduling.calendars import EMPTY, apply_calendar, calendar_of

WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# The classes of a session for one place.
WORKING = "working"
EDGE = "edge"
OUTSIDE = "outside"
NON_WORKING_DAY = "non-working day"
FITS = (WORKING, EDGE, OUTSIDE, NON_WORKING_DAY)  # index = code used by classify_many

DAY = 86_400
EDGE_MARGIN = 2 * 3600  # "edge": within 2 h of working hours
NIGHT_START = 22 * 3600  # night is 22:00-06:00 local
NIGHT_END = 6 * 3600


class PlannerError(ValueError):
    """Bad input to the planner; the message is meant for the person who typed it."""


# ---------------------------------------------------------------- zone names


@lru_cache(maxsize=1)
def _known_zones() -> tuple[frozenset[str], dict[str, str]]:
    names = available_timezones()
    return frozenset(names), {name.lower(): name for name in names}


def check_zone(name: str) -> str:
    """Return `name` if it is an IANA time zone name, else raise PlannerError (a ValueError)."""
    if not isinstance(name, str) or not name.strip():
        raise PlannerError("a time zone is required (an IANA name such as Europe/Brussels)")
    name = name.strip()
    names, by_lower = _known_zones()
    # available_timezones() only lists real zone files; this also rejects "localtime" and paths.
    if name not in names:
        hint = by_lower.get(name.lower())
        tip = f" — did you mean {hint}?" if hint else " (use an IANA name such as Asia/Bangkok)"
        raise PlannerError(f"unknown time zone {name!r}{tip}")
    return name


@cache
def zone(name: str) -> ZoneInfo:
    """The ZoneInfo of a checked name. Cached here because zoneinfo's own cache keeps only the 8 most
    recent zones alive, and a schedule of 35 administrations would reload zone files all the time."""
    try:
        return ZoneInfo(check_zone(name))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise PlannerError(f"unknown time zone {name!r}") from exc


def format_offset(offset: timedelta) -> str:
    """+05:45, -03:00, +00:00 (the form ISO 8601 uses)."""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    return f"{sign}{hours:02d}:{rest // 60:02d}"


# ---------------------------------------------------------------- working weeks


def _day_index(token: str) -> int:
    word = token.strip().title()
    abbr = word[:3]
    if abbr not in WEEKDAY_ABBR or not WEEKDAY_NAMES[WEEKDAY_ABBR.index(abbr)].startswith(word):
        raise PlannerError(f"unknown weekday {token.strip()!r} (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)")
    return WEEKDAY_ABBR.index(abbr)


def parse_working_days(text: str) -> frozenset[int]:
    """"Mon-Fri", "Sat-Wed" (ranges wrap round the week), "Mon-Thu+Sat" -> weekday numbers, 0 = Monday."""
    if not isinstance(text, str) or not text.strip():
        raise PlannerError("working days are required, e.g. Mon-Fri or Sun-Thu")
    days: set[int] = set()
    for part in re.split(r"[+,]", text):
        if not part.strip():
            raise PlannerError(f"cannot read working days {text!r}")
        first, _, last = part.partition("-")
        start = _day_index(first)
        end = _day_index(last) if last else start
        day = start
        while True:
            days.add(day)
            if day == end:
                break
            day = (day + 1) % 7
    return frozenset(days)


def format_working_days(days: frozenset[int] | set[int]) -> str:
    """The inverse of parse_working_days: {5, 6, 0, 1, 2} -> "Sat-Wed", {0, 1, 2, 3, 5} -> "Mon-Thu+Sat"."""
    days = set(days)
    if not days or not days <= set(range(7)):
        raise PlannerError(f"working days must be weekday numbers 0-6, got {sorted(days)}")
    if len(days) == 7:
        return "Mon-Sun"
    runs = []
    for start in sorted(days):
        if (start - 1) % 7 in days:
            continue  # not the first day of a run
        end = start
        while (end + 1) % 7 in days:
            end = (end + 1) % 7
        runs.append(WEEKDAY_ABBR[start] if end == start else f"{WEEKDAY_ABBR[start]}-{WEEKDAY_ABBR[end]}")
    return "+".join(runs)


# ---------------------------------------------------------------- UTC offsets over a range

# Offsets are sampled every 6 hours and each change is narrowed down to the second by bisection. Clock
# changes of one zone are weeks apart (the closest are Ramadan suspensions), so none is missed.
_SAMPLE = 6 * 3600


def _offset_at(zi: ZoneInfo, ts: int) -> int:
    return int(datetime.fromtimestamp(ts, tz=zi).utcoffset().total_seconds())


def offset_segments(zone_name: str, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
    """UTC offsets (seconds) of a zone between two POSIX times, as segments: `starts[i]` is the first second
    at which `offsets[i]` applies (starts[0] == start). Valid for instants in [start, end]."""
    zi = zone(zone_name)
    starts, offsets = [start], [_offset_at(zi, start)]
    t = start
    while t < end:
        nxt = min(t + _SAMPLE, end)
        off = _offset_at(zi, nxt)
        if off != offsets[-1]:
            lo, hi = t, nxt  # offset at lo is the old one, at hi the new one
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if _offset_at(zi, mid) == offsets[-1]:
                    lo = mid
                else:
                    hi = mid
            starts.append(hi)
            offsets.append(off)
        t = nxt
    return np.array(starts, dtype=np.int64), np.array(offsets, dtype=np.int64)


def transitions(zone_name: str, start_utc: datetime, end_utc: datetime) -> list[tuple[datetime, int, int]]:
    """Clock changes of a zone in [start_utc, end_utc]: (instant in UTC, old offset s, new offset s)."""
    starts, offsets = offset_segments(zone_name, int(start_utc.timestamp()), int(end_utc.timestamp()))
    return [
        (datetime.fromtimestamp(int(starts[i]), tz=UTC), int(offsets[i - 1]), int(offsets[i]))
        for i in range(1, len(starts))
    ]


def offsets_at(segments: tuple[np.ndarray, np.ndarray], instants: np.ndarray) -> np.ndarray:
    starts, offsets = segments
    return offsets[np.searchsorted(starts, instants, side="right") - 1]


def wall_clock(instants: np.ndarray, duration: int, start_offsets: np.ndarray, end_offsets: np.ndarray):
    """Local weekday, start and end wall seconds (from the local midnight of the start day) of sessions."""
    local = instants + start_offsets
    day = np.floor_divide(local, DAY)
    start = local - day * DAY
    end = instants + duration + end_offsets - day * DAY
    weekday = (day + 3) % 7  # 1970-01-01 was a Thursday
    return weekday, start, end


# ---------------------------------------------------------------- classes


def seconds_of(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def classify(weekday: int, start: int, end: int, working_days, work_start: int, work_end: int) -> str:
    """The class of one session for one place. working: entirely inside working hours on a working day;
    edge: on a working day, entirely inside working hours widened by 2 h at both ends; non-working day: the
    local day the session starts on is not a working day; outside: the rest."""
    if weekday not in working_days:
        return NON_WORKING_DAY
    if work_start <= start and end <= work_end:
        return WORKING
    if work_start - EDGE_MARGIN <= start and end <= work_end + EDGE_MARGIN:
        return EDGE
    return OUTSIDE


def classify_many(weekday, start, end, working_days, work_start: int, work_end: int) -> np.ndarray:
    """classify() for arrays; returns codes that index FITS."""
    on_working_day = np.isin(weekday, sorted(working_days))
    working = (work_start <= start) & (end <= work_end)
    edge = (work_start - EDGE_MARGIN <= start) & (end <= work_end + EDGE_MARGIN)
    codes = np.where(working, 0, np.where(edge, 1, 2))
    return np.where(on_working_day, codes, 3)


def is_night(start, end):
    """Some of the session lies between 22:00 and 06:00 local (works on ints and arrays). Sessions are at
    most 12 h long and start before 24:00, so only the night they start in and the next one matter."""
    return (start < NIGHT_END) | (end > NIGHT_START)


def window_bounds(start: time, end: time) -> tuple[int, int]:
    """A local window in seconds from midnight; an end at or before the start means the next day
    ("22:00-02:00"; "00:00-00:00" is the whole day)."""
    lo, hi = seconds_of(start), seconds_of(end)
    return lo, hi if hi > lo else hi + DAY


def inside_window(start, end, lo: int, hi: int):
    """The session [start, end] (wall seconds) lies inside the daily window [lo, hi]: in that day's window
    or in the previous day's one when it runs past midnight. Works on ints and arrays."""
    today = (lo <= start) & (end <= hi)
    yesterday = (lo - DAY <= start) & (end <= hi - DAY)
    return today | yesterday


# ---------------------------------------------------------------- constraints


@dataclass(frozen=True)
class Constraint:
    """A hard constraint: the whole session lies inside this local window of `zone`.
    An end at or before the start runs to the next day ("22:00-02:00"; "00:00-24:00" is all day)."""

    zone: str
    start: time
    end: time

    def __post_init__(self):
        object.__setattr__(self, "zone", check_zone(self.zone))

    @property
    def length_seconds(self) -> int:
        lo, hi = window_bounds(self.start, self.end)
        return hi - lo

    def __str__(self) -> str:
        end = "24:00" if self.end == time(0) else f"{self.end:%H:%M}"
        return f"{self.zone}@{self.start:%H:%M}-{end}"

    def to_dict(self) -> dict:
        return {"zone": self.zone, "start": f"{self.start:%H:%M}", "end": str(self).rsplit("-", 1)[1]}


_CONSTRAINT = re.compile(r"^\s*([^@\s]+)\s*@\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_constraint(text: str) -> Constraint:
    """"Europe/Brussels@08:00-18:00" -> Constraint. "24:00" is accepted as an end."""
    match = _CONSTRAINT.match(text or "")
    if not match:
        raise PlannerError(f"cannot read constraint {text!r}; write it as Zone@HH:MM-HH:MM, "
                           "e.g. Europe/Brussels@08:00-18:00")
    name, h1, m1, h2, m2 = match.groups()
    h1, m1, h2, m2 = int(h1), int(m1), int(h2), int(m2)
    if (h2, m2) == (24, 0):
        h2 = 0
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise PlannerError(f"constraint {text!r}: hours are 00:00 to 24:00")
    return Constraint(check_zone(name), time(h1, m1), time(h2, m2))


# ---------------------------------------------------------------- candidate tables of the slot finder


@dataclass(frozen=True)
class CandidateTable:
    """Every candidate start (POSIX seconds) and, per place (rows) and candidate (columns), whether the
    session is inside working hours and whether it falls on a non-working day or at night."""

    starts: np.ndarray
    admissible: np.ndarray  # satisfies every constraint
    working: np.ndarray
    night_or_day_off: np.ndarray


def candidate_table(places, constraints, starts: np.ndarray, duration: int, calendars=None) -> CandidateTable:
    """The fast way: a zone's UTC offset is constant between clock changes, so each zone's offsets are
    found once for the whole range and every candidate is classified with integer arithmetic.
    `calendars` ({place key: PlaceCalendar}): holidays count as non-working days, hours changes replace the
    working hours on their days; each place's holidays are one sorted array, looked up for all candidates at once."""
    lo_t, hi_t = int(starts.min()), int(starts.max()) + duration
    cache: dict[str, tuple] = {}

    def clock(zone_name):  # (weekday, start, end, local epoch day) arrays of every candidate in that zone
        if zone_name not in cache:
            segments = offset_segments(zone_name, lo_t, hi_t)
            start_offsets = offsets_at(segments, starts)
            cache[zone_name] = (*wall_clock(starts, duration, start_offsets, offsets_at(segments, starts + duration)),
                                np.floor_divide(starts + start_offsets, DAY))
        return cache[zone_name]

    admissible = np.ones(len(starts), dtype=bool)
    for c in constraints:
        _, start, end, _ = clock(c.zone)
        admissible &= inside_window(start, end, *window_bounds(c.start, c.end))
    working = np.zeros((len(places), len(starts)), dtype=bool)
    bad = np.zeros_like(working)
    for i, p in enumerate(places):
        weekday, start, end, day = clock(p.zone)
        codes = classify_many(weekday, start, end, p.working_days, seconds_of(p.work_start),
                              seconds_of(p.work_end))
        calendar = calendar_of(calendars, p.key)
        if calendar is not EMPTY:
            codes = apply_calendar(codes, day, lambda lo, hi, w=weekday, s=start, e=end, d=p.working_days:
                                   classify_many(w, s, e, d, lo, hi), calendar)
        working[i] = codes == 0
        bad[i] = (codes == 3) | is_night(start, end)
    return CandidateTable(starts, admissible, working, bad)


def _local_clock(instant: datetime, duration: int, zi: ZoneInfo) -> tuple[int, int, int, date]:
    start, end = instant.astimezone(zi), (instant + timedelta(seconds=duration)).astimezone(zi)
    start_s = seconds_of(start.time())
    return start.weekday(), start_s, (end.date() - start.date()).days * DAY + seconds_of(end.time()), start.date()


def candidate_table_naive(places, constraints, starts: np.ndarray, duration: int, calendars=None) -> CandidateTable:
    """The same table the obvious way: a zoneinfo conversion per place per candidate, and a look-up of its local
    date in the place's holidays and hours changes (the benchmark's baseline, and the reference the fast table is
    tested against)."""
    n = len(starts)
    admissible = np.ones(n, dtype=bool)
    working = np.zeros((len(places), n), dtype=bool)
    bad = np.zeros_like(working)
    for j, ts in enumerate(starts.tolist()):
        instant = datetime.fromtimestamp(ts, tz=UTC)
        for c in constraints:
            _, start, end, _ = _local_clock(instant, duration, zone(c.zone))
            admissible[j] &= bool(inside_window(start, end, *window_bounds(c.start, c.end)))
        for i, p in enumerate(places):
            weekday, start, end, day = _local_clock(instant, duration, zone(p.zone))
            calendar = calendar_of(calendars, p.key)
            change = calendar.hours_on(day)
            hours = (change.start, change.end) if change else (p.work_start, p.work_end)
            fit = classify(weekday, start, end, p.working_days, seconds_of(hours[0]), seconds_of(hours[1]))
            if calendar.holiday_on(day):
                fit = NON_WORKING_DAY
            working[i, j] = fit == WORKING
            bad[i, j] = fit == NON_WORKING_DAY or bool(is_night(start, end))
    return CandidateTable(starts, admissible, working, bad)
