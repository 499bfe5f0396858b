"""The slot finder's answer read by time of day: each distinct start time once (in the reference zone), best
first, with the days it works on, and a 24-hour strip per place that shows the place's working hours and the
chosen slot. Pure: no Flask, no database.

The ranked list of `find_slots` repeats the same few start times on different days ("12:30 Mon, 12:30 Tue,
12:30 Wed, ..."); a person chooses a time of day first, then a day. `group_by_time` reads the whole ranking, not
its top ten, so five groups are five different start times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from rocb.scheduling.calendars import EMPTY, PlaceCalendar, calendar_of
from rocb.scheduling.planner import PlaceTime, PlannerError, Ranking, Slot, rank
from rocb.scheduling.zones import DAY, NON_WORKING_DAY, WEEKDAY_NAMES, seconds_of, zone

GROUPS = 5  # start times shown by default
EPOCH = date(1970, 1, 1)

# What an hour of a place's day is: inside its working hours, partly (hours such as 08:30-16:30), outside them,
# or on a day off (a non-working day of its week, a public holiday or a closure).
HOUR_WORKING = "working"
HOUR_PART = "part working"
HOUR_OUTSIDE = "outside"
HOUR_DAY_OFF = "day off"
# How much of an hour the chosen slot covers ("" for none).
SLOT_FULL = "full"
SLOT_PART = "part"


def _cover(lo: int, hi: int, start: int, end: int, full: str, part: str, none: str) -> str:
    overlap = min(hi, end) - max(lo, start)
    return none if overlap <= 0 else full if overlap >= hi - lo else part


@dataclass(frozen=True)
class HourStrip:
    """One place's local day, hour by hour (00 to 23, the wall clock of the place), on the day the slot starts
    there. `day_off`: the holiday's name, or "non-working day" on a day outside its working week."""

    place_key: str
    local_date: date
    day_off: str | None
    work_start: time  # the hours in force that day (a dated hours change replaces the usual ones)
    work_end: time
    hours: tuple[str, ...]  # 24 of HOUR_*
    slot: tuple[str, ...]  # 24 of SLOT_FULL, SLOT_PART or ""
    slot_start: time | None  # local; None for a whole-day session
    slot_end: time | None
    continues_next_day: bool  # the slot ends after midnight: its end is on the next day's strip

    @property
    def weekday(self) -> str:
        return WEEKDAY_NAMES[self.local_date.weekday()]

    def cells(self):
        """(hour, what the hour is, how much of it the slot covers) for the 24 hours."""
        return zip(range(24), self.hours, self.slot, strict=True)

    def to_dict(self) -> dict:
        return {
            "place": self.place_key, "local_date": self.local_date.isoformat(), "weekday": self.weekday,
            "day_off": self.day_off, "working_hours": f"{self.work_start:%H:%M}-{self.work_end:%H:%M}",
            "hours": list(self.hours), "slot": list(self.slot),
            "slot_local": (f"{self.slot_start:%H:%M}-{self.slot_end:%H:%M}" if self.slot_start is not None
                           else None),
            "continues_next_day": self.continues_next_day,
        }


def hour_strip(pt: PlaceTime, calendar: PlaceCalendar | None = None) -> HourStrip:
    """The 24-hour strip of one place for one session seen from it (a planner PlaceTime). With the place's
    `calendar`, a holiday makes the whole day a day off and a dated hours change replaces the working hours."""
    place, day, calendar = pt.place, pt.local_date, calendar or EMPTY
    change = calendar.hours_on(day)
    work_start, work_end = (change.start, change.end) if change else (place.work_start, place.work_end)
    holiday = pt.holiday or calendar.holiday_on(day)
    day_off = holiday or (None if day.weekday() in place.working_days else NON_WORKING_DAY)
    if pt.local_start is None:  # a whole-day session covers the day
        start, end, slot_times = 0, DAY, (None, None)
    else:
        start = seconds_of(pt.local_start.time())
        end = (pt.local_end.date() - day).days * DAY + seconds_of(pt.local_end.time())
        slot_times = (pt.local_start.time(), pt.local_end.time())
    ws, we = seconds_of(work_start), seconds_of(work_end)
    hours, slot = [], []
    for h in range(24):
        lo, hi = h * 3600, (h + 1) * 3600
        hours.append(HOUR_DAY_OFF if day_off else _cover(lo, hi, ws, we, HOUR_WORKING, HOUR_PART, HOUR_OUTSIDE))
        slot.append(_cover(lo, hi, start, end, SLOT_FULL, SLOT_PART, ""))
    return HourStrip(place.key, day, day_off, work_start, work_end, tuple(hours), tuple(slot), *slot_times,
                     continues_next_day=end > DAY)


