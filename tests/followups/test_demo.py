"""The demo data set holds follow-ups of the held workshops whose follow-up fell due before its today, most answered,
so the analytics' "applied" measure has content."""

import random
from datetime import date, timedelta

from sqlalchemy import func, select

from rocb.cli import run_seed
from rocb.extensions import db
from rocb.followups import demo as followups_demo
from rocb.followups.models import FollowUp
from rocb.followups.services import attending_administrations
from rocb.workshops import demo as workshops_demo
from rocb.workshops.models import Workshop

TODAY = date(2031, 3, 16)


def test_demo_followups_are_of_held_workshops_due_before_today_and_mostly_answered(app):
    run_seed()
    workshops_demo.generate(2, random.Random(2021), today=TODAY)
    counts = followups_demo.generate(2, random.Random(7), today=TODAY)
    db.session.commit()
    rows = db.session.execute(select(FollowUp)).scalars().all()
    assert counts["follow-ups"] == len(rows) > 20
    assert {r.workshop.status for r in rows} == {"held"}
    assert max(r.due_on for r in rows) <= TODAY
    assert all(r.due_on == (r.workshop.last_day or r.workshop.first_day) + timedelta(days=182) for r in rows)
    answers = [r.applied for r in rows]
    assert {"not yet", "partly", "fully"} <= set(answers) and None in answers
    assert 0.6 < sum(a is not None for a in answers) / len(answers) < 0.9
    # Each follow-up is of an administration whose officers attended, and every such administration has one.
    workshop = rows[0].workshop
    expected = {a.id for a in attending_administrations(workshop.id)}
    assert {r.administration_id for r in rows if r.workshop_id == workshop.id} == expected
    later = db.session.execute(select(func.count(Workshop.id)).where(
        Workshop.status == "held", Workshop.id.not_in(select(FollowUp.workshop_id)),
        func.coalesce(Workshop.last_day, Workshop.first_day) > TODAY - timedelta(days=182))).scalar_one()
    assert later > 0  # held too recently: no follow-up yet
