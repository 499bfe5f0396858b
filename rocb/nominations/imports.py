"""Nominating from a roster file: the roster import's rules (all or nothing, every error named by row and column),
plus the call's: the focal point's own administration only, the roles the call asks for, nobody twice."""

from sqlalchemy import select

from rocb.nominations import services
from rocb.nominations.models import Call, Nomination
from rocb.workshops.imports import RosterRejected, directory
from rocb.workshops.models import Participant
from rocb.workshops.roster import RosterError, RosterFileError, check_rows, read_table


def import_nominations(call: Call, administration_id: int, filename: str, data: bytes,
                       by: str | None = None) -> list[Nomination]:
    """Every row checked first; any error rejects the file. Rows past the quota go to the waitlist."""
    try:
        services._refuse_unless_open(call, "nominating")
    except services.ServiceError as error:
        raise RosterRejected(str(error)) from error
    if services.invitation_of(call, administration_id) is None:
        raise RosterRejected("This call does not invite your administration.")
    try:
        good, errors = check_rows(read_table(filename, data), directory())
    except RosterFileError as error:
        raise RosterRejected(str(error)) from error
    earlier = db_rows(select(Nomination.email, Nomination.state, Nomination.administration_id)
                      .where(Nomination.call_id == call.id))
    taken = {e for e, s, _ in earlier if s != "withdrawn"}
    # Withdrawn by another administration: the nomination is theirs (nominate refuses to take it over).
    elsewhere = {e for e, s, a in earlier if s == "withdrawn" and a != administration_id}
    on_roster = set(db_rows(select(Participant.email).where(Participant.workshop_id == call.workshop_id), one=True))
    for r in good:
        if r.administration_id != administration_id:
            errors.append(RosterError(r.row, "administration", "another administration: nominate only officers "
                                                               "of your own administration."))
        if r.role not in call.roles:
            errors.append(RosterError(r.row, "role", f"{r.role}: this call asks for " + ", ".join(call.roles) + "."))
        if r.email in taken:
            errors.append(RosterError(r.row, "email", f"{r.email} is already nominated for this workshop."))
        elif r.email in elsewhere:
            errors.append(RosterError(r.row, "email", f"{r.email} was nominated by another administration."))
        elif r.email in on_roster:
            errors.append(RosterError(r.row, "email", f"{r.email} is already a participant of this workshop."))
    if errors:
        raise RosterRejected(sorted(errors, key=lambda e: (e.row, e.column)))
    made = []
    for r in good:
        try:
            made.append(services.nominate(call, administration_id, {"name": r.name, "email": r.email,
                                                                    "role": r.role, "gender": r.gender}, by=by))
        except services.ServiceError as error:  # a rule only the service knows: still a named row, all or nothing
            raise RosterRejected([RosterError(r.row, column or "row", message)
                                  for column, message in error.errors.items()]) from error
    return made


def db_rows(query, one: bool = False):
    from rocb.extensions import db

    result = db.session.execute(query)
    return result.scalars().all() if one else result.all()
