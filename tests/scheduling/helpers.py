"""Rows the scheduling page tests build on the seeded administrations (no dependency on workshop factories)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from rocb.extensions import db
from rocb.registry.models import Administration
from rocb.workshops.models import Headcount, Participant, Session, Workshop
from rocb.workshops.times import timed_session

# The invited administrations of the Data Analytics workshop of newsletter No.72.
DATA_ANALYTICS_INVITED = ["ID", "JP", "CN", "KR", "HK", "AU"]


def admins(*codes):
    query = select(Administration).where(Administration.code.in_(codes))
    rows = {a.code: a for a in db.session.execute(query).scalars()}
    return [rows[c] for c in codes]


def timed(workshop, day, start: time, minutes: int, zone=None, title=None) -> Session:
    zone = zone or workshop.reference_zone
    local = datetime.combine(day, start)
    t = timed_session(local, local + timedelta(minutes=minutes), zone, day)
    session = Session(workshop=workshop, title=title, all_day=False, zone=zone, local_start=t.local_start,
                      local_end=t.local_end, start_utc=t.start_utc, end_utc=t.end_utc)
    db.session.add(session)
    return session


def make_workshop(title="WCO Regional Virtual Workshop on Data Analytics for AP", invited=DATA_ANALYTICS_INVITED,
                  zone="Asia/Bangkok", is_public=True, status="held", days=(), start=time(9), minutes=120):
    workshop = Workshop(title=title, kind="regional workshop", mode="online", status=status, is_public=is_public,
                        reference_zone=zone, invited_administrations=admins(*invited))
    db.session.add(workshop)
    for day in days:
        timed(workshop, day, start, minutes)
    if days:
        workshop.first_day, workshop.last_day = min(days), max(days)
    db.session.commit()
    return workshop


def add_participant(workshop, code, name="A. Officer", email=None):
    db.session.add(Participant(workshop=workshop, name=name, email=email, role="formal participant",
                               administration=admins(code)[0]))
    db.session.commit()


def add_headcount(workshop, code, count):
    db.session.add(Headcount(workshop=workshop, role="formal participant", count=count,
                             administration=admins(code)[0]))
    db.session.commit()


def local(instant: datetime, zone: str) -> datetime:
    return instant.astimezone(ZoneInfo(zone))
