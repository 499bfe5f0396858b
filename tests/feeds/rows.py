"""Workshop rows for the feed tests, written straight to the database (no dependency on the workshops forms)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from rocb.extensions import db, utcnow
from rocb.registry.models import Administration, RegionalEntity
from rocb.workshops.models import Participant, Session, Workshop

JOIN = "https://zoom.example/j/987654?pwd=s3cret"


def add_workshop(title="Regional workshop on AEO", zone="Europe/Brussels", sessions=(), **fields) -> Workshop:
    """sessions: (local_start, local_end) naive wall-clock pairs in `zone`, or a date for a whole day."""
    values = dict(title=title, kind="regional workshop", mode="online", status="confirmed", is_public=True,
                  reference_zone=zone, join_link=JOIN, platform="Zoom")
    values.update(fields)
    workshop = Workshop(**values)
    db.session.add(workshop)
    for item in sessions:
        add_session(workshop, item, zone)
    db.session.commit()
    return workshop


def add_session(workshop, item, zone=None, **fields) -> Session:
    zone = zone or workshop.reference_zone
    tz = ZoneInfo(zone)
    if isinstance(item, tuple):
        local_start, local_end = item
        all_day = False
    else:  # a date: a whole day
        local_start = datetime(item.year, item.month, item.day)
        local_end = local_start + timedelta(days=1)
        all_day = True
    session = Session(workshop=workshop, all_day=all_day, zone=zone, local_start=local_start, local_end=local_end,
                      start_utc=local_start.replace(tzinfo=tz), end_utc=local_end.replace(tzinfo=tz), **fields)
    db.session.add(session)
    return session


def add_participant(workshop, name, email, code=None, role="formal participant") -> Participant:
    admin = None
    if code:
        admin = db.session.execute(db.select(Administration).where(Administration.code == code)).scalar_one()
    participant = Participant(workshop=workshop, name=name, email=email, role=role,
                              administration_id=admin.id if admin else None)
    db.session.add(participant)
    db.session.commit()
    return participant


def administration(code) -> Administration:
    return db.session.execute(db.select(Administration).where(Administration.code == code)).scalar_one()


def first_entity() -> RegionalEntity:
    return db.session.execute(db.select(RegionalEntity).order_by(RegionalEntity.id)).scalars().first()


def in_days(days: int, hour: int = 10) -> datetime:
    """A naive wall-clock time `days` from today at `hour`:00."""
    today = utcnow().date() + timedelta(days=days)
    return datetime(today.year, today.month, today.day, hour)
