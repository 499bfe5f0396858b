"""Forms staff use to keep workshops, sessions and rosters."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
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
from wtforms.validators import URL, DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from rocb.forms import RecordDate, ZoneName, strip_filter
from rocb.precision import PRECISIONS
from rocb.workshops.models import GENDERS, MODES, ROLE_LABELS, ROLES, WORKSHOP_KINDS, WORKSHOP_STATUSES

F = [strip_filter]
MAX_TABLE_SESSIONS = 200  # rows the sessions table reads; a workshop of the region has had at most a few dozen
ROLE_CHOICES = [(r, ROLE_LABELS[r][:-1] if r != "expert" else "expert / resource person") for r in ROLES]


def _none_if_empty(value):
    return value or None


class WorkshopForm(FlaskForm):
    title = StringField("Title", filters=F, validators=[DataRequired(), Length(max=300)])
    kind = SelectField("Kind", choices=[(k, k) for k in WORKSHOP_KINDS])
    mode = SelectField("Mode", choices=[(m, m) for m in MODES])
    status = SelectField("Status", choices=[(s, s) for s in WORKSHOP_STATUSES], default="planned")
    reference_zone = StringField("Reference time zone (IANA)", filters=F, default="Asia/Bangkok",
                                 validators=[Optional(), ZoneName()],
                                 description="The zone the session times are agreed in, e.g. Europe/Brussels; "
                                             "empty for a record that gives dates only",
                                 render_kw={"data-zone-picker": ""})
    host = SelectField("Host", choices=[])
    host_label = StringField("Host as the record names it", filters=F + [_none_if_empty],
                             validators=[Optional(), Length(max=200)], description="e.g. WCO Headquarters (Brussels)")
    # Organizers: the office (a regional entity), partner organizations and member administrations.
    organizer_entity_ids = SelectMultipleField("Organizing regional entities", choices=[], coerce=int,
                                               description="The ROCB A/P is one; type to search, choose several")
    organizer_organization_ids = SelectMultipleField("Organizing organizations", choices=[], coerce=int,
                                                     description="e.g. WCO Secretariat, JICA")
    organizer_codes = SelectMultipleField("Organizing administrations", choices=[])
    venue_city = StringField("Venue", filters=F + [_none_if_empty], validators=[Optional(), Length(max=120)],
                             description="City and country of a physical or hybrid workshop")
    platform = StringField("Online platform", filters=F + [_none_if_empty], validators=[Optional(), Length(max=80)])
    join_link = StringField("Join link (private)", filters=F + [_none_if_empty],
                            validators=[Optional(), URL(message="Give the full address, https://..."),
                                        Length(max=500)])
    fund_codes = SelectMultipleField("Fund", choices=[])
    topic_codes = SelectMultipleField("Topics", choices=[])
    invited_codes = SelectMultipleField("Invited administrations", choices=[])
    facilitator_ids = SelectMultipleField("ROCB facilitators", choices=[], coerce=int)
    reported_administrations_count = IntegerField(
        "Administrations reported (records without figures)", validators=[Optional(), NumberRange(0, 200)],
        description="Only for a record that says e.g. '21 administrations attended' and gives no figures")
    other_participants_note = TextAreaField("Other participants", filters=F + [_none_if_empty],
                                            validators=[Optional(), Length(max=2000)])
    description = TextAreaField("Description", filters=F + [_none_if_empty], validators=[Optional(),
                                                                                        Length(max=20_000)])
    is_public = BooleanField("Public (shown to everyone and in the public calendar)", default=True)

    # The form page shows the fields in these groups, each a <fieldset> with its legend.
    sections = (
        ("What", ("title", "kind", "mode", "status", "topic_codes", "description", "is_public")),
        ("When and where", ("reference_zone", "venue_city", "platform", "join_link")),
        ("Who", ("host", "host_label", "organizer_entity_ids", "organizer_organization_ids", "organizer_codes",
                 "invited_codes", "facilitator_ids")),
        ("Funds and figures", ("fund_codes", "reported_administrations_count", "other_participants_note")),
    )


class SessionSeriesForm(FlaskForm):
    """"4 days from 20 Nov, 14:00-17:00 Tokyo time": one session a day at the same local time."""

    first_day = DateField("First day", validators=[DataRequired(), RecordDate()])
    days = IntegerField("Number of days", default=1, validators=[InputRequired(), NumberRange(1, 30)])
    start = TimeField("Local start", validators=[DataRequired()])
    end = TimeField("Local end", validators=[DataRequired()])
    zone = StringField("Time zone", filters=F, validators=[Optional(), ZoneName()],
                       description="Empty: the workshop's reference zone", render_kw={"data-zone-picker": ""})
    working_days_only = BooleanField("Skip Saturdays and Sundays")
    title = StringField("Session titles", filters=F, default="Day", validators=[Optional(), Length(max=180)],
                        description="Numbered: Day 1, Day 2, …")

    def validate_end(self, field):
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError("The sessions must end after they start (on the same local day).")


class SessionFields:
    """The fields of one session and their checks: the session form, and each row of the sessions table."""

    title = StringField("Session title", filters=F, validators=[Optional(), Length(max=200)],
                        description="e.g. Day 2: risk profiling")
    all_day = BooleanField("Whole day (the record gives a date only)")
    day = DateField("Day", validators=[Optional(), RecordDate()])
    local_start = DateTimeLocalField("Local start", format="%Y-%m-%dT%H:%M", validators=[Optional(), RecordDate()])
    local_end = DateTimeLocalField("Local end", format="%Y-%m-%dT%H:%M", validators=[Optional(), RecordDate()])
    zone = StringField("Time zone", filters=F, validators=[Optional(), ZoneName()],
                       description="Empty: the workshop's reference zone", render_kw={"data-zone-picker": ""})

    def validate_local_end(self, field):
        if self.all_day.data:
            return
        if not self.local_start.data or not field.data:
            raise ValidationError("Give the local start and end (or tick whole day).")
        if field.data <= self.local_start.data:
            raise ValidationError("The session must end after it starts.")

    def validate_day(self, field):
        if self.all_day.data and not field.data:
            raise ValidationError("Give the day of a whole-day session.")


class SessionForm(SessionFields, FlaskForm):
    pass


class SessionRowForm(SessionFields, Form):
    """One row of the sessions table: a session of the workshop (by id), its fields, and Delete. A row marked for
    deletion is not checked: what it says no longer matters."""

    session_id = HiddenField()
    remove = BooleanField("Delete")

    def validate(self, extra_validators=None):
        if self.remove.data:
            return True
        return super().validate(extra_validators)


class SessionTableForm(FlaskForm):
    """Every session of a workshop in one table, saved all or nothing."""

    sessions = FieldList(FormField(SessionRowForm), min_entries=0, max_entries=MAX_TABLE_SESSIONS)


class StatusForm(FlaskForm):
    status = HiddenField(validators=[DataRequired()])


class ParticipantForm(FlaskForm):
    name = StringField("Name", filters=F, validators=[DataRequired(), Length(max=160)])
    email = StringField("E-mail", filters=F, validators=[DataRequired(), Email(), Length(max=254)])
    administration_code = SelectField("Administration", choices=[])
    role = SelectField("Role", choices=ROLE_CHOICES)
    attended = BooleanField("Attended", default=True)
    gender = SelectField("Gender (optional)", choices=[("", "not given")] + [(g, g) for g in GENDERS])


class HeadcountForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
    precision = SelectField("As the source gives it", choices=[(p, p) for p in PRECISIONS], default="exact")
    count = IntegerField("People", validators=[InputRequired(message="Give a number of people."),
                                               NumberRange(0, 5000, message="Give a number between 0 and 5,000.")])
    noun = StringField("The source's word for them (optional: delegates, representatives)", filters=F,
                       validators=[Optional(), Length(max=40)])
    detail = StringField("Who they were (optional: \"from Royal Thai Customs, ...\")", filters=F,
                         validators=[Optional(), Length(max=300)])
    administration_code = SelectField("Administration", choices=[])
    administrations_count = IntegerField("From how many administrations (a total over several)",
                                         validators=[Optional(), NumberRange(0, 200)])


class RosterForm(FlaskForm):
    file = FileField("Roster file (CSV or XLSX)", validators=[FileRequired("Choose a CSV or XLSX file.")])
