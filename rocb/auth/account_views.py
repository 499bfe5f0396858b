"""Pages reached from an e-mail (invitation, password reset), "Forgot password", and one's own account."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user

from rocb import access
from rocb.auth import accounts
from rocb.auth.blueprint import bp
from rocb.auth.forms import ChangePasswordForm, DisplayZoneForm, PasswordForgotForm, SetPasswordForm
from rocb.auth.models import INVITATION, PASSWORD_RESET
from rocb.extensions import db
from rocb.services import ServiceError, attach_errors


def _invalid_link():
    # One page for unknown, used, revoked and expired links alike: nothing says which.
    return render_template("auth/link_invalid.html"), 404


def _set_password_page(purpose: str, token: str, use, title: str, done: str):
    row = accounts.find_token(token, purpose)
    if row is None:
        return _invalid_link()
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = use(row, form.password.data)
        except accounts.LinkNotValid:
            db.session.rollback()
            return _invalid_link()  # used by another request meanwhile
        except ServiceError as error:
            db.session.rollback()
            attach_errors(form, error)
        else:
            db.session.commit()
            flash(done.format(email=user.email), "success")
            return redirect(url_for("auth.login"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/set_password.html", form=form, title=title, user=row.user), status


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@access.public
def accept_invitation(token: str):
    return _set_password_page(INVITATION, token, accounts.accept_invitation, "Welcome: choose your password",
                              "Your password is set. Log in as {email}.")


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@access.public
def reset_password(token: str):
    return _set_password_page(PASSWORD_RESET, token, accounts.reset_password, "Choose a new password",
                              "Your new password is set. Log in as {email}.")


@bp.route("/password/forgot", methods=["GET", "POST"])
@access.public
def forgot_password():
    form = PasswordForgotForm()
    if form.validate_on_submit():
        if not accounts.request_password_reset(form.email.data):
            db.session.rollback()
            form.form_errors.append("Too many requests for this address or from this computer. Wait an hour.")
            return render_template("auth/forgot_password.html", form=form), 429
        db.session.commit()
        # The same answer whether or not the address has an account.
        return render_template("auth/forgot_password_sent.html", email=form.email.data)
    status = 400 if request.method == "POST" else 200
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/account", methods=["GET", "POST"])
@access.logged_in
def account():
    """Own account: change the password (asks the current one; other sessions end) and the display zone."""
    password_form = ChangePasswordForm(prefix="password")
    zone_form = DisplayZoneForm(prefix="zone", data={"zone": current_user.display_zone or ""})
    status = 200
    if request.method == "POST":
        status = 400
        if "password-new_password" in request.form and password_form.validate_on_submit():
            try:
                accounts.change_password(current_user, password_form.current_password.data,
                                         password_form.new_password.data)
            except ServiceError as error:
                db.session.rollback()
                attach_errors(password_form, error)
            else:
                db.session.commit()
                login_user(current_user._get_current_object())  # this session carries the new generation
                flash("Your password is changed. Your other sessions have ended.", "success")
                return redirect(url_for("auth.account"))
        elif "zone-zone" in request.form and zone_form.validate_on_submit():
            accounts.set_display_zone(current_user, zone_form.zone.data)
            db.session.commit()
            flash(f"Times are now shown in {zone_form.zone.data}.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", password_form=password_form, zone_form=zone_form), status
