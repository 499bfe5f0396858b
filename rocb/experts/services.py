"""Use cases of the expert pool: save an expert (zone, hours and holiday country checked), accreditations, the
participation records matched to an expert, search by topic and zone, and an expert as a planner place."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from rocb import audit, params
from rocb.experts.models import EXPERT_KINDS, SERVING_ROLES, Accreditation, Expert
from rocb.extensions import db
from rocb.registry.models import Administration, Organization, Topic
from rocb.scheduling.calendars import PlaceCalendar
from rocb.scheduling.planner import Place
from rocb.scheduling.public_holidays import holidays_between, supported_countries
from rocb.scheduling.zones import PlannerError, check_zone, parse_working_days
from rocb.services import ServiceError
from rocb.workshops.models import Participant, Workshop

EXPERT_FIELDS = ("name", "kind", "email", "timezone", "working_days", "work_start", "work_end", "holiday_country",
                 "languages", "note")
LIST_LOADS = (selectinload(Expert.topics), selectinload(Expert.organization), selectinload(Expert.administration),
              selectinload(Expert.accreditations).selectinload(Accreditation.topic))


def _check(data: dict) -> None:
    if not (data.get("name") or "").strip():
        raise ServiceError({"name": "Give the expert's name."})
    if data.get("kind") not in EXPERT_KINDS:
        raise ServiceError({"kind": "Choose a kind from the list."})
    try:
        data["timezone"] = check_zone(data.get("timezone") or "")
    except PlannerError as error:
        raise ServiceError({"timezone": str(error)[:1].upper() + str(error)[1:] + "."}) from error
    try:
        parse_working_days(data.get("working_days") or "")
    except PlannerError as error:
        raise ServiceError({"working_days": str(error)[:1].upper() + str(error)[1:] + "."}) from error
    if not (data.get("work_start") and data.get("work_end") and data["work_start"] < data["work_end"]):
        raise ServiceError({"work_end": "Working hours must end after they start."})
    country = (data.get("holiday_country") or "").strip().upper() or None
    if country and country not in supported_countries():
        raise ServiceError({"holiday_country": f"No public holidays are known for {country!r}: give an ISO 3166-1 "
                                               "alpha-2 code such as BE, FR or TH, or leave it empty."})
    data["holiday_country"] = country


def _one_by(model, column, value, field, label):
    if value in (None, ""):
        return None
    if column == "id":
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise ServiceError({field: f"Unknown {label}: {value}."}) from None
    row = db.session.execute(select(model).where(getattr(model, column) == value)).scalar_one_or_none()
    if row is None:
        raise ServiceError({field: f"Unknown {label}: {value}."})
    return row


def save_expert(data: dict, expert: Expert | None = None) -> Expert:
    """Create or edit an expert (topic_codes, organization_id, administration_code); the caller commits.
    Then matches the participation records that are this expert (see link_participations)."""
    creating = expert is None
    expert = expert or Expert()
    data = dict(data)
    _check(data)
    organization = _one_by(Organization, "id", data.get("organization_id"), "organization_id", "organization")
    administration = _one_by(Administration, "code", data.get("administration_code"), "administration_code",
                             "administration")
    codes = [c for c in data.get("topic_codes") or [] if c]
    topics = list(db.session.execute(select(Topic).where(Topic.code.in_(codes))).scalars()) if codes else []
    missing = sorted(set(codes) - {t.code for t in topics})
    if missing:
        raise ServiceError({"topic_codes": f"Unknown topic: {', '.join(missing)}."})
    changes = audit.changes_of(data, expert, EXPERT_FIELDS)
    for name in EXPERT_FIELDS:
        setattr(expert, name, data.get(name) or None if name in ("email", "languages", "note") else data.get(name))
    expert.organization, expert.administration = organization, administration
    expert.topics = sorted(topics, key=lambda t: t.name)
    db.session.add(expert)
    changes["topics"] = [t.code for t in topics]
    audit.record("create" if creating else "update", expert, changes)
    link_participations(expert)
    return expert


def expert_of(participant: Participant) -> Expert | None:
    """The pool's expert a participation record with a serving role is: the same e-mail, or the same name when
    the record has no e-mail (the rule of link_participations, seen from the record)."""
    if participant.role not in SERVING_ROLES or not (participant.name or "").strip():
        return None
    if participant.email:
        match = func.lower(Expert.email) == participant.email.lower()
    else:
        match = func.lower(Expert.name) == participant.name.strip().lower()
    with db.session.no_autoflush:
        found = db.session.execute(select(Expert).where(match).order_by(Expert.id).limit(2)).scalars().all()
    return found[0] if len(found) == 1 else None  # two experts of one name: nobody guesses


def link_new_participations(session, flush_context, instances) -> None:
    """Before a flush: a serving record added or changed by any path (the form, a roster file, a confirmed
    nomination, a proposal) is linked to its expert, so "workshops served in" needs no re-save of the expert."""
    for row in list(session.new) + list(session.dirty):
        if isinstance(row, Participant) and row.expert_id is None and row.expert is None:
            expert = expert_of(row)
            if expert is not None:
                row.expert = expert


def link_participations(expert: Expert) -> int:
    """Participation records with a serving role (expert, facilitator, guest speaker) that are this expert: the
    same e-mail, or the same name when the record has no e-mail. Returns how many were newly linked."""
    match = func.lower(Participant.name) == expert.name.lower()
    if expert.email:
        match = or_(func.lower(Participant.email) == expert.email.lower(),
                    match & Participant.email.is_(None))
    rows = db.session.execute(select(Participant).where(Participant.role.in_(SERVING_ROLES),
                                                        Participant.expert_id.is_(None), match)).scalars().all()
    for row in rows:
        row.expert_id = expert.id
    if rows:
        audit.record("link participations", expert, {"participants": [r.id for r in rows]})
    return len(rows)


def add_accreditation(expert: Expert, data: dict) -> Accreditation:
    if not (data.get("title") or "").strip():
        raise ServiceError({"title": "Give the accreditation, e.g. WCO accredited expert, HRM."})
    if not isinstance(data.get("awarded_on"), date):
        raise ServiceError({"awarded_on": "Give the date it was awarded (YYYY-MM-DD)."})
    if data.get("expires_on") and data["expires_on"] < data["awarded_on"]:
        raise ServiceError({"expires_on": "It cannot expire before it was awarded."})
    topic = _one_by(Topic, "code", data.get("topic_code"), "topic_code", "topic")
    row = Accreditation(expert=expert, title=data["title"].strip(), topic=topic, awarded_on=data["awarded_on"],
                        expires_on=data.get("expires_on"))
    db.session.add(row)
    audit.record("add accreditation", expert, {"accreditation": [None, f"{row.title}, {row.awarded_on}"]})
    return row


def remove_accreditation(row: Accreditation) -> None:
    audit.record("remove accreditation", row.expert, {"accreditation": [f"{row.title}, {row.awarded_on}", None]})
    db.session.delete(row)


def search(topic: str | None = None, zone: str | None = None, text: str | None = None):
    """The experts' query, by topic code, zone (exact IANA name, or a prefix such as Europe/) and name."""
    query = select(Expert).options(*LIST_LOADS).order_by(Expert.name, Expert.id)
    if topic:
        query = query.where(Expert.topics.any(Topic.code == topic))
    if zone:
        query = query.where(Expert.timezone.startswith(zone) if zone.endswith("/") else Expert.timezone == zone)
    if text:
        query = query.where(func.lower(Expert.name).contains(text.lower()))
    return query


