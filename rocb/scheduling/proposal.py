"""A whole workshop's series of sessions: `days` sessions of `minutes` each, every day at the same local time in
the reference zone, over a date range of up to a year, avoiding each place's weekends and holidays.

Pure (numpy and the planner; no Flask, no database). How it chooses:
- candidates are every day of the range at every local start (15-minute steps) in the reference zone whose session
  ends the same local day; a local time that does not exist (the clocks change) is left out;
- each candidate is scored as the slot finder does: weighted places inside working hours (holidays and hours
  changes of each place's calendar applied), then fewer places on a non-working day or at night;
- `required` places (e.g. experts whose hours are a hard constraint) must be inside their working hours, on a working
  day that is not one of their holidays, in every session;
- a series is `days` sessions at one local time on different days within a span of whole weeks (7 days for up to
  5 sessions, 14 for up to 10): the span's best days are taken, so a weekend or a holiday inside the span is skipped
  when a better day is there. Series are ranked by their total score, then the earliest first day, then the
  earliest local time. Each proposal says who pays: per place, sessions by class, at night and on holidays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from rocb.scheduling.calendars import calendar_of, epoch_day
from rocb.scheduling.planner import Place, PlaceTime, SessionTime, Slot, local_times
from rocb.scheduling.zones import (
    DAY,
    EDGE,
    NON_WORKING_DAY,
    OUTSIDE,
    WORKING,
    PlannerError,
    candidate_table,
    candidate_table_naive,
    check_zone,
    offset_segments,
    offsets_at,
    zone,
)

MAX_RANGE_DAYS = 366
MAX_WORKSHOP_DAYS = 10
MIN_MINUTES, MAX_MINUTES = 15, 600
NO = -(2**50)  # the score of an inadmissible candidate (ten of them still fit in int64)


@dataclass(frozen=True)
class Cost:
    """Who pays for a series: one place's sessions by class (working, edge, outside, non-working day), at night
    and on its holidays (with their names)."""

    place: Place
    working: int
    edge: int
    outside: int
    non_working_day: int
    night: int
    holidays: tuple[str, ...]

    @property
    def pays(self) -> bool:
        return bool(self.outside or self.non_working_day or self.night)

    def to_dict(self) -> dict:
        return {"place": self.place.key, "label": self.place.label, "zone": self.place.zone,
                "working": self.working, "edge": self.edge, "outside": self.outside,
                "non_working_day": self.non_working_day, "night": self.night, "holidays": list(self.holidays)}


@dataclass(frozen=True)
class Proposal:
    """A series: the same local start in the reference zone on each chosen day, with every place's local times."""

    reference_zone: str
    local_start: time
    minutes: int
    sessions: tuple[Slot, ...]
    costs: tuple[Cost, ...]

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(s.start_utc.astimezone(zone(self.reference_zone)).date() for s in self.sessions)

    def to_dict(self) -> dict:
        return {
            "reference_zone": self.reference_zone, "local_start": f"{self.local_start:%H:%M}",
            "minutes": self.minutes, "days": [d.isoformat() for d in self.days],
            "sessions": [{**s.to_dict(), "start": s.start_utc.astimezone(zone(self.reference_zone)).isoformat(),
                          "end": s.end_utc.astimezone(zone(self.reference_zone)).isoformat()} for s in self.sessions],
            "who_pays": [c.to_dict() for c in self.costs],
        }


