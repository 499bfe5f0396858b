"""National public holidays of a country, from the `holidays` package, computed once per country and year.

Pure (no Flask, no database). The lookup is cached per (country, year): a planner search over 35 administrations
asks for each place's year once, whatever the number of candidates; the planner itself gets plain dates with
names (rocb.scheduling.calendars.PlaceCalendar).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from types import MappingProxyType

import holidays as holidays_package


@cache
def supported_countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes the holidays package knows (all 35 administrations of the region today)."""
    return frozenset(holidays_package.list_supported_countries())


def missing_countries(codes) -> list[str]:
    """The codes among `codes` that have no public holidays in the package (e.g. a newly joined member)."""
    return sorted(c for c in codes if c not in supported_countries())


@cache
def public_holidays(country: str, year: int) -> MappingProxyType:
    """{date: name} of a country's public holidays in a year (read-only, cached); empty for an unknown country.
    Several holidays on one day are joined ("A; B"), as the package does."""
    if country not in supported_countries():
        return MappingProxyType({})
    days = holidays_package.country_holidays(country, years=year, language="en_US")
    return MappingProxyType({day: str(name) for day, name in sorted(days.items())})


def holidays_between(country: str | None, first: date, last: date) -> dict[date, str]:
    """{date: name} of the public holidays from `first` to `last` (both included)."""
    if not country:
        return {}
    out: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        out.update((d, n) for d, n in public_holidays(country, year).items() if first <= d <= last)
    return out
