"""The one way to read a number, a date or a short text from a request: query strings, hidden form fields and
path pieces all go through these functions, never `str.isdigit()` + `int()` by hand.

Why it matters: `"²".isdigit()` is True but `int("²")` fails; `"٣"` (Arabic-Indic three) is a digit that int()
reads; an integer past 64 bits makes SQLite raise OverflowError and past 32 bits PostgreSQL's INTEGER refuses it;
`date(0, 1, 1)` does not exist; `float()` reads "nan", "inf" and "1e999" (infinite), which a range check lets through
(every comparison with NaN is False) and `round()` then fails on; a NUL byte in a string makes PostgreSQL refuse the
statement. Here a number is ASCII digits within bounds (a decimal number has at most one decimal point, so it is
always finite), a date is YYYY-MM-DD within a documented range, and anything else is "not given" (None) for the
caller to refuse with a message or to ignore.

Documented range (the README's "Plausible ranges"): every date a person enters, for a record (status changes,
sessions, survey cycles, delivery windows, report periods, office closures and working-hours changes, accreditations)
or a search (the planner's and the proposal's range, the API's from/to), lies from 1950-01-01 to 2100-12-31: forms
check it with rocb.forms.RecordDate, query strings with iso_day, the session service with in_record_range. The
planner keeps that range rather than "today ± 5 years": staff re-check the local times of past sessions with it (the
DST weeks of 2021 are its test cases).
"""

import re
from datetime import date

from werkzeug.routing import IntegerConverter, ValidationError

# The largest id the database stores (INTEGER on PostgreSQL is 32-bit signed; SQLite would take 64 bits, but an id
# the other database cannot hold cannot exist either).
DB_INT_MAX = 2**31 - 1
RECORD_FIRST = date(1950, 1, 1)
RECORD_LAST = date(2100, 12, 31)
_WHOLE = re.compile(r"[0-9]{1,12}")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,9}(?:\.[0-9]{0,9})?|\.[0-9]{1,9})")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def whole_number(text, low: int = 0, high: int = DB_INT_MAX) -> int | None:
    """ASCII digits between low and high (inclusive), else None. Surrounding blanks are ignored."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        return text if low <= text <= high else None
    text = (text or "").strip() if isinstance(text, str) else ""
    if not _WHOLE.fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None


def decimal_number(text, low: float, high: float) -> float | None:
    """A number such as 2, 2.5 or .75 (ASCII digits, a decimal point, an optional sign) between low and high
    (inclusive), else None: never NaN or infinite, never an exponent or a non-ASCII digit."""
    text = text.strip() if isinstance(text, str) else ""
    if not _DECIMAL.fullmatch(text):
        return None
    value = float(text)
    return value if low <= value <= high else None


def iso_day(text, first: date = RECORD_FIRST, last: date = RECORD_LAST) -> date | None:
    """A YYYY-MM-DD date between first and last (inclusive), else None."""
    text = (text or "").strip() if isinstance(text, str) else ""
    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if first <= day <= last else None


def in_record_range(day: date) -> bool:
    return RECORD_FIRST <= day <= RECORD_LAST


def clean_text(text, max_length: int = 200) -> str:
    """A short text from a query string: blanks stripped, NUL bytes removed, cut to max_length."""
    if not isinstance(text, str):
        return ""
    return text.replace("\x00", "").strip()[:max_length]


def int_arg(args, name: str, low: int = 0, high: int = DB_INT_MAX) -> int | None:
    return whole_number(args.get(name), low, high)


def day_arg(args, name: str, first: date = RECORD_FIRST, last: date = RECORD_LAST) -> date | None:
    return iso_day(args.get(name), first, last)


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in every route: ASCII digits within the database's integer range; anything else is a 404
    (werkzeug's own converter takes any Unicode digit and any size, which reaches the database and fails)."""

    regex = r"[0-9]{1,12}"

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002 (werkzeug's names)
        super().__init__(map, fixed_digits=fixed_digits, min=0 if min is None else min,
                         max=DB_INT_MAX if max is None else max, signed=False)

    def to_python(self, value: str) -> int:
        number = whole_number(value, self.min, self.max)
        if number is None:
            raise ValidationError()
        return number
