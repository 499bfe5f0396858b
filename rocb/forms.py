"""Validators and fields shared by the domain forms."""

from wtforms.validators import ValidationError

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


class WorkingWeek:
    """A working week such as Mon-Fri, Sat-Wed, Sun-Thu or Mon-Thu+Sat."""

    def __call__(self, form, field):
        try:
            parse_working_days(field.data or "")
        except (PlannerError, ValueError) as exc:
            raise ValidationError(str(exc).capitalize()) from exc


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value
