"""Use cases of the follow-up: open the follow-ups of a held workshop (one per administration whose officers
attended) and mail the focal points, remind, answer, and read them.

Each write checks first, writes, audits; the caller commits. Mails go through the outbox in the same transaction.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, union, update
from sqlalchemy.orm import selectinload

from rocb import audit
from rocb.auth.models import User
from rocb.auth.services import focal_points_of
from rocb.extensions import db, utcnow
from rocb.followups.models import APPLIED_VALUES, LEARNING_ROLES, FollowUp
from rocb.mail.services import queue_message
from rocb.registry.models import Administration
from rocb.services import ServiceError
from rocb.workshops.models import Headcount, Participant, Workshop

DEFAULT_AFTER_DAYS = 182  # about six months after the workshop's last day
# The job sends a follow-up only within this many days after it fell due: records of workshops held long ago (the
# history typed in, a worker down for months) do not flood the focal points; staff send those from the workshop.
DEFAULT_GRACE_DAYS = 60
REMIND_AGAIN_AFTER = timedelta(hours=24)
HELD = "held"


def after_days() -> int:
    return int(current_app.config.get("FOLLOWUP_AFTER_DAYS") or DEFAULT_AFTER_DAYS)


def grace_days() -> int:
    return int(current_app.config.get("FOLLOWUP_GRACE_DAYS") or DEFAULT_GRACE_DAYS)


class FollowUpConflict(ServiceError):
    """Someone saved this follow-up after this person opened it; nothing was written."""

    def __init__(self, current: FollowUp):
        self.current_version = current.version
        super().__init__(f"{current.answered_by or 'Someone'} saved this follow-up after you opened it: their "
                         "answer is shown above. Nothing of yours was saved yet: save again to replace it with yours.")


# ---------------------------------------------------------------- who is followed up, and when


def end_of(workshop: Workshop) -> date | None:
    return workshop.last_day or workshop.first_day


def due_on(workshop: Workshop) -> date | None:
    end = end_of(workshop)
    return end + timedelta(days=after_days()) if end else None


def due_workshops(today: date) -> list[Workshop]:
    """Held workshops whose follow-up fell due within the grace days up to today."""
    end = func.coalesce(Workshop.last_day, Workshop.first_day)
    latest = today - timedelta(days=after_days())
    return db.session.execute(select(Workshop).where(
        Workshop.status == HELD, end <= latest, end >= latest - timedelta(days=grace_days()))
        .order_by(Workshop.id)).scalars().all()


def attending_administrations(workshop_id: int) -> list[Administration]:
    """Administrations whose officers attended (a named participant who attended, or a headcount of them), as
    formal participants or observers."""
    named = (select(Participant.administration_id.label("id"))
             .where(Participant.workshop_id == workshop_id, Participant.attended.is_(True),
                    Participant.role.in_(LEARNING_ROLES), Participant.administration_id.is_not(None)))
    counted = (select(Headcount.administration_id.label("id"))
               .where(Headcount.workshop_id == workshop_id, Headcount.count > 0, Headcount.role.in_(LEARNING_ROLES),
                      Headcount.administration_id.is_not(None)))
    ids = union(named, counted).subquery()
    return db.session.execute(select(Administration).where(Administration.id.in_(select(ids.c.id)))
                              .order_by(Administration.code)).scalars().all()


def _officers(workshop_id: int, administration_id: int) -> list[str]:
    return list(db.session.execute(select(Participant.name).where(
        Participant.workshop_id == workshop_id, Participant.administration_id == administration_id,
        Participant.attended.is_(True), Participant.role.in_(LEARNING_ROLES)).order_by(Participant.name)).scalars())


def link_of(followup: FollowUp) -> str:
    return f"{current_app.config['ROCB_BASE_URL'].rstrip('/')}/followups/{followup.id}"


def _mail(followup: FollowUp, people: list[User], reminder: bool = False) -> int:
    workshop, administration = followup.workshop, followup.administration
    subject = (("Reminder: " if reminder else "")
               + f"Follow-up: has {administration.name} applied {workshop.title}?")
    officers = _officers(workshop.id, administration.id)
    for user in people:
        queue_message(user.email, subject, "followups/request",
                      {"recipient": user, "workshop": workshop, "administration": administration,
                       "officers": officers, "url": link_of(followup), "reminder": reminder},
                      zone=user.display_zone or administration.timezone)
    return len(people)


def open_followups(workshop: Workshop, due: date | None = None, by_staff: bool = False) -> list[FollowUp]:
    """A follow-up for each administration whose officers attended and has none yet, mailed to its focal points.
    Safe to call again: the administrations followed up already are left alone."""
    if workshop.status != HELD:
        raise ServiceError("A follow-up goes out once the workshop is recorded as held.")
    administrations = attending_administrations(workshop.id)
    if not administrations:
        raise ServiceError("No administration's officers attended this workshop (as formal participants or "
                           "observers): there is nobody to follow up.")
    done = set(db.session.execute(select(FollowUp.administration_id)
                                  .where(FollowUp.workshop_id == workshop.id)).scalars())
    new = [a for a in administrations if a.id not in done]
    people = focal_points_of([a.id for a in new])
    created = []
    for administration in new:
        followup = FollowUp(workshop=workshop, administration=administration, due_on=due or utcnow().date(),
                            sent_at=utcnow())
        db.session.add(followup)
        db.session.flush()  # its id is in the link
        followup.mailed_to = _mail(followup, people.get(administration.id, []))
        created.append(followup)
    if created:
        audit.record("follow-up sent", workshop, {"administrations": [f.administration.code for f in created],
                                                  "by": "staff" if by_staff else "schedule"})
    return created


@dataclass(frozen=True)
class Reminded:
    sent: int  # follow-ups reminded now
    waiting: int  # reminded within the last day, not again
    last_at: datetime | None


def remind(workshop: Workshop) -> Reminded:
    """Mail again the focal points of each administration that has not answered, at most once a day each."""
    now = utcnow()
    open_ones = db.session.execute(
        select(FollowUp).where(FollowUp.workshop_id == workshop.id, FollowUp.applied.is_(None))
        .options(selectinload(FollowUp.administration)).with_for_update(of=FollowUp)).scalars().all()
    recent = [f.reminded_at for f in open_ones if f.reminded_at and f.reminded_at > now - REMIND_AGAIN_AFTER]
    due = [f for f in open_ones if not (f.reminded_at and f.reminded_at > now - REMIND_AGAIN_AFTER)]
    people = focal_points_of([f.administration_id for f in due])
    for followup in due:
        _mail(followup, people.get(followup.administration_id, []), reminder=True)
        followup.reminded_at = now
    if due:
        audit.record("follow-up reminded", workshop, {"administrations": [f.administration.code for f in due]})
    return Reminded(len(due), len(recent), max(recent, default=None))


# ---------------------------------------------------------------- answers


def save_answer(followup: FollowUp, data: dict, expected_version, actor: str) -> FollowUp:
    """The administration's answer (first or an edit). expected_version: the version the person opened; a save
    by someone else since then is a FollowUpConflict and nothing is written."""
    applied = data.get("applied")
    if applied not in APPLIED_VALUES:
        raise ServiceError({"applied": "Choose not yet, partly or fully."})
    values = {"applied": applied, "what_changed": (data.get("what_changed") or "").strip() or None,
              "support_needed": (data.get("support_needed") or "").strip() or None}
    if expected_version is None or expected_version != followup.version:
        raise FollowUpConflict(followup)
    changes = audit.changes_of(values, followup, list(values))
    if not changes:
        return followup  # the same answer saved again
    # Two saves at once from the same version: one UPDATE matches, the other finds the version moved on.
    saved = db.session.execute(
        update(FollowUp).where(FollowUp.id == followup.id, FollowUp.version == expected_version)
        .values(**values, answered_at=utcnow(), answered_by=actor, version=expected_version + 1)
        .execution_options(synchronize_session=False))
    if saved.rowcount != 1:
        db.session.refresh(followup)
        raise FollowUpConflict(followup)
    db.session.refresh(followup)
    audit.record("follow-up answered", followup, changes)
    return followup


# ---------------------------------------------------------------- reading


def visible(followup_id: int, administration_id: int | None, staff: bool) -> FollowUp | None:
    """The follow-up if this person may see it: staff any, a focal point their administration's only."""
    query = (select(FollowUp).where(FollowUp.id == followup_id)
             .options(selectinload(FollowUp.workshop), selectinload(FollowUp.administration)))
    if not staff:
        if administration_id is None:
            return None
        query = query.where(FollowUp.administration_id == administration_id)
    return db.session.execute(query).scalar_one_or_none()


