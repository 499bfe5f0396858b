from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length

from rocb.forms import ZoneName, strip_filter


class LoginForm(FlaskForm):
    email = EmailField("E-mail", filters=[strip_filter], validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class DisplayZoneForm(FlaskForm):
    zone = StringField("Show times in", filters=[strip_filter], validators=[DataRequired(), ZoneName()],
                       description="An IANA time zone name such as Asia/Bangkok or Europe/Brussels")
