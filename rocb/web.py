"""Cross-cutting web concerns: error pages, security headers, display zone, template helpers."""

import re
import secrets
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import Request, abort, g, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException

from rocb import access, versioning
from rocb.extensions import db, login_manager
from rocb.precision import figure, format_partial_date
from rocb.scheduling.zones import PlannerError, check_zone

DISPLAY_ZONE_COOKIE = "display_zone"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


HSTS = "max-age=31536000; includeSubDomains"


def _without_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


class NulFreeValues(ImmutableMultiDict):
    """Query-string and form values with NUL bytes removed as they are parsed: PostgreSQL refuses a NUL in any
    text, and no one types one. Every form and every `request.args.get` reads these."""

    def __init__(self, mapping=None):
        if mapping is not None and not isinstance(mapping, dict):
            mapping = [(_without_nul(key), _without_nul(value)) for key, value in mapping]
        super().__init__(mapping)


class SafeRequest(Request):
    parameter_storage_class = NulFreeValues
_UNSAFE_IN_TARGET = re.compile(r"[\x00-\x1f\x7f\\]")


def safe_next(target: str | None, default_endpoint: str = "core.dashboard") -> str:
    """Where to go after a form (?next=, back=): only a path on this site, without control characters (a CR/LF
    would split the Location header) or backslashes (browsers read /\\evil.example as //evil.example).
    Anything else: the default page. The one helper every redirect to a user-given address uses."""
    if (target and target.startswith("/") and not target.startswith("//") and not _UNSAFE_IN_TARGET.search(target)
            and not urlsplit(target).netloc):
        return target
    return url_for(default_endpoint)


def error_reference() -> str:
    """A short random id for one server error: on the page (staff can quote it) and in the log line."""
    if "error_reference" not in g:
        g.error_reference = secrets.token_hex(4).upper()
    return g.error_reference


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
    app.request_class = SafeRequest

    @app.before_request
    def refuse_nul_in_path():
        if "\x00" in request.path:  # /administrations/%00: no record has such a code
            abort(404)

    @login_manager.user_loader
    def load_user(session_id: str):
        from rocb.auth.sessions import user_of_session

        return user_of_session(session_id)

    @app.before_request
    def forget_the_previous_request():
        # A request reuses an app context already pushed (tests, scripts): what g cached for another request (its
        # user, its display zone) must not leak into this one.
        g.pop("_login_user", None)
        g.pop("display_zone", None)
        g.pop(versioning.REQUEST_COPY, None)

    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see this page."

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if app.config.get("ROCB_ENV") == "production":
            response.headers.setdefault("Strict-Transport-Security", HSTS)
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

    def log_exception(exc_info):
        # Flask calls this once per unhandled exception, before the 500 handler: one log line with the traceback
        # and the reference the visitor sees.
        app.logger.error("Exception on %s [%s], reference %s", request.path, request.method, error_reference(),
                         exc_info=exc_info)

    app.log_exception = log_exception

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        reference = error_reference()
        if request.path.startswith("/api/"):
            return {"error": "Something went wrong on our side.", "reference": reference}, 500
        return render_template("error.html", error=error, reference=reference), 500

    @app.teardown_appcontext
    def release_connection_quietly(exc):
        """Runs just before Flask-SQLAlchemy removes the session: if the database went away after the answer was
        made, the rollback fails; the connection is then dropped without one, so the request still ends cleanly."""
        try:
            db.session.rollback()
        except DBAPIError:
            db.session().invalidate()  # the scoped session does not proxy invalidate

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_unavailable(error):
        """The database went away (restart, failover, network): 503 and a page that needs no database. The
        transaction is rolled back, so nothing half-written stays; the pool pings a connection before lending it,
        so the next request gets a fresh one."""
        outage = isinstance(error, OperationalError) or error.connection_invalidated
        if not outage:
            raise error  # a constraint or data error is a bug, not an outage: let it be a 500
        _rollback_quietly()
        g._login_user = login_manager.anonymous_user()  # Flask-Login would ask the database who is logged in
        app.logger.warning("database unavailable: %s", error.__class__.__name__)
        headers = {"Retry-After": "5"}
        if request.path.startswith("/api/"):
            return {"error": "The database is not answering for a moment; please try again."}, 503, headers
        return render_template("unavailable.html"), 503, headers


def _rollback_quietly():
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001  the connection is gone; the pool discards it
        db.session.close()
