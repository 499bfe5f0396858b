"""JSON of the expert pool, staff only: GET /api/v1/experts?topic=&zone= (401 for anonymous visitors)."""

from flask import request

from rocb import access
from rocb.api import api
from rocb.experts import services
from rocb.experts.models import Expert
from rocb.extensions import db


def expert_json(e: Expert) -> dict:
    return {
        "id": e.id, "name": e.name, "kind": e.kind, "email": e.email, "affiliation": e.affiliation,
        "timezone": e.timezone, "working_days": e.working_days,
        "working_hours": [e.work_start.strftime("%H:%M"), e.work_end.strftime("%H:%M")],
        "holiday_country": e.holiday_country,
        "languages": [x.strip() for x in (e.languages or "").split(",") if x.strip()],
        "topics": [t.code for t in e.topics],
        "accreditations": [{"title": a.title, "topic": a.topic.code if a.topic else None,
                            "awarded_on": a.awarded_on.isoformat(),
                            "expires_on": a.expires_on.isoformat() if a.expires_on else None}
                           for a in e.accreditations],
    }


@api.get("/experts")
@access.staff
def experts():
    query = services.search(request.args.get("topic", "").strip(), request.args.get("zone", "").strip(),
                            request.args.get("q", "").strip())
    return {"experts": [expert_json(e) for e in db.session.execute(query).scalars()]}
