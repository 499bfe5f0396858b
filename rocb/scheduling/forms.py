"""Forms of the scheduling pages. The planner and schedule forms are GET searches (no CSRF token: they change
nothing); the page and the JSON API read the same form, so both give the same messages."""

import re
from datetime import UTC, datetime

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from rocb import params
from rocb.forms import RecordDate, ZoneName, strip_filter
from rocb.scheduling.planner import MAX_DAYS, MAX_MINUTES, MAX_SERIES
from rocb.scheduling.zones import PlannerError, check_zone, parse_constraint

F = [strip_filter]
FIRST_YEAR, LAST_YEAR = 1900, 2999  # the planner's calendar arithmetic stays far from datetime's limits
_SPLIT = re.compile(r"[\s,;]+")


def split_list(text: str | None) -> list[str]:
    """"TH, JP;KR  CN" -> ["TH", "JP", "KR", "CN"] (duplicates dropped, order kept)."""
    return list(dict.fromkeys(part for part in _SPLIT.split(text or "") if part))


class IsoDateField(DateField):
    """A date as YYYY-MM-DD, with a message that says how to write it."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(f"{valuelist[0]!r} is not a date: write it as YYYY-MM-DD, e.g. 2021-03-29.") from None


class WholeNumberField(IntegerField):
    """An integer whose message says what it counts."""

    def __init__(self, *args, unit: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(f"{valuelist[0]!r} is not a whole number{' of ' + self.unit if self.unit else ''}."
                             ) from None


class LinesField(TextAreaField):
    """Several values: one per line in the page's text area, or the parameter repeated in a URL
    (?require=A&require=B). data is a list of strings."""

    def process_formdata(self, valuelist):
        self.data = [line.strip() for value in valuelist for line in re.split(r"[\r\n;]+", value) if line.strip()]

    def process_data(self, value):
        self.data = list(value or [])

    def _value(self):
        return "\n".join(self.data or [])


class Flag(BooleanField):
    """A check box that also reads ?preferred=0 / no / off as unticked."""

    false_values = (False, "false", "", "0", "no", "off")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type = "BooleanField"  # rendered as a check box by the form macro


class ZonesForm(FlaskForm):
    """Extra zones the viewer adds to a workshop's schedule."""

    class Meta:
        csrf = False

    zones = StringField("Add time zones", filters=F,
                        description="IANA names, separated by commas, e.g. Europe/Brussels, America/New_York")

    def validate_zones(self, field):
        names = split_list(field.data)
        for name in names:
            try:
                check_zone(name)
            except PlannerError as exc:
                raise ValidationError(str(exc)[:1].upper() + str(exc)[1:] + ".") from exc
        field.names = names

    @property
    def names(self) -> list[str]:
        return getattr(self.zones, "names", [])


