"""The demo data set has a few invented, marked experts who served in some demo workshops; the real seed has none."""

import random

from markupsafe import escape
from sqlalchemy import func, select

from rocb.experts import demo
from rocb.experts.models import Expert
from rocb.extensions import db
from rocb.workshops import demo as workshop_demo
from rocb.workshops.models import Participant


def test_the_real_seed_invents_no_expert(seeded):
    assert db.session.execute(select(func.count(Expert.id))).scalar_one() == 0


def test_demo_experts_are_marked_and_served_in_demo_workshops(staff_client):
    workshop_demo.generate(1, random.Random(3))
    counts = demo.generate(1, random.Random(3))
    db.session.commit()
    assert counts["experts"] == len(demo.EXPERTS) and counts["expert participations"] >= 1
    assert db.session.execute(select(func.count(Expert.id)).where(Expert.demo.is_(False))).scalar_one() == 0
    served = db.session.execute(select(Participant).where(Participant.expert_id.is_not(None))).scalars().first()
    page = staff_client.get(f"/experts/{served.expert_id}").get_data(as_text=True)
    assert str(escape(served.workshop.title)) in page
    assert "Demo Expert" in staff_client.get("/experts/?zone=Europe/Brussels").get_data(as_text=True)
