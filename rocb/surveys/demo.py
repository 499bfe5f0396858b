"""Demo needs-survey data: one cycle per year with responses from about 80% of the administrations, all
marked demo (cycles and responses), written with bulk inserts. `flask seed` never invents answers."""

import random
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select

from rocb.extensions import db
from rocb.registry.models import Administration, Topic
from rocb.surveys.models import PREFERRED_MODES, PRIORITIES, QUARTERS, CycleTopic, NeedItem, SurveyCycle, SurveyResponse
from rocb.workshops.demo import FIXED_TODAY

# A cycle of year Y asks in March-April of Y for the delivery window 1 July Y - 30 June Y+1 (the ROCB fiscal year).
# The last cycle of the demo data is the latest whose window had run at least three months by the data set's today
# (rocb.workshops.demo: `flask demo-data --today`), so every cycle's window holds held workshops to compare the
# needs with. With FIXED_TODAY (2026-06-30) it is 2025, whose window ends on that today.
BANGKOK = ZoneInfo("Asia/Bangkok")
ANSWER_SHARE = 0.8
DEMO_ACTOR = "demo data"
WINDOWS = [(9, 12), (10, 13), (13, 16), (14, 17), (8, 11)]


def _next_id(model) -> int:
    return (db.session.execute(select(func.max(model.id))).scalar() or 0) + 1


def _priority(rng: random.Random, last: str | None) -> str:
    # Needs persist from one year to the next more often than not.
    if last is not None and rng.random() < 0.6:
        return last
    return rng.choices(PRIORITIES, weights=(45, 20, 20, 15))[0]


def last_year(today: date) -> int:
    """The year of the demo data's last survey cycle for a data set built around `today`."""
    return today.year if today >= date(today.year, 10, 1) else today.year - 1


def generate(years: int, rng: random.Random, today: date = FIXED_TODAY) -> dict:
    administrations = db.session.execute(select(Administration).order_by(Administration.code)).scalars().all()
    topics = db.session.execute(select(Topic).order_by(Topic.package, Topic.code)).scalars().all()
    last = last_year(today)
    first = last - years + 1
    existing = set(db.session.execute(select(SurveyCycle.year)).scalars())
    cycles = []
    for year in range(first, last + 1):
        if year in existing:
            continue
        cycle = SurveyCycle(
            year=year, title=f"Annual Capacity Building Needs Survey {year}", demo=True,
            opens_at=datetime(year, 3, 1, 9, 0, tzinfo=BANGKOK),
            closes_at=datetime(year, 4, 30, 23, 59, tzinfo=BANGKOK),
            window_start=date(year, 7, 1), window_end=date(year + 1, 6, 30),  # the ROCB fiscal year
        )
        cycle.topics = [CycleTopic(topic_id=t.id, code=t.code, name=t.name, package=t.package, position=i)
                        for i, t in enumerate(topics)]
        db.session.add(cycle)
        cycles.append(cycle)
    db.session.flush()

    response_id, response_rows, item_rows = _next_id(SurveyResponse), [], []
    last: dict[tuple[int, str], str] = {}
    for cycle in cycles:
        submitted_at = datetime(cycle.year, 4, 20, 10, 0, tzinfo=BANGKOK)
        for admin in administrations:
            if rng.random() >= ANSWER_SHARE:
                continue
            start, end = rng.choice(WINDOWS)
            status = "submitted" if rng.random() < 0.9 else "draft"
            response_rows.append({
                "id": response_id, "cycle_id": cycle.id, "administration_id": admin.id, "status": status,
                "version": 1, "created_at": submitted_at, "updated_at": submitted_at, "updated_by": DEMO_ACTOR,
                "submitted_at": submitted_at if status == "submitted" else None,
                "submitted_by": DEMO_ACTOR if status == "submitted" else None,
                "window_start": time(start), "window_end": time(end),
                "languages": "English", "contact_person": f"Focal point of {admin.name} (demo)", "demo": True,
            })
            for topic in cycle.topics:
                priority = _priority(rng, last.get((admin.id, topic.code)))
                last[(admin.id, topic.code)] = priority
                item_rows.append({
                    "response_id": response_id, "cycle_topic_id": topic.id, "priority": priority,
                    "officers": 0 if priority == "none" else rng.randint(2, 60),
                    "mode": rng.choice(PREFERRED_MODES),
                    "quarters": "" if priority == "none" else ",".join(sorted(rng.sample(QUARTERS, rng.randint(1, 2)))),
                    "comment": None,
                })
            response_id += 1
    if response_rows:
        db.session.execute(insert(SurveyResponse), response_rows)
        db.session.execute(insert(NeedItem), item_rows)
    if db.session.get_bind().dialect.name == "postgresql":
        # Responses were inserted with explicit ids; PostgreSQL's sequence must be told, or the first response a
        # focal point saves collides with a demo one.
        db.session.execute(select(func.setval(func.pg_get_serial_sequence("survey_responses", "id"),
                                              func.max(SurveyResponse.id))))
    return {"survey cycles": len(cycles), "survey responses": len(response_rows), "need items": len(item_rows)}
