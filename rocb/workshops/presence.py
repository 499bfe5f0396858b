"""Attendance per session: staff tick it, or an attendance report (Zoom, Webex, Teams) is matched and saved.

Each use case checks first, writes, audits; the caller commits. A participant's `attended` follows their sessions:
true when they attended at least one.
"""

from sqlalchemy import delete, exists, insert, select, update

from rocb import audit
from rocb.extensions import db, utcnow
from rocb.services import ServiceError
from rocb.workshops.models import Participant, Session, SessionAttendance, Workshop
from rocb.workshops.rates import Rates, attendance_rates
from rocb.workshops.services import refuse_if_cancelled


def countable_sessions(workshop: Workshop, now=None) -> list[Session]:
    """Sessions attendance can be kept for: not cancelled and already started."""
    now = now or utcnow()
    return [s for s in workshop.sessions if not s.cancelled and s.start_utc <= now]


def _sync_attended(workshop: Workshop) -> None:
    session_ids = select(Session.id).where(Session.workshop_id == workshop.id)
    present = exists().where(SessionAttendance.participant_id == Participant.id,
                             SessionAttendance.session_id.in_(session_ids))
    db.session.execute(update(Participant).where(Participant.workshop_id == workshop.id)
                       .values(attended=present), execution_options={"synchronize_session": False})
    db.session.expire(workshop, ["participants"])


def present_pairs(workshop: Workshop) -> set[tuple[int, int]]:
    return set(db.session.execute(
        select(SessionAttendance.participant_id, SessionAttendance.session_id)
        .join(Session, Session.id == SessionAttendance.session_id).where(Session.workshop_id == workshop.id)).all())


def record_ticks(workshop: Workshop, ticked: set[tuple[int, int]]) -> int:
    """The whole grid as staff ticked it: (participant id, session id) pairs; returns how many changed."""
    refuse_if_cancelled(workshop, "recording attendance")
    sessions = {s.id for s in countable_sessions(workshop)}
    people = set(db.session.execute(select(Participant.id).where(Participant.workshop_id == workshop.id)).scalars())
    bad = [(p, s) for p, s in ticked if p not in people or s not in sessions]
    if bad:
        raise ServiceError("Attendance can be ticked only for this workshop's participants and for sessions that "
                           "have started and were not cancelled. Nothing was saved.")
    before = present_pairs(workshop)
    added, removed = ticked - before, {(p, s) for p, s in before - ticked if s in sessions}
    for p, s in removed:
        db.session.execute(delete(SessionAttendance).where(SessionAttendance.participant_id == p,
                                                           SessionAttendance.session_id == s))
    if added:
        now = utcnow()
        db.session.execute(insert(SessionAttendance.__table__), [
            {"participant_id": p, "session_id": s, "source": "ticked", "recorded_at": now} for p, s in added])
    _sync_attended(workshop)
    audit.record("attendance", workshop, {"added": len(added), "removed": len(removed)})
    return len(added) + len(removed)


def record_report(session: Session, minutes_by_participant: dict[int, int | None], source: str) -> int:
    """Save a matched attendance report of one session: every participant in it attended (others untouched)."""
    workshop = session.workshop
    refuse_if_cancelled(workshop, "recording attendance")
    if session not in countable_sessions(workshop):
        raise ServiceError("This session has not started or was cancelled: it has no attendance yet.")
    people = set(db.session.execute(select(Participant.id).where(Participant.workshop_id == workshop.id)).scalars())
    if not set(minutes_by_participant) <= people:
        raise ServiceError("The report names someone who is not a participant of this workshop. Nothing was saved.")
    existing = set(db.session.execute(select(SessionAttendance.participant_id)
                                      .where(SessionAttendance.session_id == session.id)).scalars())
    now = utcnow()
    for pid, minutes in minutes_by_participant.items():
        if pid in existing:
            db.session.execute(update(SessionAttendance).where(SessionAttendance.session_id == session.id,
                                                               SessionAttendance.participant_id == pid)
                               .values(minutes=minutes, source=source[:40]))
        else:
            db.session.add(SessionAttendance(session_id=session.id, participant_id=pid, minutes=minutes,
                                             source=source[:40], recorded_at=now))
    db.session.flush()
    _sync_attended(workshop)
    audit.record("attendance import", session, {"file": source, "attendees": len(minutes_by_participant)})
    return len(minutes_by_participant)


def rates_of(workshop: Workshop) -> Rates | None:
    """Attendance rates of the workshop, or None when no attendance is kept per session."""
    present = present_pairs(workshop)
    if not present:
        return None
    participants = db.session.execute(select(Participant.id, Participant.administration_id)
                                      .where(Participant.workshop_id == workshop.id)).all()
    return attendance_rates([s.id for s in countable_sessions(workshop)], participants, present)


def rates_for(workshops) -> dict[int, Rates]:
    """Rates of many workshops (those with attendance kept per session) in two queries; sessions must be loaded."""
    by_id = {w.id: w for w in workshops}
    if not by_id:
        return {}
    pairs: dict[int, set] = {}
    for wid, pid, sid in db.session.execute(
            select(Session.workshop_id, SessionAttendance.participant_id, SessionAttendance.session_id)
            .join(Session, Session.id == SessionAttendance.session_id).where(Session.workshop_id.in_(by_id))):
        pairs.setdefault(wid, set()).add((pid, sid))
    if not pairs:
        return {}
    people: dict[int, list] = {}
    for wid, pid, admin_id in db.session.execute(
            select(Participant.workshop_id, Participant.id, Participant.administration_id)
            .where(Participant.workshop_id.in_(pairs))):
        people.setdefault(wid, []).append((pid, admin_id))
    return {wid: attendance_rates([s.id for s in countable_sessions(by_id[wid])], people.get(wid, []), present)
            for wid, present in pairs.items()}


def rate_sentence(rates: Rates, codes: dict[int, str]) -> str:
    """'83% of session places attended (FJ 100%, TH 67%)'."""
    parts = [f"{codes[a]} {r.percent}%" for a, r in sorted(rates.by_administration.items(), key=lambda x: codes[x[0]])
             if r.possible and a in codes]
    return f"{rates.overall.percent}% of session places attended" + (f" ({', '.join(parts)})" if parts else "")
