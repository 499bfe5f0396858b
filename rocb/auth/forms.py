from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from rocb.forms import ZoneName, strip_filter


class LoginForm(FlaskForm):
    email = EmailField("E-mail", filters=[strip_filter], validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class DisplayZoneForm(FlaskForm):
    zone = StringField("Show times in", filters=[strip_filter], validators=[DataRequired(), ZoneName()],
                       description="An IANA time zone name such as Asia/Bangkok or Europe/Brussels")


ROLE_CHOICES = [("focal_point", "Focal point (one administration)"), ("staff", "ROCB staff"), ("admin", "Admin")]


def administration_choices():
    from sqlalchemy import select

    from rocb.extensions import db
    from rocb.registry.models import Administration

    rows = db.session.execute(select(Administration.code, Administration.name).order_by(Administration.name)).all()
    return [("", "— none (staff and admins) —")] + [(code, f"{name} ({code})") for code, name in rows]


class NewPassword:
    """The password rules, at the field (12 characters, not a common one)."""

    def __call__(self, form, field):
        from rocb.auth.passwords import password_problem

        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class InviteForm(FlaskForm):
    email = EmailField("E-mail", filters=[strip_filter], validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField("Name", filters=[strip_filter], validators=[Optional(), Length(max=160)])
    role = SelectField("Role", choices=ROLE_CHOICES, default="focal_point")
    administration = SelectField("Administration", choices=[], validate_choice=True,
                                 description="A focal point is bound to one administration.")


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
    administration = SelectField("Administration", choices=[], validate_choice=True)


class PasswordForgotForm(FlaskForm):
    email = EmailField("E-mail", filters=[strip_filter], validators=[DataRequired(), Email(), Length(max=254)])


class SetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired(), NewPassword()],
                             description="At least 12 characters; a common password is refused.")
    confirm = PasswordField("The same password again",
                            validators=[DataRequired(), EqualTo("password", "The two passwords differ.")])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired(), Length(max=200)])
    new_password = PasswordField("New password", validators=[DataRequired(), NewPassword()],
                                 description="At least 12 characters; a common password is refused.")
    confirm = PasswordField("The same password again",
                            validators=[DataRequired(), EqualTo("new_password", "The two passwords differ.")])
