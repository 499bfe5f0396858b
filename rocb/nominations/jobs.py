"""The nomination cycle's periodic job: remind administrations without a reply N days before the deadline."""

from datetime import timedelta

from sqlalchemy import select

from rocb import jobs
from rocb.extensions import db, utcnow
from rocb.nominations import services
from rocb.nominations.models import Call
from rocb.services import ServiceError


def due_reminders(now=None) -> list[Call]:
    """Open calls whose automatic reminder is due (deadline minus N days reached) and not yet sent."""
    now = now or utcnow()
    calls = db.session.execute(select(Call).where(Call.deadline_utc > now, Call.remind_days_before.is_not(None),
                                                  Call.auto_reminder_sent_at.is_(None))).scalars()
    return [c for c in calls if now >= c.deadline_utc - timedelta(days=c.remind_days_before)]


def send_due_reminders(now=None) -> int:
    """A sweep, safe to run twice: a call is reminded once (auto_reminder_sent_at), in its own commit."""
    sent = 0
    for call in due_reminders(now):
        try:
            services.remind(call, automatic=True)
        except ServiceError:
            db.session.rollback()
            continue
        db.session.commit()
        sent += 1
    return sent


@jobs.periodic(jobs.crontab(minute="7"))
def remind_before_deadlines():
    return send_due_reminders()
