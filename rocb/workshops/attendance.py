"""Use cases of who attended: named participants and headcounts, added and edited under the same rules.

Each checks everything first, writes, audits; the caller commits. Re-exported by services.py.
"""

from sqlalchemy import select

from rocb import audit
from rocb.extensions import db
from rocb.precision import PRECISIONS
from rocb.registry.models import Administration
from rocb.services import ServiceError
from rocb.workshops.models import GENDERS, ROLES, Headcount, Participant, Workshop
from rocb.workshops.services import MAX_ADMINISTRATIONS, MAX_HEADCOUNT, refuse_if_cancelled


def _administration(data: dict, field: str = "administration_code") -> Administration | None:
    code = (data.get(field) or "").strip().upper()
    if not code:
        return None
    admin = db.session.execute(select(Administration).filter_by(code=code)).scalar_one_or_none()
    if admin is None:
        raise ServiceError({field: f"Unknown administration: {code}. Choose from the list."})
    return admin


def _participant_values(workshop: Workshop, data: dict, participant: Participant | None = None) -> dict:
    """The checked values of a new or edited participant (the same rules for both)."""
    if not (data.get("name") or "").strip():
        raise ServiceError({"name": "Give the participant's name."})
    if data.get("role") not in ROLES:
        raise ServiceError({"role": "Choose a role from the list."})
    email = (data.get("email") or "").strip().lower() or None
    if email:
        same = select(Participant.id).filter_by(workshop_id=workshop.id, email=email)
        if participant is not None and participant.id is not None:
            same = same.where(Participant.id != participant.id)
        if db.session.execute(same).first():
            raise ServiceError({"email": f"{email} is already on this workshop's roster."})
    gender = data.get("gender") or None
    if gender is not None and gender not in GENDERS:
        raise ServiceError({"gender": "Choose female, male, other or leave it empty."})
    return {"name": data["name"].strip(), "email": email, "administration": _administration(data),
            "role": data["role"], "attended": bool(data.get("attended", True)), "gender": gender}


def add_participant(workshop: Workshop, data: dict) -> Participant:
    refuse_if_cancelled(workshop, "recording a participant")
    participant = Participant(workshop=workshop, **_participant_values(workshop, data))
    db.session.add(participant)
    audit.record("create", participant, {"workshop_id": workshop.id, "role": participant.role})
    return participant


def update_participant(participant: Participant, data: dict) -> Participant:
    """Edit a participant: the rules of add_participant; the e-mail stays unique within the workshop."""
    workshop = participant.workshop
    refuse_if_cancelled(workshop, "changing a participant")
    values = _participant_values(workshop, data, participant)
    changes = audit.changes_of(values, participant, ("name", "email", "role", "attended", "gender"))
    old_admin = participant.administration.code if participant.administration else None
    new_admin = values["administration"].code if values["administration"] else None
    if old_admin != new_admin:
        changes["administration"] = [old_admin, new_admin]
    for name, value in values.items():
        setattr(participant, name, value)
    if participant.administration is not None:
        participant.organization = None  # one or the other
    audit.record("update", participant, changes or None)
    return participant


def remove_participant(participant: Participant) -> None:
    audit.record("delete", participant, {"workshop_id": participant.workshop_id})
    db.session.delete(participant)


def _headcount_values(data: dict) -> dict:
    """The checked values of a new or edited headcount (the same rules for both)."""
    if data.get("role") not in ROLES:
        raise ServiceError({"role": "Choose a role from the list."})
    count = data.get("count")
    if count is None or not 0 <= count <= MAX_HEADCOUNT:
        raise ServiceError({"count": f"Give a number of people between 0 and {MAX_HEADCOUNT:,}."})
    admins = data.get("administrations_count")
    if admins is not None and not 0 <= admins <= MAX_ADMINISTRATIONS:
        raise ServiceError({"administrations_count":
                            f"Give a number of administrations between 0 and {MAX_ADMINISTRATIONS}."})
    admin = _administration(data)
    if admin is not None and admins:
        raise ServiceError({"administrations_count": "A count for one administration has no number of "
                                                     "administrations: leave it empty."})
    precision = data.get("precision") or "exact"
    if precision not in PRECISIONS:
        raise ServiceError({"precision": "Choose how the source gives the figure from the list."})
    return {"role": data["role"], "count": count, "administration": admin, "administrations_count": admins,
            "precision": precision, "noun": data.get("noun") or None, "detail": data.get("detail") or None}


def add_headcount(workshop: Workshop, data: dict) -> Headcount:
    refuse_if_cancelled(workshop, "recording attendance figures")
    headcount = Headcount(workshop=workshop, **_headcount_values(data))
    db.session.add(headcount)
    audit.record("create", headcount, {"workshop_id": workshop.id, "role": headcount.role, "count": headcount.count})
    return headcount


def update_headcount(headcount: Headcount, data: dict) -> Headcount:
    """Edit figures: the rules of add_headcount."""
    refuse_if_cancelled(headcount.workshop, "changing attendance figures")
    values = _headcount_values(data)
    changes = audit.changes_of(values, headcount, ("role", "count", "administrations_count", "precision", "noun",
                                                   "detail"))
    old_admin = headcount.administration.code if headcount.administration else None
    new_admin = values["administration"].code if values["administration"] else None
    if old_admin != new_admin:
        changes["administration"] = [old_admin, new_admin]
    for name, value in values.items():
        setattr(headcount, name, value)
    audit.record("update", headcount, changes or None)
    return headcount


def remove_headcount(headcount: Headcount) -> None:
    audit.record("delete", headcount, {"workshop_id": headcount.workshop_id, "count": headcount.count})
    db.session.delete(headcount)
