"""The demo data set holds open calls with nominations in every state, and attendance per session of held
workshops."""

import random
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from rocb.cli import run_seed
from rocb.extensions import db
from rocb.nominations import demo as nominations_demo
from rocb.nominations.models import STATES, Call, Nomination
from rocb.workshops import demo as workshops_demo
from rocb.workshops.models import Participant, SessionAttendance

TODAY = date(2031, 3, 16)  # a day other than the fixed one of the benchmark: the calls follow it


def test_demo_calls_are_open_on_its_today_with_every_state_and_held_workshops_have_attendance(app):
    run_seed()
    rng = random.Random(2021)
    workshops_demo.generate(1, rng, today=TODAY)
    counts = nominations_demo.generate(1, rng, today=TODAY)
    db.session.commit()
    assert counts["calls"] == db.session.execute(select(func.count(Call.id))).scalar_one() > 0
    midnight = datetime(TODAY.year, TODAY.month, TODAY.day, tzinfo=UTC)
    open_calls = select(Call.id).where(Call.deadline_utc > midnight)
    assert db.session.execute(select(func.count()).select_from(open_calls.subquery())).scalar_one() >= 30
    states = set(db.session.execute(select(Nomination.state).where(Nomination.call_id.in_(open_calls))
                                    .distinct()).scalars())
    assert states == set(STATES)  # every state in calls still open on the data set's today
    assert db.session.execute(select(func.max(Call.opened_at))).scalar_one() < midnight
    confirmed_without_roster = db.session.execute(select(func.count(Nomination.id)).where(
        Nomination.state == "confirmed", Nomination.participant_id.is_(None))).scalar_one()
    assert confirmed_without_roster == 0
    attended = db.session.execute(select(func.count(func.distinct(SessionAttendance.participant_id)))).scalar_one()
    assert attended == db.session.execute(select(func.count(Participant.id)).where(
        Participant.attended.is_(True))).scalar_one() > 0
