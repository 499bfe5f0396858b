"""The demo data set reads like the office's own record, and is the same every time it is generated."""

import random
from datetime import date

from sqlalchemy import select

from rocb.extensions import db
from rocb.workshops import demo
from rocb.workshops.models import Participant, Session, Workshop
from tests.conftest import empty_all_tables


def _generate(seed):
    from rocb.cli import run_seed

    run_seed()
    counts = demo.generate(2, random.Random(seed))
    db.session.commit()
    titles = db.session.execute(select(Workshop.title).order_by(Workshop.id)).scalars().all()
    names = db.session.execute(select(Participant.name).order_by(Participant.id)).scalars().all()
    return counts, titles, names


def test_titles_names_and_days_are_plausible_and_deterministic(app):
    counts, titles, names = _generate(7)
    assert counts["workshops"] == 200
    assert any(t.startswith("WCO Asia/Pacific Regional Workshop on ") for t in titles)
    assert not any("practice" in t or t.startswith("Workshop 20") for t in titles)
    assert "Somchai Jaidee" in names or any(n.split()[0] in ("Somchai", "Suda", "Niran") for n in names)
    days = db.session.execute(select(Session.local_start).join(Session.workshop)
                              .where(Workshop.source == "demo data")).scalars().all()
    assert all(d.weekday() < 5 for d in days)  # workshops run on working days
    # Physical workshops take place in their host's zone.
    rows = db.session.execute(select(Workshop).where(Workshop.mode == "physical",
                                                     Workshop.source == "demo data")).scalars().all()
    assert rows and all(w.reference_zone == w.host_administration.timezone for w in rows)

    empty_all_tables()
    assert _generate(7) == (counts, titles, names)


def _cli_data_set(app, *args, years=2):
    result = app.test_cli_runner().invoke(args=["demo-data", "--years", str(years), *args])
    assert result.exit_code == 0, result.output
    from rocb.nominations.models import Call

    workshops = db.session.execute(select(Workshop.title, Workshop.first_day, Workshop.last_day, Workshop.status)
                                   .order_by(Workshop.id)).all()
    deadlines = db.session.execute(select(Call.deadline_utc).order_by(Call.id)).scalars().all()
    return workshops, deadlines


def test_demo_data_follows_the_day_it_is_told_is_today_and_the_same_day_gives_the_same_data(app):
    from rocb.surveys.models import SurveyCycle

    today = date(2031, 3, 16)
    workshops, deadlines = _cli_data_set(app, "--today", today.isoformat())
    held = [w for w in workshops if w.status == "held"]
    coming = [w for w in workshops if w.status in ("planned", "confirmed") and w.first_day > today]
    assert len(held) > 100 and len(coming) > 30
    assert all(w.last_day < today for w in held)  # nothing held after the data set's today
    assert not [w for w in workshops if w.status == "planned" and w.first_day <= today]
    assert max(w.first_day for w in workshops) > date(2031, 8, 1)  # half a year ahead
    open_calls = [d for d in deadlines if d.date() > today]
    assert len(open_calls) > 30
    for cycle in db.session.execute(select(SurveyCycle)).scalars():  # every window holds held workshops
        start, end = cycle.delivery_window()
        assert any(start <= w.first_day <= end for w in held), cycle.year
    assert max(db.session.execute(select(SurveyCycle.year)).scalars()) == 2030

    empty_all_tables()
    assert _cli_data_set(app, "--today", today.isoformat()) == (workshops, deadlines)


def test_demo_data_is_built_around_the_real_date_by_default_and_refuses_an_implausible_today(app):
    from rocb.extensions import utcnow

    workshops, _ = _cli_data_set(app, years=1)
    today = utcnow().date()
    assert any(w.status in ("planned", "confirmed") and w.first_day > today for w in workshops)
    assert all(w.last_day < today for w in workshops if w.status == "held")
    empty_all_tables()
    refused = app.test_cli_runner().invoke(args=["demo-data", "--today", "0001-01-01"])
    assert refused.exit_code != 0 and "--today" in refused.output
    assert db.session.execute(select(Workshop.id)).first() is None


def _analyzed_at(table: str):
    """When the query planner's statistics of `table` were last gathered by ANALYZE (None: never)."""
    from sqlalchemy import text

    if db.engine.dialect.name == "postgresql":
        return db.session.execute(text("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = :t"),
                                  {"t": table}).scalar()
    stat = db.session.execute(text("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")).scalar()
    if stat is None:
        return None
    return db.session.execute(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = :t"), {"t": table}).scalar() or None


def test_after_the_demo_data_the_query_planner_knows_the_tables(app):
    """Planned on empty statistics, PostgreSQL took 0.5 s for an administration's participation page on the
    20-year data (a nested loop over 1,823 workshops) instead of 4 ms."""
    if db.engine.dialect.name == "sqlite":
        db.session.execute(db.text("DROP TABLE IF EXISTS sqlite_stat1"))
        db.session.commit()
    before = _analyzed_at("participants")
    result = app.test_cli_runner().invoke(args=["demo-data", "--years", "1", "--today", "2026-06-30"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    after = _analyzed_at("participants")
    assert after is not None and after != before
