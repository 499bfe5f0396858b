"""Forms of the nomination cycle: the call (staff), a nomination (focal points), a roster file, decisions."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateTimeLocalField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from rocb.forms import RecordDate, strip_filter
from rocb.workshops.forms import ROLE_CHOICES
from rocb.workshops.models import GENDERS

F = [strip_filter]


class CallForm(FlaskForm):
    administration_codes = SelectMultipleField("Administrations invited", validators=[DataRequired()],
                                               description="The call goes to every focal point of each.")
    default_quota = IntegerField("Quota per administration", default=2,
                                 validators=[InputRequired(), NumberRange(min=0, max=50)])
    quota_overrides = StringField("Other quotas", filters=F, validators=[Optional(), Length(max=500)],
                                  description="For administrations with another quota: CODE=number, e.g. FJ=1, JP=4")
    roles = SelectMultipleField("Roles wanted", choices=ROLE_CHOICES, default=["formal participant"],
                                validators=[DataRequired()])
    deadline_local = DateTimeLocalField("Nomination deadline", format="%Y-%m-%dT%H:%M",
                                        validators=[InputRequired(), RecordDate()])
    remind_days_before = IntegerField("Remind administrations without a reply, days before the deadline", default=3,
                                      validators=[Optional(), NumberRange(min=0, max=60)],
                                      description="Empty: no automatic reminder.")
    message = TextAreaField("Message to the focal points", filters=F, validators=[Optional(), Length(max=5000)])


class NominationForm(FlaskForm):
    name = StringField("Name", filters=F, validators=[DataRequired(), Length(max=160)])
    email = EmailField("E-mail", filters=F, validators=[DataRequired(), Length(max=254)])
    position = StringField("Position", filters=F, validators=[Optional(), Length(max=160)])
    role = SelectField("Role", choices=ROLE_CHOICES, default="formal participant")
    gender = SelectField("Gender", choices=[("", "— not given —")] + [(g, g) for g in GENDERS], default="")


class NominationFileForm(FlaskForm):
    file = FileField("Roster file (CSV or XLSX)", validators=[FileRequired("Choose a file.")],
                     description="Columns: name, email, administration, role (gender optional).")
