"""Workshops and sessions through the services: local truth, derived instants, SEQUENCE, status rules."""

from datetime import date, datetime

import pytest
from sqlalchemy import select, update

from rocb.extensions import db
from rocb.services import ServiceError
from rocb.workshops import services
from rocb.workshops.models import Session
from tests.factories import make_headcount, make_participant, make_workshop


def test_a_timed_session_keeps_local_times_and_derives_utc(seeded):
    w = make_workshop(zone="Europe/Brussels", sessions=[(datetime(2021, 3, 29, 10), datetime(2021, 3, 29, 12))])
    s = w.sessions[0]
    assert (s.local_start, s.zone) == (datetime(2021, 3, 29, 10), "Europe/Brussels")
    assert s.start_utc.strftime("%Y-%m-%dT%H:%MZ") == "2021-03-29T08:00Z"  # summer time began on 28 March


def test_a_dst_gap_is_refused_and_nothing_is_added(seeded):
    w = make_workshop(zone="Europe/Brussels")
    with pytest.raises(ServiceError, match="does not exist"):
        services.add_session(w, {"local_start": datetime(2021, 3, 28, 2, 15), "local_end": datetime(2021, 3, 28, 4)})
    db.session.rollback()
    assert db.session.execute(select(Session).where(Session.workshop_id == w.id)).first() is None


def test_first_and_last_day_follow_the_sessions(seeded):
    w = make_workshop(sessions=[date(2021, 3, 30), date(2021, 3, 31), date(2021, 4, 1)])
    assert (w.first_day, w.last_day) == (date(2021, 3, 30), date(2021, 4, 1))
    services.remove_session(w.sessions[-1])
    db.session.commit()
    assert w.last_day == date(2021, 3, 31)


def test_moving_a_session_bumps_its_sequence_and_an_unchanged_save_does_not(seeded):
    w = make_workshop(sessions=[(datetime(2030, 5, 6, 9), datetime(2030, 5, 6, 11))])
    s = w.sessions[0]
    services.update_session(s, {"local_start": datetime(2030, 5, 6, 9), "local_end": datetime(2030, 5, 6, 11)})
    assert s.sequence == 0
    services.update_session(s, {"local_start": datetime(2030, 5, 6, 10), "local_end": datetime(2030, 5, 6, 12)})
    assert s.sequence == 1 and s.start_utc.hour == 3


def test_cancel_bumps_every_session_and_a_cancelled_workshop_cannot_be_held(seeded):
    w = make_workshop(sessions=[date(2030, 5, 6), date(2030, 5, 7)])
    services.cancel_workshop(w)
    assert [(s.cancelled, s.sequence) for s in w.sessions] == [(True, 1), (True, 1)]
    with pytest.raises(ServiceError, match="cancelled: it cannot be recorded as held"):
        services.change_status(w, "held")
    with pytest.raises(ServiceError, match="cancelled"):
        make_participant(w)
    with pytest.raises(ServiceError, match="cancelled"):
        services.add_session(w, {"all_day": True, "day": date(2030, 5, 8)})


def test_postponing_bumps_the_sequence(seeded):
    w = make_workshop(sessions=[(datetime(2030, 5, 6, 9), datetime(2030, 5, 6, 11))])
    services.postpone_workshop(w)
    assert w.status == "postponed" and w.sessions[0].sequence == 1 and not w.sessions[0].cancelled


def test_a_change_of_place_bumps_the_sequence(seeded):
    w = make_workshop(sessions=[date(2030, 5, 6)])
    data = {"title": w.title, "kind": w.kind, "mode": "physical", "status": w.status,
            "reference_zone": w.reference_zone, "venue_city": "Bangkok, Thailand"}
    services.save_workshop(data, w)
    assert w.sessions[0].sequence == 1


@pytest.mark.parametrize("data, field", [
    ({"role": "formal participant", "count": -3}, "count"),
    ({"role": "formal participant", "count": 1_000_000}, "count"),
    ({"role": "formal participant", "count": 10, "administrations_count": 999}, "administrations_count"),
])
def test_negative_or_absurd_counts_are_refused(seeded, data, field):
    w = make_workshop()
    with pytest.raises(ServiceError) as raised:
        services.add_headcount(w, data)
    assert field in raised.value.errors


def test_an_unknown_zone_is_refused(seeded):
    with pytest.raises(ServiceError) as raised:
        make_workshop(zone="Asia/Atlantis")
    assert "reference_zone" in raised.value.errors


def test_tz_refresh_recomputes_instants_and_reports_what_moved(seeded, app):
    w = make_workshop(zone="Pacific/Apia", sessions=[(datetime(2021, 9, 27, 9), datetime(2021, 9, 27, 11))])
    s = w.sessions[0]
    right = s.start_utc
    # As if the instant had been computed under older rules (Samoa used to move to DST in September).
    db.session.execute(update(Session).where(Session.id == s.id).values(
        start_utc=right.replace(hour=(right.hour - 1) % 24)))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["tz-refresh"])
    assert f"session {s.id} of workshop {w.id}" in result.output and "1 session(s) moved" in result.output
    db.session.expire_all()
    again = db.session.get(Session, s.id)
    assert again.start_utc == right and again.sequence == 1
    assert "No session moved" in app.test_cli_runner().invoke(args=["tz-refresh"]).output


def test_figures_mix_named_participants_and_headcounts(seeded):
    w = make_workshop(status="held")
    make_participant(w, "Anan Chai", code="TH", gender="male")
    make_participant(w, "Mei Tanaka", code="JP", role="observer", gender="female")
    make_participant(w, "Absent One", code="KR", attended=False)
    make_headcount(w, "formal participant", 5, code="FJ")
    figures = services.figures_of(w)
    assert figures.by_role == {"formal participant": 6, "observer": 1}
    assert figures.administrations == 3
