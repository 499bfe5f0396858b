"""Forms staff use to add closures and working-hours changes to an administration's calendar."""

from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from rocb.forms import RecordDate, strip_filter


class ClosureForm(FlaskForm):
    name = StringField("What", filters=[strip_filter], validators=[DataRequired(), Length(max=120)],
                       description="e.g. Office closure, Special holiday")
    first_day = DateField("First day", validators=[InputRequired("Give the first day."), RecordDate()])
    last_day = DateField("Last day", validators=[Optional(), RecordDate()], description="Empty: one day")


class HoursChangeForm(ClosureForm):
    work_start = TimeField("Working hours from", validators=[InputRequired("Give the start of working hours.")])
    work_end = TimeField("Working hours to", validators=[InputRequired("Give the end of working hours.")])