def listing(administration_id: int | None):
    """Follow-ups of an administration (None: all, for staff): open ones first, then the latest answered."""
    query = (select(FollowUp).options(selectinload(FollowUp.workshop), selectinload(FollowUp.administration))
             .order_by(FollowUp.applied.is_not(None), FollowUp.sent_at.desc(), FollowUp.id.desc()))
    if administration_id is not None:
        query = query.where(FollowUp.administration_id == administration_id)
    return query


def of_workshop(workshop: Workshop) -> list[FollowUp]:
    return db.session.execute(select(FollowUp).where(FollowUp.workshop_id == workshop.id)
                              .options(selectinload(FollowUp.administration))
                              .join(Administration, Administration.id == FollowUp.administration_id)
                              .order_by(Administration.code)).scalars().all()


@dataclass(frozen=True)
class SurveyPanel:
    """What the needs survey shows a focal point: their administration's answers, latest first, and how many
    follow-ups still wait for an answer."""

    answered: list[FollowUp]
    waiting: int


PANEL_LIMIT = 12


def survey_panel(administration_id: int | None) -> SurveyPanel:
    if administration_id is None:
        return SurveyPanel([], 0)
    answered = db.session.execute(
        select(FollowUp).where(FollowUp.administration_id == administration_id, FollowUp.applied.is_not(None))
        .options(selectinload(FollowUp.workshop).selectinload(Workshop.topics))
        .order_by(FollowUp.answered_at.desc(), FollowUp.id.desc()).limit(PANEL_LIMIT)).scalars().all()
    waiting = db.session.execute(select(func.count()).select_from(FollowUp).where(
        FollowUp.administration_id == administration_id, FollowUp.applied.is_(None))).scalar_one()
    return SurveyPanel(answered, waiting)
