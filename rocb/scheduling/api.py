"""JSON of the scheduling package, on rocb.api.api (/api/v1): a workshop's schedule and the slot finder.
Every time is ISO 8601 with its offset; a place's local time carries that place's own offset."""

from flask import request

from rocb import access
from rocb.api import MAX_ID, ApiError, api
from rocb.scheduling import services
from rocb.scheduling.forms import PlannerForm, ZonesForm
from rocb.scheduling.views import planner_query
from rocb.services import ServiceError


@api.get(f"/workshops/<int(max={MAX_ID}):workshop_id>/schedule")
@access.public
def workshop_schedule_json(workshop_id):
    """?zones=Europe/Brussels,... adds extra zones to the workshop's administrations.
    ---
    get:
      summary: Every session of a workshop in every participating administration's local time
      tags: [scheduling]
      parameters:
        - {name: workshop_id, in: path, required: true, schema: {type: integer, minimum: 0, maximum: 2147483647}}
        - name: zones
          in: query
          schema: {type: string}
          description: extra IANA zones, separated by commas, e.g. Europe/Brussels,America/New_York
      responses:
        "200":
          description: the schedule, one row per place, with the DST flags
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Schedule"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "404": {$ref: "#/components/responses/NotFound"}
    """
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
    &require=Europe/Brussels@08:00-18:00 (repeatable)&weights=TH:3,JP:2&series=k&preferred=1&reference=IANA
    ---
    get:
      summary: The slot finder, ranking start times (15-minute steps) for a set of administrations and zones
      description: >-
        Ranked by weighted count of places inside working hours, then the fewest on a non-working day or at
        night, then the earliest. At least one of admins or zones is needed; at most 31 days are searched.
      tags: [scheduling]
      parameters:
        - {name: from, in: query, required: true, schema: {type: string, format: date}, description: first day}
        - {name: to, in: query, required: true, schema: {type: string, format: date}, description: last day}
        - {name: duration, in: query, required: true, schema: {type: integer, minimum: 1, maximum: 720},
           description: session length in minutes, e.g. 120}
        - {name: admins, in: query, schema: {type: string}, description: "ISO codes, e.g. TH,JP,KR, or ALL"}
        - {name: zones, in: query, schema: {type: string}, description: "extra IANA zones, e.g. Europe/Brussels"}
        - name: require
          in: query
          schema: {type: array, items: {type: string}}
          style: form
          explode: true
          description: "hard constraints, Zone@HH:MM-HH:MM, e.g. Europe/Brussels@08:00-18:00 (repeatable)"
        - {name: weights, in: query, schema: {type: string}, description: "expected participants, e.g. TH:3,JP:2"}
        - {name: series, in: query, schema: {type: integer, minimum: 1, maximum: 5},
           description: a rotation of 2 to 5 sessions, one a day, that shares out the bad hours}
        - {name: preferred, in: query, schema: {type: string, enum: ["1", "0", "yes", "no", "on", "off", "true",
           "false"]}, description: use the administrations' stated preferred online windows}
        - {name: reference, in: query, schema: {type: string, default: UTC},
           description: the IANA zone the from/to days are read in}
      responses:
        "200":
          description: >-
            the question as understood, the places, the best starts, the best distinct start times of day
            (groups, with the days each works on and every place's 24-hour strip; empty for a series) and notes
          content:
            application/json:
              schema: {$ref: "#/components/schemas/PlannerAnswer"}
        "400": {$ref: "#/components/responses/BadRequest"}
    """
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
        "groups": [g.to_dict() for g in outcome.groups],
        "notes": outcome.notes,
    }
