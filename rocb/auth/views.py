"""Log in, log out, and the display zone a viewer reads times in."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from rocb import access
from rocb.auth import accounts, services
from rocb.auth.blueprint import bp
from rocb.auth.forms import DisplayZoneForm, LoginForm
from rocb.extensions import db
from rocb.web import DISPLAY_ZONE_COOKIE, safe_next

_safe_next = safe_next  # only local paths, never a header split: rocb/web.py


@bp.route("/login", methods=["GET", "POST"])
@access.public
def login():
    form = LoginForm()
    if form.validate_on_submit():
        if services.login_blocked(form.email.data):
            form.form_errors.append("Too many failed attempts. Wait 15 minutes and try again.")
            return render_template("auth/login.html", form=form), 429
        user = services.authenticate(form.email.data, form.password.data)
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
    # A new session generation: every copy of this user's session cookies stops working, not only this one.
    current_user.end_sessions()
    db.session.commit()
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
            accounts.set_display_zone(current_user, zone)  # audited
            db.session.commit()
        response = redirect(_safe_next(request.args.get("next")))
        response.set_cookie(DISPLAY_ZONE_COOKIE, zone, max_age=365 * 86400, samesite="Lax", httponly=False)
        flash(f"Times are now shown in {zone}.", "success")
        return response
    status = 400 if request.method == "POST" else 200
    return render_template("auth/display_zone.html", form=form), status


# The other pages of the blueprint (imported for their routes).
from rocb.auth import account_views, user_views  # noqa: E402, F401
