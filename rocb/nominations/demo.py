"""Demo data of the nomination cycle: a call on every workshop after the data set's today (its deadline ten days
before the first session, so most are open on that day) with nominations in every state (confirmed ones are the
roster's participants), and attendance per session for workshops held since 2020 (the online years, when Zoom
reports exist). Bulk inserts; deterministic for a given today."""

import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select

from rocb.extensions import db
from rocb.nominations.models import Call, CallAdministration, Nomination
from rocb.registry.models import Administration
from rocb.workshops.demo import FIXED_TODAY
from rocb.workshops.demo_words import person
from rocb.workshops.models import Participant, Session, SessionAttendance, Workshop, workshop_invited
from rocb.workshops.times import instant

OTHER_STATES = ("nominated", "nominated", "waitlisted", "declined", "withdrawn")
ATTENDANCE_FROM = 2020


def generate(years: int, rng, today: date = FIXED_TODAY) -> dict:
    created = datetime.combine(today - timedelta(days=30), time(9, 0), tzinfo=UTC)  # calls opened a month ago
    calls, invitations, nominations = _calls(rng, created, today)
    attendance = _attendance(rng, created)
    return {"calls": calls, "invited administrations": invitations, "nominations": nominations,
            "session attendances": attendance}


def _calls(rng, created, today):
    future = db.session.execute(select(Workshop.id, Workshop.first_day, Workshop.reference_zone)
                                .where(Workshop.first_day > today, Workshop.status.in_(("planned", "confirmed")))
                                .order_by(Workshop.id)).all()
    ids = [w for w, _, _ in future]
    invited = defaultdict(list)
    for wid, admin_id in db.session.execute(select(workshop_invited.c.workshop_id, workshop_invited.c.administration_id)
                                            .where(workshop_invited.c.workshop_id.in_(ids))
                                            .order_by(workshop_invited.c.workshop_id,
                                                      workshop_invited.c.administration_id)):
        invited[wid].append(admin_id)
    roster = defaultdict(list)
    for p in db.session.execute(select(Participant.id, Participant.workshop_id, Participant.administration_id,
                                       Participant.name, Participant.email, Participant.role, Participant.gender)
                                .where(Participant.workshop_id.in_(ids)).order_by(Participant.id)):
        roster[(p.workshop_id, p.administration_id)].append(p)
    codes = dict(db.session.execute(select(Administration.id, Administration.code)).all())
    call_rows, invitation_rows, nomination_rows = [], [], []
    call_id = (db.session.execute(select(db.func.max(Call.id))).scalar() or 0) + 1
    for wid, first_day, zone in future:
        local = datetime.combine(first_day - timedelta(days=10), time(17, 0))
        quota = rng.choice((2, 2, 3, 4))
        call_rows.append({"id": call_id, "workshop_id": wid, "default_quota": quota,
                          "roles_wanted": "formal participant; observer", "deadline_local": local,
                          "deadline_zone": zone, "deadline_utc": instant(local, zone, strict=False),
                          "message": "ROCB A/P invites your administration to nominate officers.",
                          "remind_days_before": 3, "opened_at": created, "created_at": created})
        for admin_id in invited[wid]:
            override = quota + 1 if rng.random() < 0.1 else None
            invitation_rows.append({"call_id": call_id, "administration_id": admin_id, "quota_override": override})
            if rng.random() < 0.2:
                continue  # no reply yet
            for p in roster[(wid, admin_id)][:override or quota]:
                nomination_rows.append(_nomination(call_id, admin_id, p.name, p.email, p.role, p.gender, "confirmed",
                                                   p.id, created, rng))
            for i in range(rng.randrange(0, 3)):
                name, given, family = person(codes[admin_id], rng)  # a name of the administration's languages
                local = "".join(c for c in f"{given}.{family}".lower().replace(" ", ".") if c.isascii() and c != "'")
                email = f"{local}.n{call_id}.{admin_id}.{i}@nominee.example"
                nomination_rows.append(_nomination(call_id, admin_id, name, email,
                                                   "formal participant", None, rng.choice(OTHER_STATES), None,
                                                   created, rng))
        call_id += 1
    for model, rows in ((Call, call_rows), (CallAdministration, invitation_rows), (Nomination, nomination_rows)):
        if rows:
            db.session.execute(insert(model), rows)
    if db.session.get_bind().dialect.name == "postgresql" and call_rows:
        db.session.execute(select(db.func.setval(db.func.pg_get_serial_sequence("nomination_calls", "id"),
                                                 db.func.max(Call.id))))
    return len(call_rows), len(invitation_rows), len(nomination_rows)


def _nomination(call_id, admin_id, name, email, role, gender, state, participant_id, created, rng):
    return {"uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "call_id": call_id,
            "administration_id": admin_id, "name": name, "email": email, "role": role, "gender": gender,
            "state": state, "sequence": 1 if state == "confirmed" else 0, "participant_id": participant_id,
            "nominated_by": "demo data", "created_at": created, "updated_at": created}


def _attendance(rng, created) -> int:
    held = select(Workshop.id).where(Workshop.status == "held", Workshop.first_day >= datetime(ATTENDANCE_FROM, 1, 1))
    sessions = defaultdict(list)
    for sid, wid in db.session.execute(select(Session.id, Session.workshop_id)
                                       .where(Session.workshop_id.in_(held), Session.cancelled.is_(False))
                                       .order_by(Session.id)):
        sessions[wid].append(sid)
    rows = []
    for pid, wid in db.session.execute(select(Participant.id, Participant.workshop_id)
                                       .where(Participant.workshop_id.in_(held), Participant.attended.is_(True))
                                       .order_by(Participant.id)):
        own = sessions.get(wid, [])
        present = [s for s in own if rng.random() < 0.88] or own[:1]
        rows += [{"session_id": s, "participant_id": pid, "source": "demo Zoom report",
                  "minutes": rng.randrange(60, 181), "recorded_at": created} for s in present]
    for i in range(0, len(rows), 5_000):
        db.session.execute(insert(SessionAttendance), rows[i:i + 5_000])
    return len(rows)
