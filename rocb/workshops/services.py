"""Use cases of the workshops package. Each checks everything first, writes, audits; the caller commits."""

from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from rocb import audit
from rocb.extensions import db, utcnow
from rocb.registry.models import Administration, Fund, Organization, RegionalEntity, Topic
from rocb.scheduling.zones import PlannerError, check_zone
from rocb.services import ServiceError
from rocb.workshops.models import (
    MODES,
    WORKSHOP_KINDS,
    WORKSHOP_STATUSES,
    Session,
    StaffMember,
    Workshop,
)
from rocb.workshops.signals import schedule_changed
from rocb.workshops.summary import REACHED_RELATIONS, Figures, HeadcountFact, ParticipantFact, compute_figures

WORKSHOP_FIELDS = ("title", "description", "kind", "mode", "status", "is_public", "reference_zone", "venue_city",
                   "platform", "join_link", "host_label", "other_participants_note", "reported_administrations_count")
PLACE_FIELDS = ("mode", "venue_city", "join_link")  # a change of place bumps the feeds' SEQUENCE
MAX_HEADCOUNT = 5_000  # no workshop of the region has had more; a bigger figure is a typing error
MAX_ADMINISTRATIONS = 200  # the WCO has 186 members


# ---------------------------------------------------------------- workshops

def _by_codes(model, column, codes, label, field):
    codes = [c for c in (codes or []) if c]
    if not codes:
        return []
    rows = db.session.execute(select(model).where(getattr(model, column).in_(codes))).scalars().all()
    found = {getattr(r, column) for r in rows}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ServiceError({field: f"Unknown {label}: {', '.join(missing)}."})
    return rows


def _by_ids(model, ids, label, field):
    """Rows of `model` with these ids, or a ServiceError at `field` naming what is not known."""
    wanted = []
    for value in ids or []:
        if value in ("", None):
            continue
        try:
            wanted.append(int(value))
        except (TypeError, ValueError):
            raise ServiceError({field: f"Unknown {label}: {value}."}) from None
    if not wanted:
        return []
    rows = db.session.execute(select(model).where(model.id.in_(wanted))).scalars().all()
    found = {r.id for r in rows}
    missing = [str(i) for i in wanted if i not in found]
    if missing:
        raise ServiceError({field: f"Unknown {label}: {', '.join(missing)}. Choose from the list."})
    return rows


# form field -> (relationship, model, how the field names a row, label in messages, how the audit names a row)
ORGANIZER_FIELDS = {
    "organizer_entity_ids": ("organizer_entities", RegionalEntity, "id", "regional entity", "name"),
    "organizer_organization_ids": ("organizer_organizations", Organization, "id", "organization", "name"),
    "organizer_codes": ("organizer_administrations", Administration, "code", "administration", "code"),
}


def _organizers(data: dict) -> dict[str, list]:
    """The organizers the data names, checked: {relationship: rows}. A field absent from the data leaves that
    kind of organizer as it is (callers that do not know organizers, such as the seed, do not clear them)."""
    out = {}
    for field, (relation, model, key, label, _) in ORGANIZER_FIELDS.items():
        if field not in data:
            continue
        values = data.get(field)
        rows = (_by_codes(model, key, values, f"organizer {label}", field) if key == "code"
                else _by_ids(model, values, f"organizer {label}", field))
        out[relation] = list(rows)
    return out


def _host(value: str | None):
    """'administration:TH', 'entity:3' or 'organization:5' -> (admin, entity, org)."""
    if not value:
        return None, None, None
    kind, _, key = value.partition(":")
    if kind == "administration":
        row = db.session.execute(select(Administration).filter_by(code=key)).scalar_one_or_none()
        result = (row, None, None)
    elif kind in ("entity", "organization") and key.isdigit():
        row = db.session.get(RegionalEntity if kind == "entity" else Organization, int(key))
        result = (None, row, None) if kind == "entity" else (None, None, row)
    else:
        row = None
    if row is None:
        raise ServiceError({"host": "Choose the host from the list."})
    return result


def host_key(workshop: Workshop) -> str:
    if workshop.host_entity_id:
        return f"entity:{workshop.host_entity_id}"
    if workshop.host_organization_id:
        return f"organization:{workshop.host_organization_id}"
    if workshop.host_administration:
        return f"administration:{workshop.host_administration.code}"
    return ""


