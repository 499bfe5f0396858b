"""Factory helpers other tests reuse: make_workshop(..., sessions=[...]), make_participant, make_headcount.

They go through the services, so a workshop made here looks like one staff made (first/last day kept, UIDs set).
Need the `seeded` fixture (administrations, topics, funds).
"""

from datetime import date, datetime

from sqlalchemy import select

from rocb.extensions import db
from rocb.registry.models import Administration
from rocb.workshops import services


def make_workshop(title="Regional Workshop on Risk Management", *, sessions=(), kind="regional workshop",
                  mode="online", status="confirmed", zone="Asia/Bangkok", host="", topics=(), funds=(),
                  invited=(), is_public=True, commit=True, **extra):
    """sessions: (local_start, local_end) pairs of naive datetimes (timed, in `zone`) or dates (whole days),
    or dicts as services.add_session takes them."""
    first_status = "planned" if status in ("held", "cancelled") else status
    data = {"title": title, "kind": kind, "mode": mode, "status": first_status,
            "reference_zone": zone, "host": host, "topic_codes": list(topics), "fund_codes": list(funds),
            "invited_codes": list(invited), "is_public": is_public, **extra}
    workshop = services.save_workshop(data)
    for s in sessions:
        if isinstance(s, dict):
            services.add_session(workshop, s)
        elif isinstance(s, date) and not isinstance(s, datetime):
            services.add_session(workshop, {"all_day": True, "day": s})
        else:
            services.add_session(workshop, {"local_start": s[0], "local_end": s[1]})
    if status == "held":
        workshop.status = "held"  # past records: set directly, the service refuses "held" before the first day
    elif status == "cancelled":
        services.cancel_workshop(workshop)  # after its sessions: a cancelled workshop takes no new ones
    if commit:
        db.session.commit()
    return workshop


def administration(code: str) -> Administration:
    return db.session.execute(select(Administration).filter_by(code=code)).scalar_one()


def make_participant(workshop, name="Somchai Jaidee", email=None, code="TH", role="formal participant",
                     attended=True, gender=None, commit=True):
    p = services.add_participant(workshop, {
        "name": name, "email": email or f"{name.lower().replace(' ', '.')}@customs.go.th",
        "administration_code": code, "role": role, "attended": attended, "gender": gender})
    if commit:
        db.session.commit()
    return p


def make_headcount(workshop, role="formal participant", count=10, code=None, administrations_count=None,
                   commit=True):
    h = services.add_headcount(workshop, {"role": role, "count": count, "administration_code": code,
                                          "administrations_count": administrations_count})
    if commit:
        db.session.commit()
    return h
