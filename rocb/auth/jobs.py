"""Periodic cleanup of account links: used, revoked or expired links are deleted after 30 days."""

from datetime import timedelta

from sqlalchemy import delete, or_

from rocb import jobs
from rocb.auth.models import AccountToken
from rocb.extensions import db, utcnow

KEEP = timedelta(days=30)


@jobs.periodic(jobs.crontab(minute="17", hour="3"))
def purge_account_links():
    cutoff = utcnow() - KEEP
    result = db.session.execute(delete(AccountToken).where(or_(
        AccountToken.expires_at < cutoff, AccountToken.used_at < cutoff, AccountToken.revoked_at < cutoff)))
    db.session.commit()
    return result.rowcount
