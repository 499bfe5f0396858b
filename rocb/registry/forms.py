"""Forms staff use to keep the registry."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from rocb.forms import RecordDate, WorkingWeek, ZoneName, strip_filter
from rocb.precision import DATE_PRECISIONS
from rocb.registry.models import ENTITY_KINDS, ENTITY_STATUSES, SUBREGIONS, WCO_PACKAGES

F = [strip_filter]
PRECISION_CHOICES = [(p, {"day": "the day", "month": "the month only", "year": "the year only"}[p])
                     for p in DATE_PRECISIONS]


def _precision(label: str) -> SelectField:
    return SelectField(label, choices=PRECISION_CHOICES, default="day",
                       description="How much of the date the source gives; a month or a year is never shown as a day.")


class AdministrationForm(FlaskForm):
    code = StringField("ISO code", filters=F + [lambda v: v.upper() if v else v],
                       validators=[DataRequired(), Regexp(r"^[A-Z]{2}$", message="Two letters, ISO 3166-1 alpha-2.")])
    name = StringField("Name", filters=F, validators=[DataRequired(), Length(max=120)])
    subregion = SelectField("Subregion", choices=[(s, s) for s in SUBREGIONS])
    timezone = StringField("Time zone (IANA)", filters=F, validators=[DataRequired(), ZoneName()],
                           description="e.g. Asia/Bangkok, Pacific/Apia")
    working_days = StringField("Working week", filters=F, validators=[DataRequired(), WorkingWeek()],
                               description="e.g. Mon-Fri, Sat-Wed, Sun-Thu, Mon-Thu+Sat")
    working_days_recorded = BooleanField("This working week is recorded (not the best-known default)",
                                         default=True)
    work_start = TimeField("Working hours from", validators=[DataRequired()])
    work_end = TimeField("to", validators=[DataRequired()])
    work_hours_recorded = BooleanField("These working hours are recorded (not the assumed 09:00-17:00)",
                                       default=True)
    joined_on = DateField("Joined the region on", validators=[Optional(), RecordDate()])

    def validate_work_end(self, field):
        if self.work_start.data and field.data and field.data <= self.work_start.data:
            raise ValidationError("The end of working hours must be after their start.")


class OrganizationForm(FlaskForm):
    name = StringField("Name", filters=F, validators=[DataRequired(), Length(max=160)])
    short_name = StringField("Short name", filters=F, validators=[Optional(), Length(max=40)])
    kind = StringField("Kind", filters=F, default="international organization", validators=[Length(max=40)])
    timezone = StringField("Time zone (IANA)", filters=F, validators=[DataRequired(), ZoneName()])
    timezone_recorded = BooleanField("This time zone is recorded (not assumed)", default=True)
    source = StringField("Source", filters=F, validators=[Optional(), Length(max=400)])


class EntityForm(FlaskForm):
    kind = SelectField("Kind", choices=[(k, k) for k in ENTITY_KINDS])
    name = StringField("Name", filters=F, validators=[DataRequired(), Length(max=200)])
    host_code = SelectField("Host administration", choices=[])
    city = StringField("City", filters=F, validators=[Optional(), Length(max=80)])
    mou_signed_on = DateField("MoU signed on", validators=[Optional(), RecordDate()])
    mou_signed_precision = _precision("The MoU date is known to")
    established_on = DateField("Established on", validators=[Optional(), RecordDate()])
    established_precision = _precision("The date of establishment is known to")
    notes = TextAreaField("Notes", filters=F, validators=[Optional(), Length(max=2000)])
    source = StringField("Source", filters=F, validators=[Optional(), Length(max=400)])
    # Only when creating: the first dated status.
    status = SelectField("Status", choices=[(s, s) for s in ENTITY_STATUSES], default="accredited")
    status_on = DateField("Status since", validators=[Optional(), RecordDate()])


class StatusChangeForm(FlaskForm):
    status = SelectField("New status", choices=[(s, s) for s in ENTITY_STATUSES])
    changed_on = DateField("On", validators=[DataRequired(), RecordDate()])
    changed_on_precision = _precision("The date is known to")
    note = StringField("Note", filters=F, validators=[Optional(), Length(max=500)])


class TopicForm(FlaskForm):
    code = StringField("Code", filters=F, validators=[DataRequired(), Length(max=40),
                       Regexp(r"^[a-z0-9-]+$", message="Lower-case letters, digits and hyphens.")])
    name = StringField("Name", filters=F, validators=[DataRequired(), Length(max=160)])
    package = SelectField("WCO package", choices=[(p, p) for p in WCO_PACKAGES])
    source = StringField("Source", filters=F, validators=[Optional(), Length(max=400)])
    assumed = BooleanField("Assumed: no source names this topic (the source field then says what is assumed)")


class FundForm(FlaskForm):
    code = StringField("Code", filters=F, validators=[DataRequired(), Length(max=40)],
                       description="e.g. CCF/China")
    name = StringField("Name", filters=F, validators=[DataRequired(), Length(max=160)])
    source = StringField("Source", filters=F, validators=[Optional(), Length(max=400)])
    assumed = BooleanField("Assumed: no source names this fund (the source field then says what is assumed)")
