"""A place's own calendar beyond its working week: public holidays and office closures (dated days off, each
with its name) and dated changes of working hours (e.g. Ramadan hours). Pure: plain data in, no Flask, no
database, no holiday package (the services look holidays up and hand them over as dates with names).

The planner reads a place's calendar by the place's key ("TH", "Europe/Brussels"): `calendars` arguments are
mappings {place key: PlaceCalendar}; a place without an entry has no holidays.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from functools import cached_property

import numpy as np

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def epoch_day(day: date) -> int:
    """Days since 1970-01-01 (the day numbers the fast slot finder computes from POSIX seconds)."""
    return day.toordinal() - EPOCH_ORDINAL


@dataclass(frozen=True)
class HoursChange:
    """Working hours that differ from the usual ones from `first` to `last` (both included), e.g. Ramadan."""

    first: date
    last: date
    start: time
    end: time
    name: str = ""

    def __post_init__(self):
        if self.last < self.first:
            raise ValueError(f"{self.name or 'hours change'}: ends ({self.last}) before it starts ({self.first})")
        if not self.start < self.end:
            raise ValueError(f"{self.name or 'hours change'}: working hours must end after they start")


@dataclass(frozen=True, eq=False)
class PlaceCalendar:
    """Days off with their names (public holidays, office closures) and dated working-hours changes."""

    holidays: Mapping[date, str] = field(default_factory=dict)
    hours: tuple[HoursChange, ...] = ()

    def holiday_on(self, day: date) -> str | None:
        return self.holidays.get(day)

    def hours_on(self, day: date) -> HoursChange | None:
        """The hours change in force on `day` (the last one listed wins when two overlap)."""
        found = None
        for change in self.hours:
            if change.first <= day <= change.last:
                found = change
        return found

    @cached_property
    def holiday_days(self) -> np.ndarray:
        """The days off as sorted epoch day numbers, computed once per calendar."""
        return np.array(sorted(epoch_day(d) for d in self.holidays), dtype=np.int64)


EMPTY = PlaceCalendar()


def calendar_of(calendars: Mapping[str, PlaceCalendar] | None, key: str) -> PlaceCalendar:
    return (calendars or {}).get(key) or EMPTY


def apply_calendar(codes: np.ndarray, day: np.ndarray, classify_with_hours, calendar: PlaceCalendar) -> np.ndarray:
    """The class codes of candidates (see zones.FITS) corrected by a place's calendar: on a day with changed hours
    the candidate is classified with those hours (`classify_with_hours(start_s, end_s)` -> codes); on a day off it
    is a non-working day (code 3). `day`: each candidate's local epoch day."""
    for change in calendar.hours:
        inside = (day >= epoch_day(change.first)) & (day <= epoch_day(change.last))
        if inside.any():
            lo = change.start.hour * 3600 + change.start.minute * 60
            hi = change.end.hour * 3600 + change.end.minute * 60
            codes = np.where(inside, classify_with_hours(lo, hi), codes)
    if len(calendar.holiday_days):
        codes = np.where(np.isin(day, calendar.holiday_days), 3, codes)
    return codes
