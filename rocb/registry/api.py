"""JSON of the registry: GET /api/v1/administrations, GET /api/v1/entities."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rocb import access
from rocb.api import api
from rocb.extensions import db
from rocb.precision import iso_partial
from rocb.registry.models import Administration, RegionalEntity


def _day(value):
    return value.isoformat() if value else None


def administration_json(a: Administration) -> dict:
    return {
        "code": a.code, "name": a.name, "subregion": a.subregion, "timezone": a.timezone,
        "working_days": a.working_days, "working_hours": [a.work_start.strftime("%H:%M"), a.work_end.strftime("%H:%M")],
        # False: no source gives the week; it is the best-known public-sector week until staff set it.
        "working_days_recorded": a.working_days_recorded,
        # False: no source gives them; the hours are the assumed 09:00-17:00 until staff set them.
        "working_hours_recorded": a.work_hours_recorded,
        "joined_on": _day(a.joined_on),
    }


@api.get("/administrations")
@access.public
def administrations():
    """The member administrations.
    ---
    get:
      summary: The member administrations, by code
      tags: [registry]
      responses:
        "200":
          description: every member administration
          content:
            application/json:
              schema:
                type: object
                required: [administrations]
                properties:
                  administrations: {type: array, items: {$ref: "#/components/schemas/Administration"}}
    """
    rows = db.session.execute(select(Administration).order_by(Administration.code)).scalars()
    return {"administrations": [administration_json(a) for a in rows]}


@api.get("/entities")
@access.public
def entities():
    """The regional entities.
    ---
    get:
      summary: The regional entities (ROCB, RILO, RTCs, RCLs, RDTCs, Vice-Chair) with their dated status history
      tags: [registry]
      responses:
        "200":
          description: every regional entity, by kind then name
          content:
            application/json:
              schema:
                type: object
                required: [entities]
                properties:
                  entities: {type: array, items: {$ref: "#/components/schemas/RegionalEntity"}}
    """
    rows = db.session.execute(
        select(RegionalEntity).options(selectinload(RegionalEntity.host), selectinload(RegionalEntity.status_history))
        .order_by(RegionalEntity.kind, RegionalEntity.name)
    ).scalars()
    return {"entities": [
        {"id": e.id, "kind": e.kind, "name": e.name, "host_code": e.host.code, "city": e.city, "status": e.status,
         # Dates to the precision known: "2021-01-29", "2014-06" (month only), "2010" (year only), or null.
         "mou_signed_on": iso_partial(e.mou_signed_on, e.mou_signed_precision) or None,
         "established_on": iso_partial(e.established_on, e.established_precision) or None,
         "status_history": [{"status": c.status, "on": iso_partial(c.changed_on, c.changed_on_precision) or None,
                             "source": c.source} for c in e.status_history]}
        for e in rows
    ]}
