"""JSON of the scheduling package, on rocb.api.api (/api/v1): a workshop's schedule and the slot finder.
Every time is ISO 8601 with its offset; a place's local time carries that place's own offset."""

from flask import request

from rocb import access
from rocb.api import ApiError, api
from rocb.scheduling import services
from rocb.scheduling.forms import PlannerForm, ZonesForm
from rocb.scheduling.views import planner_query
from rocb.services import ServiceError


@api.get("/workshops/<int:workshop_id>/schedule")
@access.public
def workshop_schedule_json(workshop_id):
    """?zones=Europe/Brussels,... adds extra zones to the workshop's administrations."""
    workshop = services.visible_workshop_or_404(workshop_id)
    form = ZonesForm(formdata=request.args)
    if not form.validate():
        raise ApiError("zones: " + form.zones.errors[0])
    schedule = services.workshop_schedule(workshop, form.names)
    return {"workshop": {"id": workshop.id, "title": workshop.title, "reference_zone": workshop.reference_zone},
            **schedule.to_dict()}


@api.get("/planner")
@access.public
def planner_json():
    """?from=YYYY-MM-DD&to=YYYY-MM-DD&duration=MIN&admins=TH,JP&zones=Europe/Brussels
    &require=Europe/Brussels@08:00-18:00 (repeatable)&weights=TH:3,JP:2&series=k&preferred=1&reference=IANA"""
    form = PlannerForm(formdata=request.args)
    if not form.validate():
        raise ApiError(form.first_error())
    query = planner_query(form)
    try:
        outcome = services.plan(query)
    except ServiceError as error:
        field, message = next(iter(error.errors.items()))
        name = getattr(getattr(form, field, None), "name", field)
        raise ApiError(f"{name}: {message}" if name else message) from error
    return {
        "query": {
            "from": query.date_from.isoformat(), "to": query.date_to.isoformat(), "duration": query.duration,
            "reference_zone": query.reference, "admins": query.codes, "zones": query.zones,
            "require": [c.to_dict() for c in query.constraints], "weights": query.weights,
            "series": query.series, "preferred": query.preferred,
        },
        "places": [p.to_dict() for p in outcome.places],
        "results": [s.to_dict() for s in outcome.slots],
        "notes": outcome.notes,
    }
