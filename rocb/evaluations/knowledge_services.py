"""Use cases of the optional knowledge check: staff set the questions, send the "before" links; participants answer
before (their link) and after (with the evaluation); staff compare. Each write audits; the caller commits."""

import hashlib
import secrets

from flask import current_app
from sqlalchemy import delete, select, update

from rocb import audit
from rocb.evaluations import knowledge
from rocb.evaluations.models import EvaluationRequest, KnowledgeCheck, KnowledgeQuestion
from rocb.extensions import db, utcnow
from rocb.mail.services import queue_message
from rocb.services import ServiceError
from rocb.workshops.models import Participant, Workshop

BEFORE, AFTER = "before", "after"
LEARNERS = ("formal participant", "observer")  # who takes the check (experts and facilitators taught)
USED = "This knowledge check link was already used: your answers were received. Thank you."


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class LinkRefused(Exception):
    """The link is unknown, used or closed; the message says which."""


def questions_for(request: EvaluationRequest) -> list[KnowledgeQuestion]:
    """The questions the evaluation of this link asks after the workshop (none for experts and facilitators)."""
    return questions_of(request.workshop_id) if request.participant.role in LEARNERS else []


def questions_of(workshop_id: int) -> list[KnowledgeQuestion]:
    return db.session.execute(select(KnowledgeQuestion).where(KnowledgeQuestion.workshop_id == workshop_id)
                              .order_by(KnowledgeQuestion.position)).scalars().all()


def as_questions(rows: list[KnowledgeQuestion]) -> list[knowledge.Question]:
    return [knowledge.Question(r.text, tuple(r.choice_list), r.correct) for r in rows]


def _answered_any(workshop_id: int) -> bool:
    answered = select(KnowledgeCheck.id).where(KnowledgeCheck.workshop_id == workshop_id,
                                               KnowledgeCheck.answered_at.is_not(None))
    return db.session.execute(answered.limit(1)).first() is not None


def save_questions(workshop: Workshop, text: str) -> list[KnowledgeQuestion]:
    """Replace the questions (empty text: no knowledge check). Refused once anyone answered: before and after must
    ask the same."""
    try:
        parsed = knowledge.parse(text)
    except knowledge.QuestionsRefused as refused:
        raise ServiceError({"questions": str(refused)}) from None
    old = questions_of(workshop.id)
    if as_questions(old) == parsed:
        return old
    if _answered_any(workshop.id):
        raise ServiceError({"questions": "Participants have answered these questions already: changing them now "
                                         "would compare before and after on different questions."})
    db.session.execute(delete(KnowledgeQuestion).where(KnowledgeQuestion.workshop_id == workshop.id))
    rows = [KnowledgeQuestion(workshop_id=workshop.id, position=i, text=q.text, choices="\n".join(q.choices),
                              correct=q.correct) for i, q in enumerate(parsed)]
    db.session.add_all(rows)
    audit.record("knowledge questions", workshop, {"questions": [q.text for q in parsed]})
    return rows


def _open_before(workshop: Workshop) -> bool:
    """The "before" check is open until the workshop's first day (included), while it is not held or cancelled."""
    return (workshop.status not in ("held", "cancelled") and workshop.first_day is not None
            and workshop.first_day >= utcnow().date())


def send_before(workshop: Workshop) -> int:
    """A personal link to the "before" check to each formal participant and observer with an address (once each)."""
    if not questions_of(workshop.id):
        raise ServiceError("Write the questions of the knowledge check first.")
    if not _open_before(workshop):
        raise ServiceError("The knowledge check before the workshop goes out before its first day, while it is "
                           "planned or confirmed.")
    asked = set(db.session.execute(select(KnowledgeCheck.participant_id).where(
        KnowledgeCheck.workshop_id == workshop.id, KnowledgeCheck.moment == BEFORE)).scalars())
    people = db.session.execute(select(Participant).where(Participant.workshop_id == workshop.id,
                                                          Participant.email.is_not(None),
                                                          Participant.role.in_(LEARNERS))
                                .order_by(Participant.id)).scalars().all()
    sent = 0
    for person in people:
        if person.id in asked:
            continue
        token = secrets.token_urlsafe(24)
        db.session.add(KnowledgeCheck(workshop_id=workshop.id, participant_id=person.id, moment=BEFORE,
                                      token_hash=_hash(token), sent_at=utcnow()))
        url = current_app.config["ROCB_BASE_URL"].rstrip("/") + "/knowledge/" + token
        first = workshop.first_day
        queue_message(person.email, f"Before {workshop.title}: a short knowledge check", "knowledge_before",
                      {"name": person.name, "workshop": workshop, "url": url,
                       "until": f"{first.day} {first:%B %Y}"})
        sent += 1
    audit.record("knowledge check sent", workshop, {"participants": sent})
    return sent


def before_check_of(token: str) -> KnowledgeCheck:
    check = db.session.execute(select(KnowledgeCheck).where(KnowledgeCheck.token_hash == _hash(token))
                               ).scalar_one_or_none()
    if check is None:
        raise LinkRefused("This knowledge check link is not known.")
    if check.answered_at is not None:
        raise LinkRefused(USED)
    if not _open_before(db.session.get(Workshop, check.workshop_id)):
        raise LinkRefused("The knowledge check before the workshop is closed: the workshop has begun. You will "
                          "find the same questions in the evaluation after it.")
    return check


def picked_of(questions: list[KnowledgeQuestion], data: dict) -> list[int]:
    """The choice picked for each question (fields k0, k1, ...), or ServiceError at the first field without one."""
    picked = []
    for i, q in enumerate(questions):
        text = str(data.get(f"k{i}") or "")
        if not (text.isascii() and text.isdigit() and int(text) < len(q.choice_list)):
            raise ServiceError({f"k{i}": "Choose an answer."})
        picked.append(int(text))
    return picked


def answer_before(token: str, data: dict) -> KnowledgeCheck:
    check = before_check_of(token)
    questions = questions_of(check.workshop_id)
    picked = picked_of(questions, data)
    claimed = db.session.execute(
        update(KnowledgeCheck).where(KnowledgeCheck.id == check.id, KnowledgeCheck.answered_at.is_(None))
        .values(answered_at=utcnow(), choices=picked, score=knowledge.score(as_questions(questions), picked),
                out_of=len(questions)).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        raise LinkRefused(USED)
    audit.record("knowledge check answered", check, {"moment": BEFORE}, actor="participant")
    return check


def record_after(request: EvaluationRequest, questions: list[KnowledgeQuestion], picked: list[int]) -> None:
    """The "after" check, answered with the evaluation (its link is the evaluation's)."""
    if not questions:
        return
    db.session.add(KnowledgeCheck(workshop_id=request.workshop_id, participant_id=request.participant_id,
                                  moment=AFTER, answered_at=utcnow(), choices=picked, out_of=len(questions),
                                  score=knowledge.score(as_questions(questions), picked)))


def comparison(workshop: Workshop) -> knowledge.Comparison | None:
    """Two queries whatever the number of participants; None without questions."""
    questions = questions_of(workshop.id)
    if not questions:
        return None
    rows = db.session.execute(select(KnowledgeCheck.moment, KnowledgeCheck.choices).where(
        KnowledgeCheck.workshop_id == workshop.id, KnowledgeCheck.answered_at.is_not(None))).all()
    return knowledge.compare(as_questions(questions), [(moment, list(choices or [])) for moment, choices in rows])
