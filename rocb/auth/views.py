"""Log in, log out, and the display zone a viewer reads times in."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rocb import access
from rocb.auth import services
from rocb.auth.forms import DisplayZoneForm, LoginForm
from rocb.auth.models import User
from rocb.extensions import db
from rocb.pages import page_args
from rocb.web import DISPLAY_ZONE_COOKIE, safe_next

bp = Blueprint("auth", __name__)


_safe_next = safe_next  # only local paths, never a header split: rocb/web.py


@bp.route("/login", methods=["GET", "POST"])
@access.public
def login():
    form = LoginForm()
    if form.validate_on_submit():
        remote = request.remote_addr or "?"
        if services.login_blocked(form.email.data, remote):
            form.form_errors.append("Too many failed attempts. Wait 15 minutes and try again.")
            return render_template("auth/login.html", form=form), 429
        user = services.authenticate(form.email.data, form.password.data, remote)
        if user is not None:
            login_user(user)
            flash(f"Logged in as {user.email}.", "success")
            return redirect(_safe_next(request.args.get("next")))
        form.form_errors.append("E-mail or password is not right.")
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@access.logged_in
def logout():
    logout_user()
    flash("Logged out.", "info")
    return redirect(url_for("core.dashboard"))


@bp.route("/display-zone", methods=["GET", "POST"])
@access.public
def display_zone():
    """Switch the zone times are shown in: saved on the user, or in a cookie for anyone."""
    form = DisplayZoneForm()
    if form.validate_on_submit():
        zone = form.zone.data
        if current_user.is_authenticated:
            current_user.display_zone = zone
            db.session.commit()
        response = redirect(_safe_next(request.args.get("next")))
        response.set_cookie(DISPLAY_ZONE_COOKIE, zone, max_age=365 * 86400, samesite="Lax", httponly=False)
        flash(f"Times are now shown in {zone}.", "success")
        return response
    status = 400 if request.method == "POST" else 200
    return render_template("auth/display_zone.html", form=form), status


@bp.get("/users/")
@access.staff
def user_list():
    """Who can log in, with their role and administration; staff can give anyone a new calendar link here."""
    query = select(User).options(selectinload(User.administration)).order_by(User.role, User.email)
    return render_template("auth/user_list.html", page=db.paginate(query, **page_args(50)))
