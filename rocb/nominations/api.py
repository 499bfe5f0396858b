"""GET /api/v1/workshops/<id>/nominations: staff see every administration; a focal point only their own."""

from flask import abort, jsonify

from rocb import access
from rocb.api import api
from rocb.nominations import queries
from rocb.pages import one_or_404
from rocb.workshops.models import Workshop


def _utc(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@api.get("/workshops/<int:workshop_id>/nominations")
@access.focal_point
def workshop_nominations(workshop_id):
    from sqlalchemy import select

    workshop = one_or_404(select(Workshop).where(Workshop.id == workshop_id))
    own = None if access.is_staff() else access.own_administration_id()
    if not access.is_staff() and (own is None or not workshop.is_public):
        abort(404)
    calls = queries.calls_of_workshop(workshop.id, own)
    out = []
    for call in calls:
        rows = queries.review(call, own)
        out.append({
            "id": call.id, "deadline": _utc(call.deadline_utc),
            "deadline_local": call.deadline_local.isoformat(timespec="minutes"), "deadline_zone": call.deadline_zone,
            "default_quota": call.default_quota, "roles": call.roles, "open": call.is_open(),
            "administrations": [{
                "code": r.administration.code, "quota": r.invitation.quota, "state": r.state,
                "nominations": [{"id": n.id, "name": n.name, "email": n.email, "role": n.role, "state": n.state}
                                for n in r.nominations]} for r in rows]})
    return jsonify(workshop_id=workshop.id, calls=out)
