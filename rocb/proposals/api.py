"""JSON of "propose a workshop", staff only: GET /api/v1/workshop-proposal?topic=&admins=&asked=1&experts=
&hard=1&days=&hours=&from=&to=&reference= (400 names an unknown topic, administration or expert)."""

from rocb import access
from rocb.api import ApiError, api
from rocb.proposals import services
from rocb.proposals.views import proposal_form, proposal_query
from rocb.services import ServiceError


@api.get("/workshop-proposal")
@access.staff
def workshop_proposal():
    """A proposed series of sessions for a workshop (staff only).
    ---
    get:
      summary: Best series of sessions for a topic, administrations and experts over a date range (staff only)
      tags: [planner]
      security: [{session: []}]
      parameters:
        - {name: topic, in: query, required: true, schema: {type: string}, description: "topic code"}
        - {name: admins, in: query, schema: {type: string}, description: "ISO codes, comma-separated"}
        - {name: asked, in: query, schema: {type: string}, description: "1: those who asked"}
        - {name: experts, in: query, schema: {type: string}, description: "expert ids, comma-separated"}
        - {name: hard, in: query, schema: {type: string}, description: "1: experts' hours are hard"}
        - {name: days, in: query, schema: {type: string}, description: "number of sessions"}
        - {name: hours, in: query, schema: {type: string}, description: "hours per session"}
        - {name: from, in: query, schema: {type: string}, description: "first day, YYYY-MM-DD"}
        - {name: to, in: query, schema: {type: string}, description: "last day, at most 366 days after from"}
        - {name: reference, in: query, schema: {type: string}, description: "IANA reference zone"}
      responses:
        "200":
          description: the proposals with every place's local times
          content:
            application/json:
              schema: {type: object}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
    """
    from flask import request

    form = proposal_form(request.args)
    if not form.validate():
        raise ApiError(form.first_error())
    try:
        outcome = services.propose(proposal_query(form))
    except ServiceError as error:
        name, message = next(iter(error.errors.items()))
        raise ApiError(f"{name}: {message}" if name else message) from error
    return {
        "topic": outcome.topic.code, "administrations": [a.code for a in outcome.administrations],
        "experts": [{"id": e.id, "name": e.name, "timezone": e.timezone} for e in outcome.experts],
        "notes": outcome.notes, "proposals": [p.to_dict() for p in outcome.proposals],
    }
