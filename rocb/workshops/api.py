"""JSON of the workshops package, on rocb.api.api (/api/v1). Figures only: never names or e-mails."""


from flask import request
from sqlalchemy.orm import selectinload

from rocb import access, params
from rocb.api import MAX_ID, ApiError, api
from rocb.extensions import db
from rocb.workshops import queries
from rocb.workshops.models import Workshop
from rocb.workshops.seed import DATE_ONLY_ANCHOR
from rocb.workshops.summary import Figures, confirmed_sentence, summary_sentence

MAX_WORKSHOPS = 2_000


def _utc(value) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def session_json(s, dates_only: bool = False) -> dict:
    """dates_only: the workshop's record gives dates and no zone (no reference zone): its whole days anchored at
    UTC for sorting only have no zone (null); a whole day staff gave a zone keeps it."""
    zone = None if s.all_day and dates_only and s.zone == DATE_ONLY_ANCHOR else s.zone
    out = {"uid": s.uid, "title": s.title, "all_day": s.all_day, "zone": zone, "cancelled": s.cancelled,
           "sequence": s.sequence}
    if s.all_day:
        out.update(day=s.local_start.date().isoformat(), end_day_exclusive=s.local_end.date().isoformat())
    else:
        out.update(start=_utc(s.start_utc), end=_utc(s.end_utc),
                   local_start=s.local_start.isoformat(timespec="minutes"),
                   local_end=s.local_end.isoformat(timespec="minutes"))
    return out


def figures_json(f: Figures) -> dict:
    # by_role_in_words keeps the source's precision: {"formal participant": "more than 50"}; total is then a floor
    # or an approximation, as "exact" says.
    return {"by_role": f.by_role, "by_role_in_words": {r: f.words(r) for r in f.by_role}, "exact": f.exact,
            "total": f.total, "administrations": f.administrations,
            "by_gender": f.by_gender if f.gender_given else None, "summary": summary_sentence(f),
            "confirmed": confirmed_sentence(f), "counts": "confirmed" if f.confirmed else "attended"}


def workshop_json(w: Workshop, figures: Figures, with_sessions: bool = True) -> dict:
    out = {"id": w.id, "title": w.title, "kind": w.kind, "mode": w.mode, "status": w.status,
           "first_day": w.first_day.isoformat() if w.first_day else None,
           "last_day": w.last_day.isoformat() if w.last_day else None, "reference_zone": w.reference_zone,
           "host": w.host_name, "venue": w.venue_city, "topics": [t.code for t in w.topics],
           "funds": [f.code for f in w.funds], "figures": figures_json(figures)}
    if with_sessions:
        out["sessions"] = [session_json(s, dates_only=w.reference_zone is None) for s in w.sessions]
    return out


def _day(name: str):
    if not request.args.get(name):
        return None
    day = params.day_arg(request.args, name)
    if day is None:
        raise ApiError(f"{name} must be a date, YYYY-MM-DD, from {params.RECORD_FIRST} to {params.RECORD_LAST}")
    return day


@api.get("/workshops")
@access.public
def workshops():
    """Public workshops of a period.
    ---
    get:
      summary: Public workshops whose days fall in a period, with their sessions and figures
      tags: [workshops]
      parameters:
        - {name: from, in: query, schema: {$ref: "#/components/schemas/OptionalDay"}, description: "first day"}
        - {name: to, in: query, schema: {$ref: "#/components/schemas/OptionalDay"}, description: "last day"}
      responses:
        "200":
          description: the workshops (at most 2,000; ask for a shorter period beyond that)
          content:
            application/json:
              schema:
                type: object
                required: [workshops]
                properties:
                  workshops: {type: array, items: {$ref: "#/components/schemas/Workshop"}}
        "400": {$ref: "#/components/responses/BadRequest"}
    """
    first, last = _day("from") or params.RECORD_FIRST, _day("to") or params.RECORD_LAST
    if last < first:
        raise ApiError("to is before from")
    rows = db.session.execute(queries.in_period(first, last).options(*queries.LIST_LOADS, selectinload(
        Workshop.sessions)).limit(MAX_WORKSHOPS + 1)).scalars().all()
    if len(rows) > MAX_WORKSHOPS:
        raise ApiError(f"More than {MAX_WORKSHOPS} workshops in this period: ask for a shorter one.")
    figures = queries.figures_for(rows)
    return {"workshops": [workshop_json(w, figures[w.id]) for w in rows]}


@api.get(f"/workshops/<int(max={MAX_ID}):workshop_id>")
@access.public
def workshop(workshop_id):
    """One public workshop.
    ---
    get:
      summary: One public workshop with its sessions and figures
      tags: [workshops]
      parameters:
        - {name: workshop_id, in: path, required: true, schema: {type: integer, minimum: 0, maximum: 2147483647}}
      responses:
        "200":
          description: the workshop
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Workshop"}
        "404": {$ref: "#/components/responses/NotFound"}
    """
    w = db.session.execute(db.select(Workshop).where(Workshop.id == workshop_id, queries.visible()).options(
        *queries.LIST_LOADS, selectinload(Workshop.sessions))).scalar_one_or_none()
    if w is None:
        raise ApiError("No such workshop.", 404)
    return workshop_json(w, queries.figures_for([w])[w.id])
