from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length

from rocb.followups.models import APPLIED
from rocb.forms import strip_filter

MAX_TEXT = 4000


class FollowUpForm(FlaskForm):
    version = HiddenField()  # the version this person opened: a save in between is shown, never overwritten
    applied = SelectField("Has your administration applied what its officers learnt?",
                          choices=[("", "Choose"), *APPLIED],
                          validators=[InputRequired("Choose not yet, partly or fully.")])
    what_changed = TextAreaField("What changed (procedures, tools, results)?", filters=[strip_filter],
                                 validators=[Length(max=MAX_TEXT)])
    support_needed = TextAreaField("What support do you still need from ROCB A/P?", filters=[strip_filter],
                                   validators=[Length(max=MAX_TEXT)])
