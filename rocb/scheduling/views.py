"""Pages of the scheduling package: a workshop's schedule in every participating administration's time, the
slot finder, and setting a chosen slot as a session."""

from datetime import datetime, timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.routing import BuildError

from rocb import access, params
from rocb.extensions import db
from rocb.registry.models import Administration
from rocb.scheduling import services
from rocb.scheduling.forms import PlannerForm, SetSessionForm, ZonesForm, split_list
from rocb.scheduling.times_of_day import HOUR_DAY_OFF, HOUR_OUTSIDE, HOUR_PART, HOUR_WORKING
from rocb.scheduling.zones import EDGE, NON_WORKING_DAY, OUTSIDE, WORKING, format_offset, zone
from rocb.services import ServiceError, attach_errors
from rocb.web import display_zone, safe_next

bp = Blueprint("scheduling", __name__)

FIT_LABELS = {WORKING: "working hours", EDGE: "edge of working hours", OUTSIDE: "outside working hours",
              NON_WORKING_DAY: "non-working day"}
# The classes of a 24-hour strip's hours (app.css): working, partly working, outside, day off.
STRIP_CSS = {HOUR_WORKING: "hs-w", HOUR_PART: "hs-p", HOUR_OUTSIDE: "hs-o", HOUR_DAY_OFF: "hs-d"}
SEARCH_ARGS = ("from", "to", "duration", "admins", "zones", "require", "weights", "series")


@bp.app_template_filter("utc_offset")
def utc_offset(value: datetime | None) -> str:
    """An aware time's offset as people read it: UTC+05:45."""
    return f"UTC{format_offset(value.utcoffset())}" if value is not None else ""


@bp.app_context_processor
def scheduling_helpers():
    return {"fit_labels": FIT_LABELS, "fit_css": lambda fit: "fit-" + fit.replace(" ", "-"), "strip_css": STRIP_CSS,
            "local_in": lambda instant, name: instant.astimezone(zone(name)), "offset": format_offset}


def workshop_url(workshop_id: int) -> str | None:
    """The workshop's own page, when the workshops package serves one."""
    if "workshops.workshop_detail" not in current_app.view_functions:
        return None
    try:
        return url_for("workshops.workshop_detail", workshop_id=workshop_id)
    except BuildError:
        return None


# ---------------------------------------------------------------- a workshop's schedule


@bp.get("/workshops/<int:workshop_id>/schedule")
@access.public
def workshop_schedule(workshop_id):
    workshop = services.visible_workshop_or_404(workshop_id)
    form = ZonesForm(formdata=request.args)
    valid = form.validate()
    schedule = services.workshop_schedule(workshop, form.names if valid else ())
    return render_template(
        "scheduling/workshop_schedule.html", workshop=workshop, schedule=schedule, form=form,
        workshop_url=workshop_url(workshop.id), cancelled=sum(1 for s in workshop.sessions if s.cancelled),
        unnamed=max([workshop.reported_administrations_count or 0]
                    + [h.administrations_count or 0 for h in workshop.headcounts]),
        brussels_url=url_for(".workshop_schedule", workshop_id=workshop.id,
                             zones=", ".join(dict.fromkeys((form.names if valid else []) + ["Europe/Brussels"]))),
    ), 200 if valid else 400


# ---------------------------------------------------------------- the slot finder


def planner_query(form: PlannerForm) -> services.PlannerQuery:
    """A validated form as the service's question."""
    return services.PlannerQuery(
        date_from=form.date_from.data, date_to=form.date_to.data, duration=form.duration.data,
        reference=form.reference.data or "UTC", codes=form.codes(services.all_administration_codes),
        zones=split_list(form.zones.data), constraints=getattr(form.require, "constraints", []),
        weights=getattr(form.weights, "weights", {}), series=form.series.data, preferred=bool(form.preferred.data),
    )


def _administrations_by_subregion():
    rows = db.session.execute(select(Administration.code, Administration.name, Administration.subregion)
                              .order_by(Administration.subregion, Administration.code)).all()
    groups: dict[str, list] = {}
    for code, name, subregion in rows:
        groups.setdefault(subregion, []).append((code, name))
    return groups


@bp.get("/planner")
@access.public
def planner():
    workshop = None
    if request.args.get("workshop"):
        # an id that cannot exist reads as 0, which no workshop has: 404
        workshop = services.visible_workshop_or_404(params.int_arg(request.args, "workshop", 1) or 0)
    outcome, status = None, 200
    if any(name in request.args for name in SEARCH_ARGS):
        form = PlannerForm(formdata=request.args)
        if form.validate():
            try:
                outcome = services.plan(planner_query(form))
            except ServiceError as error:
                attach_errors(form, error)
        if form.errors or form.form_errors:
            status = 400
    else:
        today = datetime.now(zone(display_zone())).date()
        defaults = (services.workshop_defaults(workshop, today) if workshop else
                    {"reference": display_zone(), "date_from": today, "date_to": today + timedelta(days=13)})
        form = PlannerForm(formdata=None, data=defaults)
    can_set = workshop is not None and access.is_staff() and workshop.status != "cancelled"
    return render_template(
        "scheduling/planner.html", form=form, outcome=outcome, workshop=workshop,
        workshop_url=workshop_url(workshop.id) if workshop else None,
        can_set=can_set,
        back=request.full_path, groups=_administrations_by_subregion(),
    ), status


@bp.post("/workshops/<int:workshop_id>/sessions/from-slot")
@access.staff
def set_session(workshop_id):
    """A planner result becomes a timed session of the workshop, agreed in its reference zone."""
    workshop = services.visible_workshop_or_404(workshop_id)
    form = SetSessionForm()
    back = safe_next(request.form.get("back"), "scheduling.planner")
    if not back.startswith("/planner?"):  # only ever back to the planner: never an open redirect
        back = url_for(".planner", workshop=workshop.id)
    if not form.validate_on_submit():
        flash("That slot could not be read: " + "; ".join(m for ms in form.errors.values() for m in ms), "error")
        return redirect(back)
    try:
        session = services.session_from_slot(workshop, form.start_utc.instant, form.end_utc.instant)
    except ServiceError as error:
        db.session.rollback()
        flash(" ".join(error.errors.values()), "error")
        return redirect(back)
    db.session.commit()
    flash(f"Session added: {session.local_start:%a %d %b %Y %H:%M}–{session.local_end:%H:%M} {session.zone}.",
          "success")
    return redirect(workshop_url(workshop.id) or url_for(".workshop_schedule", workshop_id=workshop.id))
