"""Forms of the expert pool (staff)."""

from datetime import time

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SelectField, SelectMultipleField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from rocb.experts.models import EXPERT_KINDS
from rocb.forms import RecordDate, WorkingWeek, ZoneName, strip_filter

F = [strip_filter]


class ExpertForm(FlaskForm):
    name = StringField("Name", filters=F, validators=[DataRequired(), Length(max=160)])
    kind = SelectField("Kind", choices=[(k, k) for k in EXPERT_KINDS], default="resource person")
    organization_id = SelectField("Organization", choices=[], description="e.g. WCO Secretariat")
    administration_code = SelectField("Or administration", choices=[])
    email = EmailField("E-mail", filters=F, validators=[Optional(), Email(), Length(max=254)])
    timezone = StringField("Time zone (IANA)", filters=F, validators=[DataRequired(), ZoneName()],
                           description="Where the expert works from, e.g. Europe/Brussels")
    working_days = StringField("Working days", filters=F, default="Mon-Fri", validators=[DataRequired(),
                                                                                       WorkingWeek()])
    work_start = TimeField("Working hours from", default=time(9),
                           validators=[InputRequired("Give the start of working hours.")])
    work_end = TimeField("Working hours to", default=time(17),
                         validators=[InputRequired("Give the end of working hours.")])
    holiday_country = StringField("Keeps the public holidays of", filters=F, validators=[Optional(), Length(max=2)],
                                  description="ISO code, e.g. BE for Brussels; empty: none")
    languages = StringField("Languages", filters=F, validators=[Optional(), Length(max=200)],
                            description="e.g. English, French")
    topic_codes = SelectMultipleField("Topics of expertise", choices=[])
    note = TextAreaField("Note", filters=F, validators=[Optional(), Length(max=2000)])


class AccreditationForm(FlaskForm):
    title = StringField("Accreditation", filters=F, validators=[DataRequired(), Length(max=200)],
                        description="e.g. WCO accredited expert, HRM")
    topic_code = SelectField("Topic", choices=[])
    awarded_on = DateField("Awarded on", validators=[InputRequired("Give the date it was awarded."), RecordDate()])
    expires_on = DateField("Expires on", validators=[Optional(), RecordDate()])
