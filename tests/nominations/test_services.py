"""The rules of a call: quotas and the waitlist, nobody twice, only invited administrations, deadlines,
cancelled workshops; a confirmed nomination is a participant, and leaving it takes them off the roster."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from rocb.extensions import db, utcnow
from rocb.nominations import services
from rocb.nominations.models import Nomination
from rocb.services import ServiceError
from rocb.workshops import services as workshop_services
from rocb.workshops.models import Participant
from tests.factories import administration
from tests.nominations.helpers import future_workshop, nominate, open_call, person


def _count(model):
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_past_the_quota_a_nomination_goes_to_the_waitlist(seeded):
    call = open_call(future_workshop(), overrides="FJ=1")
    a, b, c = nominate(call, "TH", person(1), person(2), person(3))
    assert [a.state, b.state, c.state] == ["nominated", "nominated", "waitlisted"]
    (fiji,) = nominate(call, "FJ", person(1, "fj"))
    assert fiji.state == "nominated"
    assert nominate(call, "FJ", person(2, "fj"))[0].state == "waitlisted"
    message = services.waitlist_message(call, administration("TH"), [c.name])
    assert "Thailand's quota of 2 is reached: Officer TH 3 is on the waitlist" in message


def test_the_same_person_twice_another_role_or_an_uninvited_administration_is_refused(seeded):
    call = open_call(future_workshop())
    nominate(call, "TH", person(1))
    with pytest.raises(ServiceError, match="already nominated"):
        services.nominate(call, administration("TH").id, person(1))
    with pytest.raises(ServiceError, match="This call asks for: formal participant"):
        services.nominate(call, administration("TH").id, person(2, role="observer"))
    with pytest.raises(ServiceError, match="does not invite your administration"):
        services.nominate(call, administration("KR").id, person(1, "kr"))
    db.session.rollback()
    assert _count(Nomination) == 1


def test_past_the_deadline_or_on_a_cancelled_workshop_nothing_changes(seeded):
    workshop = future_workshop()
    call = open_call(workshop)
    (n,) = nominate(call, "TH", person(1))
    call.deadline_utc = utcnow() - timedelta(minutes=1)
    db.session.commit()
    for action in (lambda: services.nominate(call, administration("TH").id, person(2)),
                   lambda: services.update_nomination(n, person(3)), lambda: services.withdraw(n)):
        with pytest.raises(ServiceError, match="deadline has passed"):
            action()
    db.session.rollback()
    call.deadline_utc = utcnow() + timedelta(days=3)
    workshop_services.cancel_workshop(workshop)
    db.session.commit()
    with pytest.raises(ServiceError, match="cancelled"):
        services.nominate(call, administration("TH").id, person(2))
    db.session.rollback()
    assert db.session.get(Nomination, n.id).state == "nominated" and _count(Nomination) == 1


def test_a_call_needs_a_future_deadline_and_known_quotas(seeded):
    workshop = future_workshop()
    with pytest.raises(ServiceError) as error:
        open_call(workshop, overrides="FJ=1, XX=3, JP=lots")
    assert "XX=3" in error.value.errors["quota_overrides"] and "JP=lots" in error.value.errors["quota_overrides"]
    db.session.rollback()
    with pytest.raises(ServiceError, match="already past"):
        open_call(workshop, deadline_local=(utcnow() - timedelta(days=1)).replace(tzinfo=None))


def test_confirming_makes_a_participant_and_declining_takes_them_off(seeded):
    call = open_call(future_workshop())
    a, b = nominate(call, "TH", person(1), person(2))
    services.decide([a, b], "confirmed")
    db.session.commit()
    names = db.session.execute(select(Participant.name, Participant.attended)).all()
    assert sorted(names) == [("Officer TH 1", False), ("Officer TH 2", False)]
    services.decide([b], "declined")
    db.session.commit()
    assert db.session.execute(select(Participant.name)).scalars().all() == ["Officer TH 1"]
    services.withdraw(a)
    db.session.commit()
    assert _count(Participant) == 0 and a.state == "withdrawn"


def test_a_withdrawn_officer_may_be_nominated_again(seeded):
    call = open_call(future_workshop())
    (a,) = nominate(call, "TH", person(1))
    services.withdraw(a)
    db.session.commit()
    (again,) = nominate(call, "TH", person(1))
    assert again.id == a.id and again.state == "nominated"
