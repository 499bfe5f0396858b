"""The demo data set reads like the office's own record, and is the same every time it is generated."""

import random

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
