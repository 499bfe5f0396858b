from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange


class RuleForm(FlaskForm):
    min_percent = IntegerField("Certificate for at least this share of the sessions (%)",
                               validators=[InputRequired("Give a share between 1 and 100 %."),
                                           NumberRange(1, 100, "Give a share between 1 and 100 %%.")])