def _check_workshop(data: dict, workshop: Workshop) -> None:
    if data.get("kind") not in WORKSHOP_KINDS:
        raise ServiceError({"kind": "Choose a kind from the list."})
    if data.get("mode") not in MODES:
        raise ServiceError({"mode": "Choose online, physical or hybrid."})
    if data.get("status") not in WORKSHOP_STATUSES:
        raise ServiceError({"status": "Choose a status from the list."})
    if not data.get("reference_zone"):
        # A record that gives dates only has no reference zone; timed sessions need one.
        if any(not s.all_day for s in workshop.sessions):
            raise ServiceError({"reference_zone": "The workshop has timed sessions: give the zone they were "
                                                  "agreed in."})
        data["reference_zone"] = None
    else:
        try:
            data["reference_zone"] = check_zone(data["reference_zone"])
        except PlannerError as error:
            raise ServiceError({"reference_zone": str(error).capitalize()}) from error
    count = data.get("reported_administrations_count")
    if count is not None and not 0 <= count <= MAX_ADMINISTRATIONS:
        raise ServiceError({"reported_administrations_count":
                            f"Give a number of administrations between 0 and {MAX_ADMINISTRATIONS}."})
    if workshop.id is not None and data["status"] != workshop.status:
        _check_status_change(workshop, data["status"])