def workshops_served(expert: Expert) -> list[tuple[Workshop, str]]:
    """(workshop, role) the expert served in, from the matched participation records, latest first."""
    rows = db.session.execute(
        select(Workshop, Participant.role).join(Participant, Participant.workshop_id == Workshop.id)
        .where(Participant.expert_id == expert.id, Participant.role.in_(SERVING_ROLES))
        .order_by(Workshop.first_day.desc().nulls_last(), Workshop.id.desc())).all()
    return [(w, role) for w, role in rows]


def experts_by_keys(keys) -> list[Expert]:
    """Experts by id or exact name (case-insensitive), in the order given; ServiceError "experts" names the
    unknown ones."""
    found, unknown = [], []
    for key in keys:
        key = str(key).strip()
        if not key:
            continue
        query = select(Expert).options(selectinload(Expert.organization), selectinload(Expert.administration))
        number = params.whole_number(key)
        query = query.where(Expert.id == number) if number is not None else query.where(
            func.lower(Expert.name) == key.lower())
        row = db.session.execute(query.limit(1)).scalar_one_or_none()
        if row is None:
            unknown.append(key)
        elif row not in found:
            found.append(row)
    if unknown:
        raise ServiceError({"experts": f"Unknown expert{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}."})
    return found


def expert_key(expert: Expert) -> str:
    return f"expert:{expert.id}"


def expert_place(expert: Expert, weight: int = 1) -> Place:
    return Place(expert_key(expert), expert.name, expert.timezone, expert.working_days, expert.work_start,
                 expert.work_end, weight)


def expert_calendar(expert: Expert, first: date, last: date) -> PlaceCalendar:
    return PlaceCalendar(holidays_between(expert.holiday_country, first, last))
