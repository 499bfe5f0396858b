"""What other packages call: the planner's preferred windows, analytics rows, the open cycle, demo data."""

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from rocb.extensions import db
from rocb.registry.models import Administration, Topic
from rocb.surveys import demo, services
from rocb.surveys.models import CycleTopic, NeedItem, SurveyCycle, SurveyResponse
from tests.surveys.conftest import TOPICS, item, make_cycle


def _save(cycle, code, start, end, submit=True, aeo="high"):
    admin = db.session.execute(select(Administration).where(Administration.code == code)).scalar_one()
    data = {"window_start": start, "window_end": end, "languages": "", "contact_person": "", "other_needs": "",
            "items": {c: item(aeo if c == "aeo" else "none", 5 if c == "aeo" else 0) for c in TOPICS}}
    services.save_response(cycle, admin, data, None, submit=submit)
    db.session.commit()


def test_preferred_windows_come_from_the_latest_submitted_response(seeded):
    now = datetime.now(UTC)
    old = make_cycle(2020, opens=now - timedelta(days=9), closes=now + timedelta(days=1))
    new = make_cycle(2021)
    _save(old, "TH", time(9), time(12))
    _save(new, "TH", time(13), time(16))
    _save(old, "FJ", time(8), time(10))
    _save(new, "FJ", time(14), time(15), submit=False)  # a draft does not count
    assert services.preferred_windows(None, ["TH", "FJ", "JP"]) == {"TH": (time(13), time(16)),
                                                                      "FJ": (time(8), time(10))}
    assert services.preferred_windows(2020, ["th"]) == {"TH": (time(9), time(12))}


def test_analytics_rows_hold_submitted_answers_only(seeded):
    cycle = make_cycle(2021)
    _save(cycle, "TH", None, None, aeo="high")
    _save(cycle, "JP", None, None, submit=False)
    rows = services.need_item_rows()
    assert {r["administration_code"] for r in rows} == {"TH"} and len(rows) == 4
    assert {"cycle_year": 2021, "administration_code": "TH", "topic_code": "aeo", "priority": "high",
            "officers": 5} in rows
    assert services.need_item_rows([2019]) == []
    (row,) = services.cycle_rows()
    assert row["year"] == 2021 and row["closes"] == cycle.closes_at.date()
    assert row["window_end"] - row["window_start"] in (timedelta(days=364), timedelta(days=365))


def test_open_cycle_is_the_one_between_its_dates(seeded):
    now = datetime.now(UTC)
    assert services.open_cycle() is None
    make_cycle(2020, opens=now - timedelta(days=90), closes=now - timedelta(days=30))
    cycle = make_cycle(2021)
    assert services.open_cycle() == cycle
    services.close_now(cycle)
    db.session.commit()
    assert services.open_cycle() is None


def test_stated_delivery_window_wins_over_the_default(seeded):
    cycle = make_cycle(2021)
    cycle.window_start, cycle.window_end = date(2021, 7, 1), date(2022, 6, 30)
    assert cycle.delivery_window() == (date(2021, 7, 1), date(2022, 6, 30))


def test_demo_data_is_deterministic_and_marked(seeded):
    counts = demo.generate(2, random.Random(7))
    db.session.commit()
    assert counts["survey cycles"] == 2 and 40 <= counts["survey responses"] <= 70
    topics = db.session.execute(select(func.count(Topic.id))).scalar_one()  # one need item per topic of the taxonomy
    assert counts["need items"] == counts["survey responses"] * topics
    assert db.session.execute(select(func.count()).where(SurveyResponse.demo.is_(False))).scalar_one() == 0
    assert db.session.execute(select(SurveyCycle.year).order_by(SurveyCycle.year)).scalars().all() == [2024, 2025]
    first = db.session.execute(select(NeedItem.priority).order_by(NeedItem.id)).scalars().all()
    for table in (NeedItem, SurveyResponse, CycleTopic, SurveyCycle):
        db.session.execute(table.__table__.delete())
    db.session.expunge_all()
    demo.generate(2, random.Random(7))
    assert db.session.execute(select(NeedItem.priority).order_by(NeedItem.id)).scalars().all() == first
