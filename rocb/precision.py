"""Figures and dates with the precision their source gives. Pure: no Flask, no database.

A headcount can be exact or a bound as the newsletter writes it ("more than 50", "over 70", "approximately 300");
a date can be known to the day, the month or the year ("29 January 2021", "February 2021", "2010"). Neither is
ever padded: a month-only date is not shown as its first day, an approximate figure is not shown as exact.
"""

from calendar import monthrange
from collections.abc import Iterable
from datetime import date

PRECISIONS = ("exact", "more than", "over", "about", "approximately")
LOWER_BOUNDS = ("more than", "over")
APPROXIMATE = ("about", "approximately")
DATE_PRECISIONS = ("day", "month", "year")


def figure(count: int, precision: str | None = "exact") -> str:
    """'50', 'more than 50', 'approximately 300'."""
    if precision in (None, "", "exact"):
        return str(count)
    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}")
    return f"{precision} {count}"


def total(parts: Iterable[tuple[int, str | None]]) -> str:
    """The sum of figures in words that stay true: "at least" where a part is a lower bound; approximate parts are
    not added to firm ones but named beside them ("at least 195, plus approximately 300")."""
    firm = approximate = 0
    bound = False
    for count, precision in parts:
        if precision in APPROXIMATE:
            approximate += count
        else:
            firm += count
            bound = bound or precision in LOWER_BOUNDS
    firm_words = f"at least {firm}" if bound else str(firm)
    if not approximate:
        return firm_words
    if not firm:
        return f"approximately {approximate}"
    return f"{firm_words}, plus approximately {approximate}"


def parse_partial_date(text: str) -> tuple[date | None, str | None]:
    """'2021-01-29' -> (2021-01-29, 'day'); '2014-06' -> (2014-06-01, 'month'); '2010' -> (2010-01-01, 'year');
    '' -> (None, None). The stored day of a month or year is its first; the precision says it is not a day."""
    text = (text or "").strip()
    if not text:
        return None, None
    parts = text.split("-")
    if len(parts) == 1 and len(parts[0]) == 4:
        return date(int(parts[0]), 1, 1), "year"
    if len(parts) == 2:
        return date(int(parts[0]), int(parts[1]), 1), "month"
    return date.fromisoformat(text), "day"


def iso_partial(day: date | None, precision: str | None) -> str:
    """The inverse of parse_partial_date: '2021-01-29', '2014-06', '2010' or ''."""
    if day is None:
        return ""
    if precision == "year":
        return f"{day:%Y}"
    if precision == "month":
        return f"{day:%Y-%m}"
    return day.isoformat()


def format_partial_date(day: date | None, precision: str | None = "day", short: bool = False,
                        missing: str = "") -> str:
    """'29 January 2021' / 'February 2021' / '2010' (short: '29 Jan 2021', 'Feb 2021')."""
    if day is None:
        return missing
    month = "%b" if short else "%B"
    if precision == "year":
        return f"{day:%Y}"
    if precision == "month":
        return day.strftime(f"{month} %Y")
    return f"{day.day} " + day.strftime(f"{month} %Y")


def span(day: date, precision: str | None) -> tuple[date, date]:
    """The first and last day a partial date may stand for."""
    if precision == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if precision == "month":
        return day.replace(day=1), day.replace(day=monthrange(day.year, day.month)[1])
    return day, day


def falls_within(day: date | None, precision: str | None, first: date, last: date) -> bool:
    """A partial date belongs to a period when the whole of it does ('February 2021' is in Q1 2021, '2021' is not)."""
    if day is None:
        return False
    start, end = span(day, precision)
    return first <= start and end <= last
