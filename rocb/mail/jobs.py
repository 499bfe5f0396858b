"""The mail worker's jobs: deliver the outbox when a message is committed, and sweep it every minute (retries)."""

from rocb import jobs
from rocb.mail.delivery import deliver_due


@jobs.task()
def deliver_outbox():
    report = deliver_due()
    return {"sent": report.sent, "deferred": report.deferred, "failed": report.failed}


@jobs.periodic(jobs.crontab(minute="*"))
def sweep_outbox():
    """Retries whose wait is over, and messages queued while the queue itself was unreachable."""
    deliver_due()
