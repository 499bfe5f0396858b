"""Demo follow-ups for the demo data set (`flask demo-data`): for each held workshop whose follow-up fell due before
the data set's today, one per administration whose officers attended, most of them answered (not yet, partly,
fully) with a line of what changed, so the analytics' "applied" measure has content. The real seed has none."""

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, insert, select, union_all

from rocb.extensions import db
from rocb.followups.models import LEARNING_ROLES, FollowUp
from rocb.followups.services import DEFAULT_AFTER_DAYS
from rocb.workshops.demo import FIXED_TODAY
from rocb.workshops.models import Headcount, Participant, Workshop

# The share of follow-ups answered, and how the answers fall (not yet, partly, fully).
ANSWERED = 0.75
APPLIED_WEIGHTS = (("not yet", 20), ("partly", 45), ("fully", 35))
CHANGES = (
    "A checklist from the workshop is now used in the risk unit.",
    "Two officers trained their colleagues at the regional office.",
    "The procedure was revised and is waiting for the Director-General's approval.",
    "The new selection criteria are being tested at the main port.",
    "The training material was translated and added to the national curriculum.",
)
SUPPORT = (
    "A national workshop to reach the officers at the border posts.",
    "An expert mission to review the first results.",
    "",
    "Access to the WCO e-learning modules on the topic.",
)


def _attending() -> dict[int, set[int]]:
    """Administrations whose officers attended each held workshop (named and counted, formal or observing)."""
    named = select(Participant.workshop_id, Participant.administration_id).where(
        Participant.attended.is_(True), Participant.role.in_(LEARNING_ROLES),
        Participant.administration_id.is_not(None))
    counted = select(Headcount.workshop_id, Headcount.administration_id).where(
        Headcount.count > 0, Headcount.role.in_(LEARNING_ROLES), Headcount.administration_id.is_not(None))
    out: dict[int, set[int]] = {}
    for workshop_id, administration_id in db.session.execute(union_all(named, counted)):
        out.setdefault(workshop_id, set()).add(administration_id)
    return out


def generate(years: int, rng, today=None) -> dict:
    today = today or FIXED_TODAY
    latest = today - timedelta(days=DEFAULT_AFTER_DAYS)
    end = func.coalesce(Workshop.last_day, Workshop.first_day)
    held = db.session.execute(select(Workshop.id, end).where(Workshop.status == "held", end <= latest)
                              .order_by(Workshop.id)).all()
    attending = _attending()
    values, weights = zip(*APPLIED_WEIGHTS, strict=True)
    rows = []
    for workshop_id, last_day in held:
        due = last_day + timedelta(days=DEFAULT_AFTER_DAYS)
        sent = datetime.combine(due, time(1, 17), tzinfo=UTC)  # the daily job's hour
        for administration_id in sorted(attending.get(workshop_id, ())):
            row = {"workshop_id": workshop_id, "administration_id": administration_id, "due_on": due,
                   "sent_at": sent, "mailed_to": 1, "version": 0}
            if rng.random() < ANSWERED:
                applied = rng.choices(values, weights)[0]
                row.update(applied=applied, version=1, answered_at=sent + timedelta(days=rng.randrange(3, 40)),
                           answered_by="demo.focal@example.org",
                           what_changed=None if applied == "not yet" else rng.choice(CHANGES),
                           support_needed=rng.choice(SUPPORT) or None)
            rows.append(row)
    if rows:
        db.session.execute(insert(FollowUp), rows)
    return {"follow-ups": len(rows), "answered": sum(1 for r in rows if "applied" in r)}
