"""The history of a workshop (staff): every audited change to it and to its sessions, participants and
headcounts, newest first. A user's history is on their page under Users."""

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from rocb import access
from rocb.audit import AuditEntry, entries_about
from rocb.extensions import db
from rocb.pages import by_field_or_404, page_args
from rocb.workshops.models import Headcount, Participant, Session, Workshop

bp = Blueprint("history", __name__)
CHILDREN = (("Session", Session), ("Participant", Participant), ("Headcount", Headcount))


def _child_ids(workshop_id: int) -> list[tuple[str, set[str]]]:
    """Ids of the workshop's sessions, participants and headcounts, those deleted since included (their create
    and delete entries name the workshop)."""
    ids = {name: set() for name, _ in CHILDREN}
    for name, model in CHILDREN:
        ids[name].update(str(i) for i in db.session.execute(
            select(model.id).where(model.workshop_id == workshop_id)).scalars())
    recorded = db.session.execute(
        select(AuditEntry.record_type, AuditEntry.record_id)
        .where(AuditEntry.record_type.in_([name for name, _ in CHILDREN]),
               AuditEntry.changes["workshop_id"].as_integer() == workshop_id)).all()
    for record_type, record_id in recorded:
        ids[record_type].add(record_id)
    return list(ids.items())


@bp.get("/workshops/<int:workshop_id>/history")
@access.staff
def workshop_history(workshop_id: int):
    if workshop_id >= 2**31:
        abort(404)  # past the database's integer range
    workshop = by_field_or_404(Workshop, "id", workshop_id)
    query = entries_about("Workshop", [workshop.id], also=_child_ids(workshop.id))
    return render_template("history/workshop.html", workshop=workshop,
                           history=db.paginate(query, **page_args(50)))