def span_days(days: int) -> int:
    """The calendar span a series of `days` sessions may spread over: whole weeks, 5 sessions a week."""
    return -(-days // 5) * 7


def _check(places, date_from: date, date_to: date, days, minutes, step_minutes) -> None:
    if not places:
        raise PlannerError("choose at least one administration or expert")
    if date_to < date_from:
        raise PlannerError(f"the range ends ({date_to}) before it starts ({date_from})")
    length = (date_to - date_from).days + 1
    if length > MAX_RANGE_DAYS:
        raise PlannerError(f"the range is {length} days long; at most {MAX_RANGE_DAYS} days are searched")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_WORKSHOP_DAYS:
        raise PlannerError(f"a workshop has 1 to {MAX_WORKSHOP_DAYS} days of sessions")
    if days > length:
        raise PlannerError(f"the range has {length} day(s); a workshop of {days} days needs at least {days}")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise PlannerError(f"a day's session lasts {MIN_MINUTES} to {MAX_MINUTES} minutes")
    if step_minutes <= 0 or 1440 % step_minutes:
        raise PlannerError("the step must divide the day")


def _candidates(reference_zone: str, date_from: date, n_days: int, minutes: int, step_minutes: int):
    """POSIX starts of shape (days, local times) and whether each local time exists that day."""
    local_starts = np.arange(0, DAY - minutes * 60 + 1, step_minutes * 60, dtype=np.int64)
    days = epoch_day(date_from) + np.arange(n_days, dtype=np.int64)
    wall = days[:, None] * DAY + local_starts[None, :]  # the wall clock, read as if it were UTC
    segments = offset_segments(reference_zone, int(wall.min()) - 2 * DAY, int(wall.max()) + 2 * DAY)
    instants = wall - offsets_at(segments, wall - offsets_at(segments, wall))
    instants = wall - offsets_at(segments, instants)
    exists = instants + offsets_at(segments, instants) == wall
    return local_starts, instants, exists


def propose_series(places, date_from: date, date_to: date, days: int, minutes: int, reference_zone: str = "UTC",
                   required=(), calendars=None, top: int = 3, step_minutes: int = 15,
                   build: Callable = candidate_table) -> list[Proposal]:
    """The `top` best series (each at a different local start), best first; see the module's docstring.
    `required`: keys of places that must be inside their working hours in every session. PlannerError when no
    series fits."""
    places = tuple(places)
    reference_zone = check_zone(reference_zone)
    _check(places, date_from, date_to, days, minutes, step_minutes)
    keys = [p.key for p in places]
    unknown = [k for k in required if k not in keys]
    if unknown:
        raise PlannerError(f"required places {', '.join(unknown)} are not among the chosen places")
    n_days = (date_to - date_from).days + 1
    local_starts, instants, exists = _candidates(reference_zone, date_from, n_days, minutes, step_minutes)
    flat = instants.ravel()
    table = build(places, (), flat, minutes * 60, calendars)
    weights = np.array([p.weight for p in places], dtype=np.int64)
    working_weight = weights @ table.working
    bad = table.night_or_day_off.sum(axis=0)
    admissible = exists.ravel().copy()
    for key in required:
        admissible &= table.working[keys.index(key)]
    big = days * (len(places) + 1) + 1  # a day's bad count never outweighs one place more in working hours
    score = np.where(admissible, working_weight * big - bad, NO).reshape(n_days, len(local_starts))
    span = min(span_days(days), n_days)
    padded = np.vstack([score, np.full((span - 1, score.shape[1]), NO, dtype=np.int64)])
    windows = sliding_window_view(padded, span, axis=0)  # (first day, local start, day in span)
    best = -np.sort(-windows, axis=2)[:, :, :days]  # each span's `days` best scores
    valid = (best > NO // 2).all(axis=2)
    if not valid.any():
        needs = " inside the working hours of " + ", ".join(required) if required else ""
        raise PlannerError(f"no series of {days} day(s) fits in the range{needs}")
    totals = np.where(valid, best.sum(axis=2), NO)
    first_day, start_index = np.nonzero(valid)
    order = np.lexsort((start_index, first_day, -totals[first_day, start_index]))
    proposals, seen = [], set()
    for n in order:
        d, t = int(first_day[n]), int(start_index[n])
        if t in seen:
            continue
        seen.add(t)
        window = windows[d, t]
        chosen = sorted(int(i) for i in np.argsort(-window, kind="stable")[:days])
        columns = [(d + i) * len(local_starts) + t for i in chosen]
        proposals.append(_proposal(places, columns, local_starts[t], minutes, reference_zone, calendars, table,
                                   working_weight, bad))
        if len(proposals) == top:
            break
    return proposals


def propose_series_naive(*args, **kwargs) -> list[Proposal]:
    """propose_series with a zoneinfo conversion and a holiday look-up per place per candidate (the benchmark's
    baseline and the tests' reference)."""
    return propose_series(*args, build=candidate_table_naive, **kwargs)


def _proposal(places, columns, local_start, minutes, reference_zone, calendars, table, working_weight,
              bad) -> Proposal:
    sessions = []
    for j in columns:
        start = datetime.fromtimestamp(int(table.starts[j]), tz=UTC)
        session = SessionTime(start, start + timedelta(minutes=minutes), reference_zone=reference_zone)
        sessions.append(Slot(session.start_utc, session.end_utc, int(working_weight[j]),
                             int(table.working[:, j].sum()), int(bad[j]),
                             tuple(local_times(session, p, reference_zone, calendar_of(calendars, p.key))
                                   for p in places)))
    seconds = int(local_start)
    return Proposal(reference_zone, time(seconds // 3600, seconds % 3600 // 60), minutes, tuple(sessions),
                    tuple(_cost(p, [s.places[i] for s in sessions]) for i, p in enumerate(places)))


def _cost(place: Place, times: list[PlaceTime]) -> Cost:
    fits = [t.fit for t in times]
    return Cost(place, fits.count(WORKING), fits.count(EDGE), fits.count(OUTSIDE), fits.count(NON_WORKING_DAY),
                sum(t.night for t in times), tuple(dict.fromkeys(t.holiday for t in times if t.holiday)))
