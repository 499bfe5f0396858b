"""Cross-cutting web concerns: error pages, security headers, display zone, template helpers."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import g, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from rocb import access
from rocb.extensions import db, login_manager
from rocb.precision import figure, format_partial_date
from rocb.scheduling.zones import PlannerError, check_zone

DISPLAY_ZONE_COOKIE = "display_zone"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def display_zone() -> str:
    """The zone a viewer reads times in: saved for users, else the browser's (cookie set by app.js), else UTC."""
    if "display_zone" not in g:
        zone, source = None, "default"
        if current_user.is_authenticated and current_user.display_zone:
            zone, source = current_user.display_zone, "saved"
        if not zone:
            zone, source = request.cookies.get(DISPLAY_ZONE_COOKIE), "browser"
        if not (zone and _valid(zone)):
            zone, source = "UTC", "default"
        g.display_zone, g.display_zone_source = zone, source
    return g.display_zone


def display_zone_source() -> str:
    """Where the display zone came from: "saved" (the user's choice), "browser" (the cookie zone.js sets) or
    "default" (UTC, nothing known yet: zone.js then sets the cookie and reloads once)."""
    display_zone()
    return g.display_zone_source


def _valid(zone: str) -> bool:
    try:
        check_zone(zone)
    except PlannerError:
        return False
    return True


def format_instant(value: datetime | None, zone: str | None = None, fmt: str = "%a %d %b %Y %H:%M") -> str:
    """An instant in a zone, with the zone's abbreviation: 'Mon 29 Mar 2021 15:00 +07'."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(zone or display_zone()))
    return f"{local.strftime(fmt)} {local.tzname()}"


def nav_state(href: str) -> str | None:
    """aria-current of a menu link: "page" on its own page, "true" on the pages under it."""
    path = request.path
    if path == href:
        return "page"
    section = href if href.endswith("/") else href + "/"
    return "true" if href != "/" and path.startswith(section) else None


def init_app(app):
    @login_manager.user_loader
    def load_user(session_id: str):
        """The user of a session cookie: '<id>.<session token>'; a token from before a logout, a password change or
        a deactivation no longer matches, so that cookie (every copy of it) is anonymous from then on."""
        from rocb.auth.models import User

        user_id, _, token = session_id.partition(".")
        if not (user_id.isascii() and user_id.isdigit() and len(user_id) < 10 and token):
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not user.active or not user.session_matches(token):
            return None
        return user

    @app.before_request
    def forget_the_previous_request():
        # A request reuses an app context already pushed (tests, scripts): what g cached for another request (its
        # user, its display zone) must not leak into this one.
        g.pop("_login_user", None)
        g.pop("display_zone", None)

    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see this page."

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @app.context_processor
    def template_globals():
        return {
            "display_zone": display_zone,
            "display_zone_source": display_zone_source,
            "nav_state": nav_state,
            "is_staff": access.is_staff,
            "is_admin": access.is_admin,
            "own_administration_id": access.own_administration_id,
            "nav_endpoints": lambda: app.view_functions.keys(),
        }

    app.jinja_env.filters["instant"] = format_instant
    app.jinja_env.filters["figure"] = figure  # 'more than 50'
    app.jinja_env.filters["partial_date"] = format_partial_date  # '29 January 2021', 'February 2021', '2010'


    def render_error(error: HTTPException):
        if request.path.startswith("/api/"):
            return {"error": error.description}, error.code
        return render_template("error.html", error=error), error.code

    for code in (400, 401, 403, 404, 405, 413, 429):
        app.register_error_handler(code, render_error)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("error.html", error=error, hint="The form expired or was sent without its "
                               "security token. Go back, reload the page and send it again."), 400

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return render_template("error.html", error=error), 500
