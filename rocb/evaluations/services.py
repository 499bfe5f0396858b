"""Use cases of the evaluation: send the personal links, remind, answer once, read the results.

Each write checks first, writes, audits; the caller commits."""

import hashlib
import secrets
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from rocb import audit
from rocb.evaluations.models import QUESTIONS, SCALE, EvaluationAnswer, EvaluationRequest
from rocb.evaluations.results import Results, results
from rocb.extensions import db, utcnow
from rocb.mail.services import queue_message
from rocb.services import ServiceError
from rocb.workshops.models import Participant, Workshop

OPEN_DAYS = 21


class LinkRefused(Exception):
    """The link is unknown, used or closed; the message says which."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _mail(workshop: Workshop, request: EvaluationRequest, reminder: bool = False) -> None:
    token = secrets.token_urlsafe(24)
    request.token_hash = _hash(token)
    url = current_app.config["ROCB_BASE_URL"].rstrip("/") + "/evaluation/" + token
    subject = ("Reminder: " if reminder else "") + f"How was {workshop.title}? (3 minutes)"
    queue_message(request.participant.email, subject, "evaluation",
                  {"name": request.participant.name, "workshop": workshop, "url": url,
                   "closes_on": f"{request.closes_on.day} {request.closes_on:%B %Y}"})


def send(workshop: Workshop, closes_on: date | None = None) -> int:
    """A personal link to each participant who attended and has an address (once each)."""
    if workshop.status != "held":
        raise ServiceError("The evaluation goes out once the workshop is recorded as held.")
    closes_on = closes_on or (utcnow().date() + timedelta(days=OPEN_DAYS))
    asked = set(db.session.execute(select(EvaluationRequest.participant_id)
                                   .where(EvaluationRequest.workshop_id == workshop.id)).scalars())
    people = db.session.execute(select(Participant).where(Participant.workshop_id == workshop.id,
                                                          Participant.attended, Participant.email.is_not(None))
                                ).scalars().all()
    sent = 0
    for p in people:
        if p.id in asked:
            continue
        request = EvaluationRequest(workshop_id=workshop.id, participant=p, closes_on=closes_on, sent_at=utcnow())
        _mail(workshop, request)
        db.session.add(request)
        sent += 1
    audit.record("evaluation sent", workshop, {"participants": sent, "closes_on": closes_on})
    return sent


def send_when_held(workshop: Workshop) -> None:
    """The first time a workshop is seen held (its status changed), the links go out."""
    if workshop.status != "held" or workshop.id is None:
        return
    if db.session.execute(select(EvaluationRequest.id).where(EvaluationRequest.workshop_id == workshop.id)).first():
        return
    send(workshop)


def remind(workshop: Workshop) -> int:
    """A new link (the old one stops) to each participant who has not answered while the evaluation is open."""
    today = utcnow().date()
    open_requests = db.session.execute(
        select(EvaluationRequest).where(EvaluationRequest.workshop_id == workshop.id,
                                        EvaluationRequest.answered_at.is_(None),
                                        EvaluationRequest.closes_on >= today,
                                        # SQLite keeps the request of a removed participant (no FK cascade)
                                        EvaluationRequest.participant.has())).scalars().all()
    for r in open_requests:
        _mail(workshop, r, reminder=True)
        r.reminded_at = utcnow()
    audit.record("evaluation reminded", workshop, {"participants": len(open_requests)})
    return len(open_requests)


def request_of(token: str) -> EvaluationRequest:
    """The open request of this link, or LinkRefused saying why not."""
    request = db.session.execute(select(EvaluationRequest).where(EvaluationRequest.token_hash == _hash(token))
                                 ).scalar_one_or_none()
    if request is None:
        raise LinkRefused("This evaluation link is not known (a reminder sends a new link and stops the old one).")
    if request.answered_at is not None:
        raise LinkRefused("This evaluation link was already used: your answers were received. Thank you.")
    if request.closes_on < utcnow().date():
        raise LinkRefused(f"This evaluation closed on {request.closes_on.day} {request.closes_on:%B %Y}.")
    return request


def answer(token: str, data: dict) -> EvaluationAnswer:
    request = request_of(token)
    scores = {}
    for q, label in QUESTIONS:
        try:
            scores[q] = int(data.get(q))
        except (TypeError, ValueError):
            scores[q] = None
        if scores[q] not in SCALE:
            raise ServiceError({q: f"{label}: choose a score from 1 to 5."})
    row = EvaluationAnswer(workshop_id=request.workshop_id, request_id=request.id, **scores,
                           will_apply=(data.get("will_apply") or "").strip() or None,
                           comments=(data.get("comments") or "").strip() or None, named=bool(data.get("named")))
    db.session.add(row)
    request.answered_at = utcnow()
    audit.record("evaluation answered", request, {"named": row.named}, actor="participant")
    return row


def results_of(workshop: Workshop, show_names: bool) -> Results:
    """Two queries whatever the number of answers."""
    sent = db.session.execute(select(db.func.count()).select_from(EvaluationRequest)
                              .where(EvaluationRequest.workshop_id == workshop.id)).scalar_one()
    rows = db.session.execute(
        select(EvaluationAnswer, Participant.name).join(EvaluationRequest, EvaluationAnswer.request_id ==
                                                        EvaluationRequest.id)
        .join(Participant, Participant.id == EvaluationRequest.participant_id)
        .where(EvaluationAnswer.workshop_id == workshop.id).order_by(EvaluationAnswer.id)).all()
    answers = [{**{q: getattr(a, q) for q, _ in QUESTIONS}, "will_apply": a.will_apply, "comments": a.comments,
                "named": a.named, "name": name} for a, name in rows]
    return results(sent, answers, show_names)