class PlannerForm(FlaskForm):
    """The slot finder's question. URL parameters: from, to, duration, admins, zones, require (repeatable),
    weights, series, preferred, reference, workshop."""

    class Meta:
        csrf = False

    workshop = HiddenField()
    admins = StringField("Administrations", filters=F + [lambda v: v.upper() if v else v],
                         description="ISO codes separated by commas, e.g. TH, JP, KR, WS — or ALL for every member")
    zones = StringField("Extra time zones", filters=F,
                        description="IANA names, e.g. Europe/Brussels for WCO experts")
    date_from = IsoDateField("From", name="from", validators=[InputRequired("Give the first day to search."),
                                                               RecordDate()])
    date_to = IsoDateField("To", name="to", validators=[InputRequired("Give the last day to search."),
                                                         RecordDate()])
    duration = WholeNumberField(
        "Session length (minutes)", default=120, unit="minutes",
        validators=[InputRequired("Give the session length in minutes."),
                    NumberRange(1, MAX_MINUTES, f"A session lasts from 1 to {MAX_MINUTES} minutes (12 hours).")])
    reference = StringField("Dates in time zone", filters=F, default="UTC", validators=[Optional(), ZoneName()],
                            description="The zone the From/To days and the ±1 day shifts are read in")
    require = LinesField("Hard constraints", description="One per line, Zone@HH:MM-HH:MM: the whole session lies "
                                                         "inside that local window, e.g. Europe/Brussels@08:00-18:00")
    weights = StringField("Weights", filters=F,
                          description="Expected participants per administration or zone, e.g. TH:3, JP:2 "
                                      "(default 1)")
    series = WholeNumberField("Series of sessions", validators=[Optional(), NumberRange(
        1, MAX_SERIES, f"A series has 1 to {MAX_SERIES} sessions.")],
                               description=f"Leave empty for the 10 best starts; 2 to {MAX_SERIES} for a rotation "
                                           "that shares out the bad hours, one session a day")
    preferred = Flag("Use the administrations' stated preferred online windows (needs survey) instead of "
                     "working hours")

    def validate_workshop(self, field):
        if field.data and params.whole_number(field.data, 1) is None:
            raise ValidationError("Unknown workshop.")

    def validate_admins(self, field):
        codes = split_list(field.data)
        bad = [c for c in codes if c != "ALL" and not re.fullmatch(r"[A-Z]{2}", c)]
        if bad:
            raise ValidationError(f"{', '.join(bad)}: an administration is given by its two-letter code, e.g. TH.")
        field.codes = codes

    def validate_zones(self, field):
        for name in split_list(field.data):
            try:
                check_zone(name)
            except PlannerError as exc:
                raise ValidationError(str(exc)[:1].upper() + str(exc)[1:] + ".") from exc

    def validate_date_to(self, field):
        start, end = self.date_from.data, field.data
        for day in (start, end):
            if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
                raise ValidationError(f"{day} is outside the years searched ({FIRST_YEAR} to {LAST_YEAR}).")
        if start and end:
            if end < start:
                raise ValidationError(f"The last day ({end}) is before the first ({start}).")
            if (end - start).days + 1 > MAX_DAYS:
                raise ValidationError(f"The range is {(end - start).days + 1} days; at most {MAX_DAYS} days "
                                      "are searched.")

    def validate_require(self, field):
        constraints = []
        for text in field.data or []:
            try:
                constraints.append(parse_constraint(text))
            except PlannerError as exc:
                raise ValidationError(str(exc)[:1].upper() + str(exc)[1:] + ".") from exc
        minutes = self.duration.data if isinstance(self.duration.data, int) else 0
        for c in constraints:
            if minutes > 0 and c.length_seconds < minutes * 60:
                raise ValidationError(f"{c} is shorter than the {minutes}-minute session: no start can satisfy it.")
        field.constraints = constraints

    def validate_weights(self, field):
        weights = {}
        for part in split_list(field.data):
            key, sep, value = part.rpartition(":")
            weight = params.whole_number(value, 0, 10_000)
            if not sep or not key or weight is None:
                raise ValidationError(f"Cannot read weight {part!r}: write CODE:NUMBER (0 to 10,000), e.g. TH:3, "
                                      "JP:2.")
            weights[key if "/" in key else key.upper()] = weight
        field.weights = weights

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and not (split_list(self.admins.data) or split_list(self.zones.data)):
            self.admins.errors = list(self.admins.errors) + ["Choose at least one administration or time zone."]
            ok = False
        return ok

    def codes(self, every_code) -> list[str]:
        """The typed codes, with ALL standing for every member administration."""
        codes = getattr(self.admins, "codes", [])
        if "ALL" in codes:
            return list(dict.fromkeys([c for c in codes if c != "ALL"] + list(every_code())))
        return codes

    def first_error(self) -> str:
        """One message for the JSON API: "to: The last day ... ". """
        for name, messages in self.errors.items():
            field = getattr(self, name, None)
            label = field.name if field is not None else name
            return f"{label}: {messages[0]}" if name else messages[0]
        return "bad request"


class SetSessionForm(FlaskForm):
    """Staff choose a planner result: it becomes a timed session of the workshop (CSRF-protected POST)."""

    start_utc = HiddenField(validators=[InputRequired()])
    end_utc = HiddenField(validators=[InputRequired()])

    @staticmethod
    def _instant(field) -> datetime:
        try:
            value = datetime.fromisoformat(field.data)
        except (TypeError, ValueError):
            raise ValidationError("That slot is not a time.") from None
        if value.tzinfo is None:
            raise ValidationError("That slot has no UTC offset.")
        return value.astimezone(UTC)

    def validate_start_utc(self, field):
        field.instant = self._instant(field)

    def validate_end_utc(self, field):
        field.instant = self._instant(field)
        start = getattr(self.start_utc, "instant", None)
        if start and field.instant <= start:
            raise ValidationError("The session must end after it starts.")
