"""The planner with public holidays: the 35 administrations of the region (each with its national holidays from the
`holidays` package) plus 5 experts (2 Brussels with Belgian holidays, Paris, Tokyo, Suva), 2-hour sessions.
- "propose": a 3-day workshop series over 60 days (5,760 candidate starts x 40 places), experts' hours soft;
- "slots": the 10 best starts over 14 days.
The baseline is the naive version: a zoneinfo conversion per place per candidate and a dictionary look-up of its
local date in the place's holidays; results are checked to be the same. Calendars (plain dates with names) are built
once per run from the holiday lookup, which is cached per country and year.
Budget (issue 16): ratio <= 0.2.
"""

import datetime as dt
import time

from bench.cases.planner import ADMINISTRATIONS
from rocb.scheduling.calendars import PlaceCalendar
from rocb.scheduling.planner import Place, find_slots, find_slots_naive
from rocb.scheduling.proposal import propose_series, propose_series_naive
from rocb.scheduling.public_holidays import holidays_between, public_holidays

EXPERTS = [("expert:1", "Europe/Brussels", "BE"), ("expert:2", "Europe/Brussels", "BE"),
           ("expert:3", "Europe/Paris", "FR"), ("expert:4", "Asia/Tokyo", "JP"), ("expert:5", "Pacific/Fiji", "FJ")]
FIRST, LAST = dt.date(2026, 3, 2), dt.date(2026, 4, 30)  # 60 days: Nowruz, Eid al-Fitr, Songkran, Easter
MINUTES = 120


def places():
    admins = [Place(code, code, zone, days, weight=1 + i % 3) for i, (code, zone, days) in enumerate(ADMINISTRATIONS)]
    experts = [Place(key, key, zone, work_start=dt.time(8), work_end=dt.time(18)) for key, zone, _ in EXPERTS]
    return admins + experts


def calendars():
    countries = {code: code for code, _, _ in ADMINISTRATIONS} | {key: country for key, _, country in EXPERTS}
    first, last = FIRST - dt.timedelta(days=2), LAST + dt.timedelta(days=2)
    return {key: PlaceCalendar(holidays_between(country, first, last)) for key, country in countries.items()}


def run(ctx):
    chosen = places()
    assert len(chosen) == 40
    public_holidays.cache_clear()
    started = time.perf_counter()
    calendars()  # cold: the holidays package computes each country's year once
    cold = time.perf_counter() - started
    warm = ctx.timeit(calendars, repeat=5)
    cals = calendars()
    assert cals["TH"].holiday_on(dt.date(2026, 4, 13)) == "Songkran Festival"
    rows = []

    def propose():
        return propose_series(chosen, FIRST, LAST, 3, MINUTES, "Asia/Bangkok", calendars=cals)

    def propose_naive():
        return propose_series_naive(chosen, FIRST, LAST, 3, MINUTES, "Asia/Bangkok", calendars=cals)

    def slots():
        return find_slots(chosen, FIRST, FIRST + dt.timedelta(days=13), MINUTES, calendars=cals)

    def slots_naive():
        return find_slots_naive(chosen, FIRST, FIRST + dt.timedelta(days=13), MINUTES, calendars=cals)

    for label, fast, naive, repeat in (("propose 3-day series, 60 days", propose, propose_naive, 5),
                                       ("best slots, 14 days", slots, slots_naive, 3)):
        if fast() != naive():
            raise AssertionError(f"{label}: fast and naive disagree")
        fast_s = ctx.timeit(fast, repeat=repeat * 2)
        naive_s = ctx.timeit(naive, repeat=repeat)
        rows.append({
            "case": f"planner with holidays 35 admins+5 experts, {label}", "median_ms": round(fast_s * 1000, 2),
            "baseline": "naive zoneinfo + holiday look-up", "ratio": round(fast_s / naive_s, 3), "queries": None,
            "budget": "ratio <= 0.2",
        })
    rows.append({"case": "holiday calendars of 40 places (cached per country and year)",
                 "median_ms": round(warm * 1000, 2), "baseline": "first computation",
                 "ratio": round(warm / cold, 3), "queries": None, "budget": "—"})
    return rows