@dataclass(frozen=True)
class DayFit:
    """One day (in the reference zone) on which a start time is allowed, and how well it works that day."""

    day: date
    start_utc: datetime
    end_utc: datetime
    working_weight: int
    working_count: int
    night_or_day_off: int
    as_good: bool  # as good as the best day of its start time (same weighted count, same night or day off)
    not_working: tuple[str, ...]  # keys of the places outside working hours (or on a day off) that day
    holidays: tuple[tuple[str, str], ...] = ()  # (place key, holiday) of those places on their local day

    @property
    def not_working_named(self) -> list[str]:
        """'TH (Constitution Day)', 'IR': the places outside working hours, with their holiday."""
        named = dict(self.holidays)
        return [f"{key} ({named[key]})" if key in named else key for key in self.not_working]

    def to_dict(self) -> dict:
        return {
            "date": self.day.isoformat(), "start_utc": self.start_utc.isoformat(), "end_utc": self.end_utc.isoformat(),
            "working_weight": self.working_weight, "working_count": self.working_count,
            "night_or_day_off": self.night_or_day_off, "as_good": self.as_good, "not_working": list(self.not_working),
            "holidays": {key: name for key, name in self.holidays},
        }


@dataclass(frozen=True)
class TimeGroup:
    """A start time of day in the reference zone: its best day (who pays: every place's local time and class),
    every day it is allowed on, in date order, and each place's 24-hour strip on the best day."""

    start: time
    reference_zone: str
    best: Slot
    days: tuple[DayFit, ...]
    strips: tuple[HourStrip, ...]  # in the order of the places

    @property
    def good_days(self) -> list[DayFit]:
        return [d for d in self.days if d.as_good]

    @property
    def other_days(self) -> list[DayFit]:
        return [d for d in self.days if not d.as_good]

    def to_dict(self) -> dict:
        return {
            "start": f"{self.start:%H:%M}", "reference_zone": self.reference_zone,
            "working_weight": self.best.working_weight, "working_count": self.best.working_count,
            "night_or_day_off": self.best.night_or_day_off, "best": self.best.to_dict(),
            "days": [d.to_dict() for d in self.days], "strips": [s.to_dict() for s in self.strips],
        }


def group_by_time(ranking: Ranking, n: int = GROUPS) -> list[TimeGroup]:
    """The `n` best distinct start times of day (in the ranking's search zone), best first: a time ranks as its
    best day. Each with the days it is allowed on (one start per day: on the day the clocks go back, the better
    of the two) and the strips of its best day."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise PlannerError("ask for at least one start time")
    day, time_of_day = ranking.reference_clock()
    order, table = ranking.order, ranking.table
    ranked_times = time_of_day[order]
    _, first_seen = np.unique(ranked_times, return_index=True)
    keys = [p.key for p in ranking.places]
    zones = {p.key: zone(p.zone) for p in ranking.places}
    groups = []
    for seconds in ranked_times[np.sort(first_seen)][:n].tolist():
        members = order[ranked_times == seconds]  # best first
        _, first_of_day = np.unique(day[members], return_index=True)  # np.unique sorts: date order
        best = int(members[0])
        score = (int(ranking.working_weight[best]), int(ranking.bad[best]))
        days = []
        for j in members[first_of_day].tolist():
            start = datetime.fromtimestamp(int(table.starts[j]), tz=UTC)
            weight, bad = int(ranking.working_weight[j]), int(ranking.bad[j])
            working = table.working[:, j]
            out = tuple(k for k, w in zip(keys, working, strict=True) if not w)
            holidays = tuple((k, name) for k in out if (name := calendar_of(ranking.calendars, k).holiday_on(
                start.astimezone(zones[k]).date())))
            days.append(DayFit(EPOCH + timedelta(days=int(day[j])), start,
                               start + timedelta(seconds=ranking.duration), weight, int(working.sum()), bad,
                               (weight, bad) == score, out, holidays))
        slot = ranking.slot(best)
        strips = tuple(hour_strip(pt, calendar_of(ranking.calendars, pt.place.key)) for pt in slot.places)
        groups.append(TimeGroup(time(seconds // 3600, seconds % 3600 // 60, seconds % 60), ranking.search_zone,
                                slot, tuple(days), strips))
    return groups


def find_slots_by_time(places, date_from, date_to, duration_minutes: int, constraints=(), step_minutes: int = 15,
                       top: int | None = 10, groups: int = GROUPS, search_zone: str = "UTC",
                       calendars=None) -> tuple[list[Slot], list[TimeGroup]]:
    """find_slots' best `top` starts and the `groups` best distinct start times, from one ranking."""
    if top is not None and top < 1:
        raise PlannerError("ask for at least one result")
    ranking = rank(places, date_from, date_to, duration_minutes, constraints, step_minutes, search_zone, calendars)
    return ranking.top(top), group_by_time(ranking, groups)
