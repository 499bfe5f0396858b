"""Pages of the analytics package: /analytics/ (needs vs delivery, participation, entity growth) and the
downloads of each chart as PNG, SVG and CSV.

Who sees what: aggregated figures are not personal data, so the page and its per-topic, trend, participation
and entity-growth charts are public. Each administration's answers to the survey (the administration x topic
heat map), the gap list naming who was not reached, and the plan of what to do next are staff-only.
"""

from datetime import timedelta
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from rocb import access, layout
from rocb.analytics import pages, services

bp = Blueprint("analytics", __name__)

DOWNLOAD_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv; charset=utf-8",
}
# Column headings of each data table (and of the gap list and plan), in the users' words.
NEED_AND_DELIVERY_COLUMNS = (  # shared by the per-topic table and the trend over the cycles
    ("administrations_asking", "Administrations asking"), ("weighted_need", "Weighted need"),
    ("officers_asked", "Officers asked for"), ("workshops_held", "Workshops held"),
    ("formal_participants", "Formal participants"), ("administrations_reached", "Administrations reached"),
)
TABLE_COLUMNS = {
    "needs-vs-delivery": (
        ("topic_name", "Topic"), ("package", "WCO package"), *NEED_AND_DELIVERY_COLUMNS,
        ("asking_reached", "Asking and reached"), ("coverage", "Coverage"), ("unmet_need", "Unmet need"),
        ("asking_applied", "Applied"),
    ),
    "applied": (
        ("topic_name", "Topic"), ("administrations_asking", "Administrations asking"),
        ("asking_reached", "Asking and reached"), ("asking_applied", "Applied (partly or fully)"),
        ("asking_not_applied", "Reached, not applied yet"), ("asking_no_answer", "Reached, no answer yet"),
    ),
    "heat-map": (
        ("administration_name", "Administration"), ("subregion", "Subregion"), ("topic_name", "Topic"),
        ("priority", "Priority asked"), ("officers", "Officers asked for"),
        ("formal_participants", "Formal participants sent"), ("reached", "Reached"),
    ),
    "trend": (("cycle_year", "Survey cycle"), *NEED_AND_DELIVERY_COLUMNS, ("coverage", "Coverage")),
    "participation": (
        ("year", "Year"), ("administration_name", "Administration"), ("subregion", "Subregion"),
        ("formal_participants", "Formal participants"), ("observers", "Observers"),
    ),
    "entity-growth": (("year", "Year"), ("kind", "Kind"), ("accredited", "Accredited at year end")),
    "gaps": (
        ("topic_name", "Topic"), ("administration_name", "Administration"), ("subregion", "Subregion"),
        ("priority", "Priority"), ("officers", "Officers asked for"), ("gap", "Gap"),
    ),
}
WORKSHOP_FORM_ENDPOINT = "workshops.workshop_create"
WORKSHOP_FORM_PATH = "/workshops/new"


def draft_workshop_url(args: dict) -> str:
    """The workshops package's create form, pre-filled through query arguments."""
    if WORKSHOP_FORM_ENDPOINT in current_app.view_functions:
        return url_for(WORKSHOP_FORM_ENDPOINT, **args)
    return f"{WORKSHOP_FORM_PATH}?{urlencode(args, doseq=True)}"


PROPOSAL_ENDPOINT = "proposals.propose"


def propose_workshop_url(item, dates) -> str:
    """"Propose a workshop" pre-filled for a planned topic: its administrations, 3 days of 2 hours over the next
    quarter (the planner's dates, 90 days from their first)."""
    args = {"topic": item.topic_code, "admins": ", ".join(item.invite), "days": 3, "hours": 2,
            "from": dates[0].isoformat(), "to": (dates[0] + timedelta(days=89)).isoformat(),
            "reference": "Asia/Bangkok"}
    if PROPOSAL_ENDPOINT in current_app.view_functions:
        return url_for(PROPOSAL_ENDPOINT, **args)
    return f"/planner/workshop?{urlencode(args)}"


def _filter_page(options, errors, status):
    return render_template("analytics/index.html", options=options, errors=errors, args=request.args,
                           body=None), status


def _with_timings(response, timings: services.Timings):
    if timings.seconds:  # only when something was computed (a cold cache)
        response.headers["Server-Timing"] = timings.header()
    return response


@bp.get("/analytics/")
@access.public
def index():
    timings = services.Timings()
    choice = services.choose_filters(request.args, timings)
    if choice.errors:
        return _filter_page(choice.options, choice.errors, 400)
    body = pages.body_for(choice, access.is_staff(), timings)
    # The layout is kept per viewer and the body per data version: a warm page renders only the version line.
    before, between, after = layout.parts("analytics/index.html", ("version_line", "body"))
    version_line = current_app.jinja_env.get_template("analytics/_version.html").render(version=body)
    response = make_response(b"".join((before, version_line.encode(), between, body.html, after)))
    return _with_timings(_versioned(response, body), timings)


def _chart_choice(spec: services.ChartSpec | None) -> tuple[services.FilterChoice, services.Timings]:
    """The filters of a request for one chart, once it may have it: 404 for no such chart; for a staff-only one, the
    login page for a visitor and 403 for a focal point; 400 for filters that name nothing."""
    if spec is None:
        abort(404)
    if spec.staff_only and not access.is_staff():
        if not current_user.is_authenticated:
            abort(redirect(url_for("auth.login", next=request.full_path.rstrip("?"))))
        abort(403)
    timings = services.Timings()
    choice = services.choose_filters(request.args, timings)
    if choice.errors:
        abort(400, description=choice.message)
    return choice, timings


def _versioned(response, body: pages.Body):
    response.headers["X-Data-Version"] = body.label + (" (stale, being updated)" if body.stale else "")
    return response


@bp.get("/analytics/sections/<name>")
@access.public
def section(name):
    """A chart with its downloads and data table, put into the page after it loads (js/app.js): rendered with the
    page, from the same data version (pages.render_body)."""
    spec = services.CHART_BY_NAME.get(name)
    choice, timings = _chart_choice(spec if spec is not None and spec.later else None)
    body = pages.body_for(choice, access.is_staff(), timings, part=name)
    if body is None:  # e.g. no survey cycle yet: the page has no such chart either
        abort(404, description="There is no survey cycle yet, so there is no such chart.")
    return _with_timings(_versioned(make_response(body.html), body), timings)


@bp.get("/analytics/charts/<name>.<kind>")
@access.public
def chart_download(name, kind):
    spec = services.CHART_BY_NAME.get(name) or (services.GAP_LIST if name == "gaps" and kind == "csv" else None)
    choice, timings = _chart_choice(spec if kind in DOWNLOAD_TYPES else None)
    version, filters = choice.version, choice.filters
    if spec.needs_cycle and filters.cycle is None:
        abort(404, description="There is no survey cycle yet, so there is no such chart.")
    if kind == "csv":
        body = services.csv_of(services.analysis(version, filters, timings), name)
    else:
        body = services.chart_file(version, filters, name, kind, timings)
    suffix = "-".join(str(v) for v in filters.args().values()).replace("/", "-").replace(" ", "-")
    filename = f"{name}{'-' + suffix if suffix else ''}.{kind}"
    response = make_response(body)
    response.headers["Content-Type"] = DOWNLOAD_TYPES[kind]
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _with_timings(response, timings)
