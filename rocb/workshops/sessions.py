"""Use cases of sessions: add one or a series, change, remove, and recompute instants after a tzdata upgrade.

Each checks everything first, writes, audits; the caller commits. Re-exported by services.py.
"""

from datetime import datetime, timedelta

from sqlalchemy import select

from rocb import audit
from rocb.extensions import db, utcnow
from rocb.scheduling.zones import PlannerError, check_zone
from rocb.services import ServiceError
from rocb.workshops.models import Session, Workshop
from rocb.workshops.services import _announce, bump, refuse_if_cancelled
from rocb.workshops.times import SessionTimeError, recompute, timed_session, whole_day_session


def sync_days(workshop: Workshop) -> None:
    """Keep first_day/last_day (local days in the sessions' zones) in step with the sessions that go ahead."""
    sessions = [s for s in workshop.sessions if not s.cancelled] or list(workshop.sessions)
    if not sessions:
        workshop.first_day = workshop.last_day = None
        return
    workshop.first_day = min(s.local_start.date() for s in sessions)
    # Ends are exclusive: a whole day ends at the next midnight, which is not one of its days.
    workshop.last_day = max((s.local_end - timedelta(microseconds=1)).date() for s in sessions)


def _session_times(data: dict, zone: str):
    today = utcnow().date()
    try:
        if data.get("all_day"):
            if not data.get("day"):
                raise SessionTimeError("day", "Give the day of a whole-day session.")
            return whole_day_session(data["day"], zone, today)
        if not data.get("local_start") or not data.get("local_end"):
            raise SessionTimeError("local_start", "Give the local start and end of a timed session "
                                                  "(or tick whole day).")
        return timed_session(data["local_start"], data["local_end"], zone, today)
    except SessionTimeError as error:
        raise ServiceError({error.field: error.message}) from error


def _session_zone(data: dict, workshop: Workshop) -> str:
    try:
        # A whole day of a date-only record is anchored at UTC, for sorting only.
        return check_zone(data.get("zone") or workshop.reference_zone or ("UTC" if data.get("all_day") else ""))
    except PlannerError as error:
        raise ServiceError({"zone": str(error).capitalize()}) from error


def add_session(workshop: Workshop, data: dict) -> Session:
    """data: all_day, day (date) or local_start/local_end (naive datetimes), optional zone and title."""
    refuse_if_cancelled(workshop, "adding a session")
    zone = _session_zone(data, workshop)
    times = _session_times(data, zone)
    session = Session(workshop=workshop, title=data.get("title") or None, all_day=bool(data.get("all_day")),
                      zone=zone, local_start=times.local_start, local_end=times.local_end,
                      start_utc=times.start_utc, end_utc=times.end_utc)
    db.session.add(session)
    sync_days(workshop)
    audit.record("create", session, {"workshop_id": workshop.id, "local_start": times.local_start,
                                     "local_end": times.local_end, "zone": zone})
    _announce(workshop)
    return session


def add_series(workshop: Workshop, data: dict) -> list[Session]:
    """One session a day from first_day for `days` days (Saturdays and Sundays skipped if asked), start-end local
    time in `zone`; all or nothing (the caller rolls back on a refusal)."""
    day, added = data["first_day"], []
    while len(added) < data["days"]:
        if not (data.get("working_days_only") and day.weekday() >= 5):
            title = f"{data['title']} {len(added) + 1}" if data.get("title") else None
            added.append(add_session(workshop, {
                "title": title, "zone": data.get("zone"), "local_start": datetime.combine(day, data["start"]),
                "local_end": datetime.combine(day, data["end"])}))
        day += timedelta(days=1)
    return added


def update_session(session: Session, data: dict, announce: bool = True) -> Session:
    """announce=False: the caller sends schedule_changed once for several sessions (the sessions table)."""
    workshop = session.workshop
    refuse_if_cancelled(workshop, "changing a session")
    zone = _session_zone(data, workshop)
    times = _session_times(data, zone)
    before = (session.local_start, session.local_end, session.zone, session.all_day)
    session.title = data.get("title") or None
    session.all_day, session.zone = bool(data.get("all_day")), zone
    session.local_start, session.local_end = times.local_start, times.local_end
    session.start_utc, session.end_utc = times.start_utc, times.end_utc
    after = (session.local_start, session.local_end, session.zone, session.all_day)
    if before != after:
        bump(session)
    sync_days(workshop)
    audit.record("update", session, {"time": [before, after]} if before != after else None)
    if before != after and announce:
        _announce(workshop)
    return session


def remove_session(session: Session, announce: bool = True) -> None:
    workshop = session.workshop
    audit.record("delete", session, {"local_start": session.local_start, "zone": session.zone})
    if announce:
        _announce(workshop, removed=[session])
    workshop.sessions.remove(session)
    db.session.delete(session)
    sync_days(workshop)


def refresh_instants() -> list[tuple[Session, datetime, datetime]]:
    """Recompute every timed session's instants from its local times under the current tzdata. Returns the sessions
    that moved, with their old start and end; each moved one gets a new SEQUENCE."""
    moved = []
    for session in db.session.execute(select(Session).order_by(Session.id)).scalars():
        start, end = recompute(session.local_start, session.local_end, session.zone)
        if (start, end) != (session.start_utc, session.end_utc):
            moved.append((session, session.start_utc, session.end_utc))
            session.start_utc, session.end_utc = start, end
            bump(session)
            audit.record("tz-refresh", session, {"start_utc": [moved[-1][1], start]}, actor="tz-refresh")
    return moved