def _today_in(zone: str) -> date:
    try:
        return utcnow().astimezone(ZoneInfo(zone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return utcnow().date()


def _check_status_change(workshop: Workshop, status: str) -> None:
    if workshop.status == "cancelled" and status == "held":
        raise ServiceError({"status": "This workshop was cancelled: it cannot be recorded as held. If it took "
                                      "place after all, reinstate it (planned or confirmed) and check its sessions "
                                      "first."})
    # first_day is a local day in the reference zone: compare it with today there (Bangkok's morning is still
    # yesterday in UTC).
    if status == "held" and workshop.first_day and workshop.first_day > _today_in(workshop.reference_zone):
        raise ServiceError({"status": "A workshop cannot be held before its first session "
                                      f"({workshop.first_day:%d %B %Y})."})


def save_workshop(data: dict, workshop: Workshop | None = None) -> Workshop:
    """Create or edit a workshop with its topics, funds, invited administrations, facilitators, host and organizers
    (organizer_codes: administration codes; organizer_organization_ids, organizer_entity_ids: ids)."""
    creating = workshop is None
    workshop = workshop or Workshop()
    data = dict(data)
    data.setdefault("is_public", True)
    _check_workshop(data, workshop)
    host_admin, host_entity, host_org = _host(data.get("host"))
    topics = _by_codes(Topic, "code", data.get("topic_codes"), "topic", "topic_codes")
    funds = _by_codes(Fund, "code", data.get("fund_codes"), "fund", "fund_codes")
    invited = _by_codes(Administration, "code", data.get("invited_codes"), "administration", "invited_codes")
    facilitator_ids = [int(i) for i in data.get("facilitator_ids") or []]
    facilitators = db.session.execute(select(StaffMember).where(StaffMember.id.in_(facilitator_ids))).scalars().all()
    organizers = _organizers(data)

    old_status = workshop.status
    place_changed = not creating and any(getattr(workshop, f) != data.get(f) for f in PLACE_FIELDS)
    changes = audit.changes_of(data, workshop, WORKSHOP_FIELDS)
    for name in WORKSHOP_FIELDS:
        setattr(workshop, name, data.get(name))
    workshop.host_administration, workshop.host_entity, workshop.host_organization = host_admin, host_entity, host_org
    workshop.topics, workshop.funds = list(topics), list(funds)
    workshop.invited_administrations, workshop.facilitators = list(invited), list(facilitators)
    for relation, *_, name in ORGANIZER_FIELDS.values():
        if relation in organizers:
            old = sorted(str(getattr(r, name)) for r in getattr(workshop, relation))
            new = sorted(str(getattr(r, name)) for r in organizers[relation])
            if old != new:
                changes[relation] = [old, new]
            setattr(workshop, relation, organizers[relation])
    db.session.add(workshop)
    changes.update({"topics": [t.code for t in topics], "funds": [f.code for f in funds]})
    audit.record("create" if creating else "update", workshop, changes)
    if not creating and old_status != workshop.status:
        _apply_status(workshop, old_status)
        _announce(workshop, status_from=old_status)  # the same as the status buttons: updates, cancellations
    elif place_changed:
        for session in workshop.sessions:
            bump(session)
        _announce(workshop)  # a new place or join link: confirmed participants get the update
    return workshop


def _announce(workshop: Workshop, removed=(), status_from: str | None = None) -> None:
    """Tell who listens (confirmed participants' invitations, evaluation links) that time, status or sessions
    changed; status_from is the status before, when the status is what changed."""
    schedule_changed.send(workshop, removed=tuple(removed), status_from=status_from)


def bump(session: Session) -> None:
    """A change feeds must announce: SEQUENCE grows, LAST-MODIFIED moves."""
    session.sequence = (session.sequence or 0) + 1
    session.updated_at = utcnow()


def _apply_status(workshop: Workshop, old_status: str) -> None:
    for session in workshop.sessions:
        if workshop.status == "cancelled":
            session.cancelled = True
        elif old_status == "cancelled":
            session.cancelled = False  # reinstated
        bump(session)


def change_status(workshop: Workshop, status: str) -> Workshop:
    """Postpone, cancel, confirm, record as held or reinstate; every session's SEQUENCE grows."""
    if status not in WORKSHOP_STATUSES:
        raise ServiceError({"status": "Choose a status from the list."})
    if status == workshop.status:
        raise ServiceError({"status": f"The workshop is already {status}."})
    _check_status_change(workshop, status)
    old = workshop.status
    workshop.status = status
    _apply_status(workshop, old)
    audit.record("status", workshop, {"status": [old, status]})
    _announce(workshop, status_from=old)
    return workshop


# What staff can do next from each status (label, and what the confirmation says will happen).
STATUS_ACTIONS = {
    "planned": (("confirmed", "Confirm"), ("postponed", "Postpone"), ("cancelled", "Cancel")),
    "confirmed": (("held", "Record as held"), ("postponed", "Postpone"), ("cancelled", "Cancel")),
    "postponed": (("confirmed", "Confirm new dates"), ("cancelled", "Cancel")),
    "held": (),
    "cancelled": (("planned", "Reinstate as planned"),),
}


def status_actions(workshop: Workshop, today) -> list[tuple[str, str]]:
    """The status changes that fit the workshop's state: no "Confirm" on a held workshop, no "Record as held"
    before its first day."""
    return [(status, label) for status, label in STATUS_ACTIONS.get(workshop.status, ())
            if not (status == "held" and workshop.first_day and workshop.first_day > today)]


def postpone_workshop(workshop: Workshop) -> Workshop:
    return change_status(workshop, "postponed")


def cancel_workshop(workshop: Workshop) -> Workshop:
    return change_status(workshop, "cancelled")


def refuse_if_cancelled(workshop: Workshop, what: str) -> None:
    if workshop.status == "cancelled":
        raise ServiceError(f"This workshop was cancelled: {what} is refused. Reinstate it first if it goes ahead.")


# ---------------------------------------------------------------- figures

def figures_of(workshop: Workshop, administration_id: int | None = None) -> Figures:
    """The workshop's figures (all administrations, or one), from its loaded participants and headcounts."""
    people = [ParticipantFact(p.role, p.attended, p.administration_id, p.gender) for p in workshop.participants
              if administration_id is None or p.administration_id == administration_id]
    counts = [HeadcountFact(h.role, h.count, h.administration_id, h.administrations_count,
                                 h.precision, h.noun, h.detail)
              for h in workshop.headcounts if administration_id is None or h.administration_id == administration_id]
    reported = workshop.reported_administrations_count if administration_id is None else None
    # Administrations named as attending or presenting (the parties) count as reached.
    present = {p.administration_id for p in workshop.parties
               if p.relation in REACHED_RELATIONS and p.administration_id is not None
               and (administration_id is None or p.administration_id == administration_id)}
    return compute_figures(people, counts, reported, held=workshop.status == "held",
                           attending_administrations=present)


def days_of(workshop: Workshop) -> tuple[date | None, date | None]:
    return workshop.first_day, workshop.last_day


# Sessions live in sessions.py, participants and headcounts in attendance.py; callers keep services as their one
# entry point.
from rocb.workshops.attendance import (  # noqa: E402, F401
    add_headcount,
    add_participant,
    remove_headcount,
    remove_participant,
    update_headcount,
    update_participant,
)
from rocb.workshops.sessions import (  # noqa: E402, F401
    add_series,
    add_session,
    refresh_instants,
    remove_session,
    sync_days,
    update_session,
)
