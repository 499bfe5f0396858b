"""The time-zone planner: the slot finder, which ranks candidate session starts for a set of places.

Pure: plain dataclasses in, plain dataclasses (with `to_dict()` for JSON) out; no Flask, no database. Places,
sessions, local times and the schedule live in schedules.py and are re-exported here, so
`from rocb.scheduling.planner import Place, find_slots` keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from rocb.scheduling.calendars import PlaceCalendar, calendar_of
from rocb.scheduling.schedules import (
    DstFlag,
    Place,
    PlaceTime,
    Schedule,
    ScheduleRow,
    SessionTime,
    _iso,
    dst_flags,
    local_times,
    schedule,
)
from rocb.scheduling.zones import (
    DAY,
    EDGE,
    NON_WORKING_DAY,
    OUTSIDE,
    WORKING,
    CandidateTable,
    Constraint,
    PlannerError,
    candidate_table,
    candidate_table_naive,
    check_zone,
    format_working_days,
    offset_segments,
    offsets_at,
    parse_constraint,
    parse_working_days,
    zone,
)

__all__ = [
    "EDGE", "NON_WORKING_DAY", "OUTSIDE", "WORKING", "Constraint", "DstFlag", "Place", "PlaceCalendar", "PlaceTime",
    "PlannerError", "Ranking", "Schedule", "ScheduleRow", "SessionTime", "Slot", "check_zone", "dst_flags",
    "find_series", "find_slots", "find_slots_naive", "format_working_days", "local_times",
    "parse_constraint", "parse_working_days", "rank", "schedule",
]


# ---------------------------------------------------------------- constraints and slots


@dataclass(frozen=True)
class Slot:
    """A proposed session start with its score and every place's local time."""

    start_utc: datetime
    end_utc: datetime
    working_weight: int  # sum of the weights of the places inside working hours
    working_count: int  # places inside working hours
    night_or_day_off: int  # places on a non-working day or at night (22:00-06:00 local)
    places: tuple[PlaceTime, ...]

    def to_dict(self) -> dict:
        return {
            "start_utc": _iso(self.start_utc), "end_utc": _iso(self.end_utc),
            "working_weight": self.working_weight, "working_count": self.working_count,
            "night_or_day_off": self.night_or_day_off, "places": [p.to_dict() for p in self.places],
        }




# ---------------------------------------------------------------- the slot finder

MAX_DAYS = 31
MAX_MINUTES = 720
MAX_SERIES = 5


