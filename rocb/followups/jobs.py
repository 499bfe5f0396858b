"""The follow-up's periodic job: open the follow-ups that fell due (FOLLOWUP_AFTER_DAYS after a held workshop's last
day) and mail the focal points. A sweep, safe to run twice: one follow-up per workshop and administration."""

from datetime import date

from rocb import jobs
from rocb.extensions import db, utcnow
from rocb.followups import services
from rocb.services import ServiceError


def send_due_followups(today: date | None = None) -> int:
    """Follow-ups opened now, each workshop in its own commit."""
    today = today or utcnow().date()
    opened = 0
    for workshop in services.due_workshops(today):
        try:
            created = services.open_followups(workshop, due=services.due_on(workshop))
        except ServiceError:  # nobody from an administration attended: nothing to follow up
            db.session.rollback()
            continue
        db.session.commit()
        opened += len(created)
    return opened


@jobs.periodic(jobs.crontab(minute="17", hour="1"))
def send_followups():
    return send_due_followups()
