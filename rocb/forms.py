"""Validators and fields shared by the domain forms."""

from datetime import datetime

from wtforms import FloatField
from wtforms.validators import ValidationError

from rocb.params import RECORD_FIRST, RECORD_LAST, decimal_number
from rocb.scheduling.zones import PlannerError, check_zone, parse_working_days


class ZoneName:
    """An IANA time zone name (Asia/Bangkok, Europe/Brussels), checked with zoneinfo."""

    def __call__(self, form, field):
        if not field.data:
            return
        try:
            field.data = check_zone(field.data)
        except PlannerError as exc:
            raise ValidationError(str(exc).capitalize()) from exc


class RecordDate:
    """A date (or date and time) a person enters for a record: from 1950-01-01 to 2100-12-31 (rocb/params.py).
    Outside it is a typo, and would break what reads it (pandas cannot hold 9999-12-31)."""

    def __call__(self, form, field):
        value = field.data
        if value is None:
            return
        day = value.date() if isinstance(value, datetime) else value
        if not RECORD_FIRST <= day <= RECORD_LAST:
            raise ValidationError(f"Give a date from {RECORD_FIRST.isoformat()} to {RECORD_LAST.isoformat()}.")


class DecimalNumberField(FloatField):
    """A number with an optional fraction (2, 2.5), read by rocb/params.py: "nan", "inf", "1e999", "²" and "٣" are
    refused here with a message at the field (float() reads most of them, and NumberRange lets NaN through).
    Every form that reads a non-whole number uses this field, never a bare FloatField or float()."""

    def __init__(self, *args, unit: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = valuelist[0] if isinstance(valuelist[0], str) else ""
        self.data = None
        if not text.strip():
            return  # empty: InputRequired or Optional decides
        self.data = decimal_number(text, float("-inf"), float("inf"))
        if self.data is None:
            raise ValueError(f"{text[:40]!r} is not a number{' of ' + self.unit if self.unit else ''}: write digits "
                             "with at most one decimal point, e.g. 2 or 2.5.")


class WorkingWeek:
    """A working week such as Mon-Fri, Sat-Wed, Sun-Thu or Mon-Thu+Sat."""

    def __call__(self, form, field):
        try:
            parse_working_days(field.data or "")
        except (PlannerError, ValueError) as exc:
            raise ValidationError(str(exc).capitalize()) from exc


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value
