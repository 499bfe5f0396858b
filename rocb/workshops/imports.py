"""Roster import and export against the database: the whole file is checked first, then written in bulk."""

from dataclasses import dataclass

from sqlalchemy import insert, select, update

from rocb import audit
from rocb.extensions import db, utcnow
from rocb.registry.models import Administration, Organization
from rocb.services import ServiceError
from rocb.workshops.models import Participant, Workshop
from rocb.workshops.roster import Directory, RosterError, check_rows, read_table

FIELDS = ("name", "administration_id", "organization_id", "role", "attended", "gender")


class RosterRejected(ServiceError):
    """The file has errors: nothing was imported. `rows` lists each error by row and column."""

    def __init__(self, errors: list[RosterError] | str):
        self.rows = errors if isinstance(errors, list) else []
        message = errors if isinstance(errors, str) else f"{len(errors)} error(s) in the file: nothing was imported."
        super().__init__({"file": message})


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} added, {self.updated} updated, {self.unchanged} unchanged"


def directory() -> Directory:
    admins = db.session.execute(select(Administration.code, Administration.name, Administration.id)).all()
    orgs = db.session.execute(select(Organization.name, Organization.short_name, Organization.id)).all()
    organizations = {name: i for name, _, i in orgs} | {short: i for _, short, i in orgs if short}
    return Directory({c: i for c, _, i in admins}, {n: c for c, n, _ in admins}, organizations)


def import_roster(workshop: Workshop, filename: str, data: bytes) -> ImportResult:
    """All or nothing: any bad row rejects the file. A participant already on the roster (same e-mail) is updated
    when the file says something different, so importing the same file twice changes nothing."""
    from rocb.workshops.roster import RosterFileError

    if workshop.status == "cancelled":
        raise RosterRejected("This workshop was cancelled: a roster cannot be imported. Reinstate it first.")
    try:
        good, errors = check_rows(read_table(filename, data), directory())
    except RosterFileError as error:
        raise RosterRejected(str(error)) from error
    if errors:
        raise RosterRejected(errors)
    existing = {row.email: row for row in db.session.execute(
        select(Participant.id, Participant.email, *[getattr(Participant, f) for f in FIELDS])
        .where(Participant.workshop_id == workshop.id)).all()}
    result = ImportResult()
    new_rows, changed_rows = [], []
    now = utcnow()
    for r in good:
        values = {"name": r.name, "administration_id": r.administration_id, "organization_id": r.organization_id,
                  "role": r.role, "attended": r.attended, "gender": r.gender}
        old = existing.get(r.email)
        if old is None:
            new_rows.append({"workshop_id": workshop.id, "email": r.email, "created_at": now, **values})
        elif any(getattr(old, f) != values[f] for f in FIELDS):
            changed_rows.append({"id": old.id, **values})
        else:
            result.unchanged += 1
    if new_rows:
        # Core executemany: one statement for all rows (the ORM bulk path splits rows whose None columns differ).
        db.session.execute(insert(Participant.__table__), new_rows)
    if changed_rows:
        db.session.execute(update(Participant), changed_rows)
    result.created, result.updated = len(new_rows), len(changed_rows)
    audit.record("import", workshop, {"file": filename, "created": result.created, "updated": result.updated})
    db.session.expire(workshop, ["participants"])
    return result


def roster_rows(workshop_id: int, administration_id: int | None = None) -> list[tuple]:
    """(name, email, administration, role, attended, gender) of a workshop, optionally one administration's."""
    query = (select(Participant.name, Participant.email, Administration.code, Organization.name, Participant.role,
                    Participant.attended, Participant.gender)
             .outerjoin(Administration, Participant.administration_id == Administration.id)
             .outerjoin(Organization, Participant.organization_id == Organization.id)
             .where(Participant.workshop_id == workshop_id).order_by(Participant.name, Participant.id))
    if administration_id is not None:
        query = query.where(Participant.administration_id == administration_id)
    return [(n, e, code or org, role, att, g) for n, e, code, org, role, att, g in db.session.execute(query)]
