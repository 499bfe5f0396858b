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