def _as_date(value, name: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise PlannerError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def _candidate_starts(places, date_from, date_to, duration_minutes, constraints, step_minutes, search_zone):
    """Checks the search and returns (places, constraints, candidate starts as POSIX seconds, duration s).
    Candidates start every step from date_from 00:00 up to, not including, the day after date_to 00:00,
    both in `search_zone` (UTC by default); a session may end after that."""
    places = tuple(places)
    if not places:
        raise PlannerError("choose at least one administration or zone")
    zi = zone(search_zone)
    date_from, date_to = _as_date(date_from, "from"), _as_date(date_to, "to")
    if date_to < date_from:
        raise PlannerError(f"the range ends ({date_to}) before it starts ({date_from})")
    days = (date_to - date_from).days + 1
    if days > MAX_DAYS:
        raise PlannerError(f"the range is {days} days long; at most {MAX_DAYS} days are searched")
    if isinstance(duration_minutes, bool) or not isinstance(duration_minutes, int):
        raise PlannerError("the duration is a whole number of minutes")
    if not 0 < duration_minutes <= MAX_MINUTES:
        raise PlannerError(f"the duration must be between 1 and {MAX_MINUTES} minutes (12 hours), "
                           f"not {duration_minutes}")
    if not isinstance(step_minutes, int) or step_minutes <= 0:
        raise PlannerError("the step must be a positive number of minutes")
    constraints = tuple(c if isinstance(c, Constraint) else parse_constraint(c) for c in constraints)
    for c in constraints:
        if c.length_seconds < duration_minutes * 60:
            raise PlannerError(f"constraint {c} is shorter than the {duration_minutes}-minute session")
    first = datetime.combine(date_from, time(0), tzinfo=zi).timestamp()
    stop = datetime.combine(date_to + timedelta(days=1), time(0), tzinfo=zi).timestamp()
    starts = np.arange(int(first), int(stop), step_minutes * 60, dtype=np.int64)
    return places, constraints, starts, duration_minutes * 60


def _ranked(table: CandidateTable, places, constraints) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Admissible candidate indices, best first; with every candidate's weighted working and bad counts."""
    weights = np.array([p.weight for p in places], dtype=np.int64)
    working_weight = weights @ table.working
    bad = table.night_or_day_off.sum(axis=0)
    candidates = np.flatnonzero(table.admissible)
    if len(candidates) == 0:
        raise PlannerError("no start time in the range satisfies " + ", ".join(str(c) for c in constraints))
    # lexsort: the last key is the first criterion.
    order = np.lexsort((table.starts[candidates], bad[candidates], -working_weight[candidates]))
    return candidates[order], working_weight, bad


def _slot(table: CandidateTable, j: int, places, duration: int, search_zone: str, figures, calendars=None) -> Slot:
    start = datetime.fromtimestamp(int(table.starts[j]), tz=UTC)
    session = SessionTime(start, start + timedelta(seconds=duration), reference_zone=search_zone)
    working_weight, bad = figures
    return Slot(session.start_utc, session.end_utc, int(working_weight[j]), int(table.working[:, j].sum()),
                int(bad[j]), tuple(local_times(session, p, search_zone, calendar_of(calendars, p.key))
                                   for p in places))


@dataclass(frozen=True, eq=False)
class Ranking:
    """Every candidate of a search, classified once: `order` holds the admissible candidates (indices into
    `table`), best first. The top slots and the times of day (times_of_day.py) are both read from it."""

    places: tuple[Place, ...]
    table: CandidateTable
    order: np.ndarray
    working_weight: np.ndarray  # per candidate
    bad: np.ndarray  # per candidate: places on a non-working day or at night
    duration: int  # seconds
    search_zone: str
    calendars: dict | None = None

    def slot(self, j: int) -> Slot:
        """Candidate `j` (an index into the table) as a Slot with every place's local time."""
        return _slot(self.table, j, self.places, self.duration, self.search_zone,
                     (self.working_weight, self.bad), self.calendars)

    def top(self, n: int | None) -> list[Slot]:
        return [self.slot(int(j)) for j in self.order[:n]]

    def reference_clock(self) -> tuple[np.ndarray, np.ndarray]:
        """Every candidate's local day (days since 1970-01-01) and time of day (seconds) in the search zone."""
        starts = self.table.starts
        local = starts + offsets_at(offset_segments(self.search_zone, int(starts[0]), int(starts[-1])), starts)
        day = np.floor_divide(local, DAY)
        return day, local - day * DAY


def rank(places, date_from, date_to, duration_minutes: int, constraints=(), step_minutes: int = 15,
         search_zone: str = "UTC", calendars=None, build=candidate_table) -> Ranking:
    """Check the search, classify every candidate start and rank the admissible ones (see find_slots)."""
    places, constraints, starts, duration = _candidate_starts(
        places, date_from, date_to, duration_minutes, constraints, step_minutes, search_zone)
    table = build(places, constraints, starts, duration, calendars)
    order, working_weight, bad = _ranked(table, places, constraints)
    return Ranking(places, table, order, working_weight, bad, duration, search_zone, calendars)


def _find_slots(build, places, date_from, date_to, duration_minutes, constraints, step_minutes, top,
                search_zone, calendars) -> list[Slot]:
    if top is not None and top < 1:
        _candidate_starts(places, date_from, date_to, duration_minutes, constraints, step_minutes, search_zone)
        raise PlannerError("ask for at least one result")
    return rank(places, date_from, date_to, duration_minutes, constraints, step_minutes, search_zone, calendars,
                build).top(top)


def find_slots(places, date_from, date_to, duration_minutes: int, constraints=(), step_minutes: int = 15,
               top: int | None = 10, search_zone: str = "UTC", calendars=None) -> list[Slot]:
    """The best session starts, ranked by the weighted number of places inside working hours (more first),
    then the number of places on a non-working day or at night (fewer first), then the earliest.
    `constraints` are Constraint objects or texts like "Europe/Brussels@08:00-18:00". top=None: all.
    `calendars` ({place key: PlaceCalendar}): a place's holidays are non-working days for it, so a day that is
    a holiday somewhere ranks below the same hours on a working day; each result names the holidays."""
    return _find_slots(candidate_table, places, date_from, date_to, duration_minutes, constraints,
                       step_minutes, top, search_zone, calendars)


def find_slots_naive(places, date_from, date_to, duration_minutes: int, constraints=(),
                     step_minutes: int = 15, top: int | None = 10, search_zone: str = "UTC",
                     calendars=None) -> list[Slot]:
    """find_slots with a zoneinfo conversion per place per candidate: same results, for the benchmark and
    as the reference in tests."""
    return _find_slots(candidate_table_naive, places, date_from, date_to, duration_minutes, constraints,
                       step_minutes, top, search_zone, calendars)


def find_series(places, date_from, date_to, duration_minutes: int, k: int, constraints=(),
                step_minutes: int = 15, search_zone: str = "UTC", calendars=None) -> list[Slot]:
    """k slots on different days (in `search_zone`) that share out the bad hours: as far as possible, no
    place is outside working hours in all k when some admissible slot has it inside them.

    Greedy, then improved by swaps: the first slot is the best-ranked one; each next slot, on a new day,
    brings the most places back inside working hours that were outside them in every slot so far (ties go
    to the better-ranked slot). Then any slot is swapped for another on a free day while that lowers the
    number of such places, or keeps it with a better-ranked slot. The result is chronological."""
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_SERIES:
        raise PlannerError(f"a series has 1 to {MAX_SERIES} sessions")
    ranking = rank(places, date_from, date_to, duration_minutes, constraints, step_minutes, search_zone, calendars)
    places, table, order = ranking.places, ranking.table, ranking.order
    day, _ = ranking.reference_clock()
    if len(np.unique(day[order])) < k:
        raise PlannerError(f"only {len(np.unique(day[order]))} day(s) in the range have an admissible "
                           f"start; a series of {k} needs {k}")
    outside = ~table.working[:, order]  # places x admissible candidates, best-ranked first
    avoidable = ~outside.all(axis=1)
    picks: list[int] = [0]  # positions in `order`
    while len(picks) < k:
        still_out = outside[:, picks].all(axis=1) & avoidable
        relief = (~outside & still_out[:, None]).sum(axis=0)
        relief[np.isin(day[order], day[order[picks]])] = -1  # one session per day
        picks.append(int(np.argmax(relief)))  # argmax takes the first (best-ranked) of equals
    improved = True
    while improved:
        improved = False
        for n in range(k):
            others = picks[:n] + picks[n + 1:]
            out_of_others = outside[:, others].all(axis=1) & avoidable
            current = int((out_of_others & outside[:, picks[n]]).sum())
            left_out = (outside & out_of_others[:, None]).sum(axis=0)
            left_out[np.isin(day[order], day[order[others]])] = len(places) + 1
            best = int(np.argmin(left_out))  # the best-ranked of the minima
            # Fewer places always outside; or as many, with a better-ranked slot.
            if (int(left_out[best]), best) < (current, picks[n]):
                picks[n], improved = best, True
    return [ranking.slot(j) for j in sorted(int(order[p]) for p in picks)]
