"""Forms of the needs survey. Local date-times are turned into instants with their zone in `to_instant`."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from rocb import params
from rocb.forms import RecordDate, ZoneName, strip_filter
from rocb.surveys.models import MAX_COMMENT, MAX_OFFICERS, PREFERRED_MODES, PRIORITIES, QUARTERS

F = [strip_filter]
ROCB_ZONE = "Asia/Bangkok"
# The "T" form first: it is what a datetime-local input shows when a stored time is filled in.
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def to_instant(local: datetime, zone: str) -> datetime:
    return local.replace(tzinfo=ZoneInfo(zone))


class CycleForm(FlaskForm):
    year = IntegerField("Year", validators=[InputRequired(), NumberRange(2000, 2100)])
    title = StringField("Title", filters=F, validators=[DataRequired(), Length(max=200)])
    opens_at = DateTimeLocalField("Opens", format=LOCAL_FORMATS, validators=[InputRequired(), RecordDate()])
    closes_at = DateTimeLocalField("Closes (deadline)", format=LOCAL_FORMATS,
                                   validators=[InputRequired(), RecordDate()])
    zone = StringField("Time zone of these times", filters=F, default=ROCB_ZONE,
                       validators=[DataRequired(), ZoneName()])
    topic_codes = SelectMultipleField("Topics asked about", choices=[], validators=[DataRequired()],
                                      description="Frozen into the cycle: later taxonomy edits do not change it.")
    window_start = DateField("Delivery window from", validators=[Optional(), RecordDate()],
                             description="For needs vs delivery. Empty: the 12 months after the survey closes.")
    window_end = DateField("Delivery window until", validators=[Optional(), RecordDate()])

    def instants(self) -> dict:
        data = dict(self.data)
        data["opens_at"] = to_instant(self.opens_at.data, self.zone.data)
        data["closes_at"] = to_instant(self.closes_at.data, self.zone.data)
        return data


class CycleEditForm(CycleForm):
    """The cycle after its creation: the year is its address and stays; the topics may be left out (unchanged)."""

    year = None
    topic_codes = SelectMultipleField("Topics asked about", choices=[],
                                      description="Frozen into the cycle: later taxonomy edits do not change it.")

    @classmethod
    def of(cls, cycle) -> "CycleEditForm":
        """The form filled with the cycle as stored, its instants shown in the ROCB's zone."""
        def local(instant):
            return instant.astimezone(ZoneInfo(ROCB_ZONE)).replace(tzinfo=None)

        return cls(data={"title": cycle.title, "opens_at": local(cycle.opens_at), "closes_at": local(cycle.closes_at),
                         "zone": ROCB_ZONE, "topic_codes": [t.code for t in cycle.topics],
                         "window_start": cycle.window_start, "window_end": cycle.window_end})


class DeadlineForm(FlaskForm):
    """Reopen a cycle (new deadline), or reopen it for one administration (until)."""

    until = DateTimeLocalField("New deadline", validators=[InputRequired(), RecordDate()])
    zone = StringField("Time zone", filters=F, default=ROCB_ZONE, validators=[DataRequired(), ZoneName()])

    def instant(self) -> datetime:
        return to_instant(self.until.data, self.zone.data)


class NeedItemForm(Form):
    topic_code = HiddenField()
    priority = SelectField("Priority", choices=[(p, p) for p in PRIORITIES], default="none")
    officers = IntegerField("Officers to train", default=0,
                            validators=[InputRequired(message=f"A number from 0 to {MAX_OFFICERS}."),
                                        NumberRange(0, MAX_OFFICERS, message=f"From 0 to {MAX_OFFICERS}.")])
    mode = SelectField("Preferred mode", choices=[(m, m) for m in PREFERRED_MODES], default="any")
    quarters = SelectMultipleField("Preferred quarters", choices=[(q, q) for q in QUARTERS], default=[])
    comment = TextAreaField("Comment", filters=F, validators=[
        Optional(), Length(max=MAX_COMMENT, message=f"At most {MAX_COMMENT:,} characters.")])


class ResponseForm(FlaskForm):
    version = HiddenField()
    window_start = TimeField("Online sessions from (your local time)", validators=[Optional()])
    window_end = TimeField("Online sessions until (your local time)", validators=[Optional()])
    languages = StringField("Preferred languages", filters=F, validators=[Optional(), Length(max=200)])
    contact_person = StringField("Contact person", filters=F, validators=[Optional(), Length(max=200)])
    other_needs = TextAreaField("Other needs", filters=F, validators=[Optional(), Length(max=5000)])
    items = FieldList(FormField(NeedItemForm), min_entries=0)

    def validate_window_end(self, field):
        if bool(field.data) != bool(self.window_start.data):
            raise ValidationError("Give both ends of the window, or neither.")
        if field.data and field.data <= self.window_start.data:
            raise ValidationError("The window must end after it starts.")

    def service_data(self) -> dict:
        data = {name: getattr(self, name).data for name in
                ("window_start", "window_end", "languages", "contact_person", "other_needs")}
        data["items"] = {
            entry.topic_code.data: {
                "priority": entry.priority.data, "officers": entry.officers.data, "mode": entry.mode.data,
                "quarters": ",".join(q for q in QUARTERS if q in (entry.quarters.data or [])),
                "comment": entry.comment.data or "",
            } for entry in (e.form for e in self.items)
        }
        return data

    def validate_version(self, field):
        if field.data and params.whole_number(field.data) is None:
            raise ValidationError("The form was damaged on the way (its version is not a number): reload the page "
                                  "and answer again.")

    def expected_version(self) -> int | None:
        return params.whole_number(self.version.data)


class ImportForm(FlaskForm):
    file = FileField("Filled template (.xlsx)", validators=[FileRequired("Choose the .xlsx file to import.")])
