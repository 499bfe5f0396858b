"""Propose a workshop: resolve the question (topic, administrations or those who asked in the last survey, experts
from the pool), hand the pure series finder plain places and calendars, and turn a proposal into a draft workshop
with its invitations, sessions and experts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from rocb import audit
from rocb.experts.models import Expert
from rocb.experts.services import expert_calendar, expert_key, expert_place, experts_by_keys
from rocb.extensions import db
from rocb.registry.models import Administration, Topic
from rocb.scheduling.planner import Place
from rocb.scheduling.proposal import Proposal, propose_series
from rocb.scheduling.services import administration_place, administrations_by_code, holiday_calendars
from rocb.scheduling.zones import PlannerError, zone
from rocb.services import ServiceError
from rocb.workshops import services as workshop_services
from rocb.workshops.models import Participant, Workshop


@dataclass
class ProposalQuery:
    topic: str
    codes: list[str]
    asked: bool
    experts: list[str]  # ids or names
    hard: bool
    days: int
    minutes: int
    date_from: date
    date_to: date
    reference: str = "Asia/Bangkok"


@dataclass
class ProposalOutcome:
    topic: Topic
    administrations: list[Administration]
    experts: list[Expert]
    places: list[Place]
    proposals: list[Proposal]
    notes: list[str] = field(default_factory=list)


def topic_by_code(code: str) -> Topic:
    topic = db.session.execute(select(Topic).where(Topic.code == code)).scalar_one_or_none()
    if topic is None:
        raise ServiceError({"topic": f"Unknown topic: {code}."})
    return topic


def asked_in_last_survey(topic: Topic) -> tuple[int | None, list[Administration]]:
    """(cycle year, administrations) that asked for the topic (priority low or above) in the latest survey cycle
    that asked about it; only submitted responses count."""
    from rocb.surveys.models import CycleTopic, NeedItem, SurveyCycle, SurveyResponse

    year = db.session.execute(
        select(SurveyCycle.year).join(CycleTopic, CycleTopic.cycle_id == SurveyCycle.id)
        .where((CycleTopic.topic_id == topic.id) | (CycleTopic.code == topic.code))
        .order_by(SurveyCycle.year.desc()).limit(1)).scalar_one_or_none()
    if year is None:
        return None, []
    admins = db.session.execute(
        select(Administration).join(SurveyResponse, SurveyResponse.administration_id == Administration.id)
        .join(SurveyCycle, SurveyCycle.id == SurveyResponse.cycle_id)
        .join(NeedItem, NeedItem.response_id == SurveyResponse.id)
        .join(CycleTopic, CycleTopic.id == NeedItem.cycle_topic_id)
        .where(SurveyCycle.year == year, SurveyResponse.status == "submitted", NeedItem.priority != "none",
               (CycleTopic.topic_id == topic.id) | (CycleTopic.code == topic.code))
        .order_by(Administration.code).distinct()).scalars().all()
    return year, list(admins)


def propose(query: ProposalQuery, top: int = 3) -> ProposalOutcome:
    """The best series for the question; every refusal is a ServiceError keyed by the form field."""
    topic = topic_by_code(query.topic)
    notes: list[str] = []
    admins = administrations_by_code(query.codes)
    if query.asked:
        year, asked = asked_in_last_survey(topic)
        if year is None:
            notes.append(f"No needs survey has asked about {topic.name} yet.")
        else:
            notes.append(f"{len(asked)} administration(s) asked for {topic.name} in the {year} survey"
                         + (f": {', '.join(a.code for a in asked)}." if asked else "."))
        admins += [a for a in asked if a not in admins]
    experts = experts_by_keys(query.experts)
    if not admins and not experts:
        raise ServiceError({"admins": "Nobody to invite: choose administrations or experts."})
    places = [administration_place(a) for a in admins] + [expert_place(e) for e in experts]
    calendars = holiday_calendars(admins, query.date_from, query.date_to) if admins else {}
    for e in experts:  # widened like the administrations': an expert's local date can be a day either side
        calendars[expert_key(e)] = expert_calendar(e, query.date_from - timedelta(days=2),
                                                   query.date_to + timedelta(days=2))
    required = [expert_key(e) for e in experts] if query.hard else []
    try:
        proposals = propose_series(places, query.date_from, query.date_to, query.days, query.minutes,
                                   query.reference, required=required, calendars=calendars, top=top)
    except PlannerError as error:
        message = str(error)
        raise ServiceError({"experts" if "working hours of" in message else "": message[:1].upper() + message[1:]
                            + "."}) from error
    return ProposalOutcome(topic, admins, experts, places, proposals, notes)


def who_pays(proposal: Proposal) -> str:
    """One sentence for the draft's description: the places outside working hours, on days off or at night."""
    parts = []
    for c in proposal.costs:
        bits = [f"{n} {label}" for n, label in ((c.outside, "outside working hours"),
                                               (c.non_working_day, "on a non-working day"), (c.night, "at night"))
                if n]
        if c.holidays:
            bits.append("holiday: " + ", ".join(c.holidays))
        if bits:
            parts.append(f"{c.place.label} ({'; '.join(bits)})")
    return ("Who pays: " + ", ".join(parts) + ".") if parts else "Every session is inside everyone's working hours."


def create_draft(outcome: ProposalOutcome, proposal: Proposal) -> Workshop:
    """A planned, not yet public workshop: the topic, the administrations invited, one session per proposed day at
    the proposed local time in the reference zone, and the experts attached as participants (role expert), linked
    to the pool. The caller commits."""
    zi = zone(proposal.reference_zone)
    first = proposal.sessions[0].start_utc.astimezone(zi)
    description = (f"Proposed by the planner: {len(proposal.sessions)} day(s), {proposal.minutes} minutes a day at "
                   f"{proposal.local_start:%H:%M} {proposal.reference_zone}. {who_pays(proposal)}")
    workshop = workshop_services.save_workshop({
        "title": f"Regional workshop on {outcome.topic.name}", "kind": "regional workshop", "mode": "online",
        "status": "planned", "is_public": False, "reference_zone": proposal.reference_zone,
        "topic_codes": [outcome.topic.code], "invited_codes": [a.code for a in outcome.administrations],
        "description": description,
    })
    for n, slot in enumerate(proposal.sessions, start=1):
        local_start = slot.start_utc.astimezone(zi).replace(tzinfo=None)
        local_end = slot.end_utc.astimezone(zi).replace(tzinfo=None)
        workshop_services.add_session(workshop, {"all_day": False, "local_start": local_start,
                                                 "local_end": local_end, "zone": proposal.reference_zone,
                                                 "title": f"Day {n}"})
    for expert in outcome.experts:
        db.session.add(Participant(workshop=workshop, name=expert.name, email=expert.email, role="expert",
                                   expert=expert, organization=expert.organization,
                                   administration=expert.administration))
    audit.record("attach experts", workshop, {"experts": [e.name for e in outcome.experts],
                                              "first_session": datetime.isoformat(first)})
    return workshop
