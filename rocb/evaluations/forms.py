from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length

from rocb.evaluations.models import QUESTIONS

CHOICES = [("", "Choose"), ("5", "5 excellent"), ("4", "4 good"), ("3", "3 fair"), ("2", "2 weak"), ("1", "1 poor")]


class EvaluationForm(FlaskForm):
    will_apply = TextAreaField("What will you apply in your administration?", validators=[Length(max=4000)])
    comments = TextAreaField("Comments", validators=[Length(max=4000)])
    named = BooleanField("Staff of the office may see my name with my answers (otherwise they are anonymous)")


for _name, _label in QUESTIONS:
    setattr(EvaluationForm, _name, SelectField(_label, choices=CHOICES,
                                               validators=[InputRequired(f"{_label}: choose a score from 1 to 5.")]))
