"""The expert pool: staff only, zone checked, search by topic and zone, accreditations, workshops served in, the
JSON for staff (401 for anonymous visitors)."""

from datetime import date

from sqlalchemy import select

from rocb.experts.models import Expert
from rocb.extensions import db
from rocb.registry.models import Organization, Topic
from rocb.workshops.models import Participant
from tests.conftest import QueryCounter
from tests.factories import make_participant, make_workshop


def topic_codes(n=2):
    return db.session.execute(select(Topic.code).order_by(Topic.code).limit(n)).scalars().all()


def wco():
    return db.session.execute(select(Organization).where(Organization.name.contains("WCO"))).scalars().first()


def expert_form(**overrides):
    data = {"name": "Anne Dupont", "kind": "WCO-accredited expert", "organization_id": str(wco().id),
            "administration_code": "", "email": "anne.dupont@example.org", "timezone": "Europe/Brussels",
            "working_days": "Mon-Fri", "work_start": "08:00", "work_end": "18:00", "holiday_country": "BE",
            "languages": "English, French", "topic_codes": topic_codes(1), "note": ""}
    data.update(overrides)
    return data


def add_expert(client, **overrides):
    response = client.post("/experts/new", data=expert_form(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.execute(select(Expert).order_by(Expert.id.desc())).scalars().first()


def test_staff_add_an_expert_and_see_it_in_the_pool(staff_client):
    expert = add_expert(staff_client)
    assert (expert.timezone, expert.holiday_country, expert.affiliation) == ("Europe/Brussels", "BE", str(wco()))
    page = staff_client.get("/experts/").get_data(as_text=True)
    assert "Anne Dupont" in page and "Europe/Brussels" in page


def test_an_invalid_zone_cannot_be_saved_and_the_form_keeps_what_was_typed(staff_client):
    response = staff_client.post("/experts/new", data=expert_form(timezone="Europe/Bruxelles"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "unknown time zone" in page.lower() and 'value="Anne Dupont"' in page
    assert db.session.execute(select(Expert)).first() is None


def test_an_unknown_holiday_country_is_refused(staff_client):
    response = staff_client.post("/experts/new", data=expert_form(holiday_country="XX"))
    assert response.status_code == 400 and "No public holidays are known for &#39;XX&#39;" in response.get_data(
        as_text=True)


def test_search_by_topic_and_zone(staff_client):
    first, second = topic_codes(2)
    add_expert(staff_client, name="Anne Dupont", topic_codes=[first])
    add_expert(staff_client, name="Sione Fifita", timezone="Pacific/Tongatapu", holiday_country="TO",
               topic_codes=[second], email="sione@example.org")
    def names(query):
        return [e["name"] for e in staff_client.get(f"/api/v1/experts?{query}").get_json()["experts"]]
    assert names(f"topic={first}") == ["Anne Dupont"]
    assert names("zone=Pacific/Tongatapu") == ["Sione Fifita"]
    assert names("zone=Europe/") == ["Anne Dupont"]
    page = staff_client.get(f"/experts/?topic={second}").get_data(as_text=True)
    assert "Sione Fifita</a>" in page and "Anne Dupont</a>" not in page


def test_the_pool_is_staff_only(seeded, client, focal_point_client):
    assert focal_point_client.get("/experts/").status_code == 403
    assert focal_point_client.get("/api/v1/experts").status_code == 403
    focal_point_client.post("/logout")
    assert client.get("/api/v1/experts").status_code == 401
    assert client.get("/experts/").status_code == 302


def test_accreditations_with_dates(staff_client):
    expert = add_expert(staff_client)
    response = staff_client.post(f"/experts/{expert.id}/accreditations",
                                 data={"title": "WCO accredited expert, HRM", "topic_code": "",
                                       "awarded_on": "2019-05-01", "expires_on": ""})
    assert response.status_code == 302
    bad = staff_client.post(f"/experts/{expert.id}/accreditations",
                            data={"title": "Facilitator", "topic_code": "", "awarded_on": "2020-01-01",
                                  "expires_on": "2019-01-01"})
    assert bad.status_code == 400 and "cannot expire before" in bad.get_data(as_text=True)
    data = staff_client.get("/api/v1/experts").get_json()["experts"][0]
    assert data["accreditations"] == [{"title": "WCO accredited expert, HRM", "topic": None,
                                       "awarded_on": "2019-05-01", "expires_on": None}]


def test_workshops_served_in_come_from_matched_participation_records(staff_client):
    held = make_workshop(title="Sub-regional Workshop on HRM", sessions=[date(2019, 5, 6)])
    make_participant(held, name="Anne Dupont", email="anne.dupont@example.org", code=None, role="expert")
    make_participant(held, name="Anne Dupont", email="other@example.org", code="TH")  # a formal participant
    db.session.commit()
    expert = add_expert(staff_client)
    page = staff_client.get(f"/experts/{expert.id}").get_data(as_text=True)
    assert "Sub-regional Workshop on HRM" in page and ", expert" in page


def test_a_record_added_after_the_expert_is_a_workshop_served_in(staff_client):
    expert = add_expert(staff_client)
    later = make_workshop(title="Regional Workshop on Risk Management", sessions=[date(2027, 2, 8)])
    added = staff_client.post(f"/workshops/{later.id}/participants/new", data={
        "name": "A. Dupont", "email": "Anne.Dupont@example.org", "administration_code": "", "role": "facilitator",
        "gender": ""})
    assert added.status_code == 302, added.get_data(as_text=True)
    make_participant(later, name="Marc Peeters", email="marc@example.org", code=None, role="expert")  # not in pool
    page = staff_client.get(f"/experts/{expert.id}").get_data(as_text=True)
    assert "Regional Workshop on Risk Management" in page and ", facilitator" in page
    served = db.session.execute(select(Participant).where(Participant.expert_id == expert.id)).scalars().all()
    assert [p.role for p in served] == ["facilitator"]


def test_two_experts_of_one_name_and_a_record_without_email_are_not_guessed(staff_client):
    add_expert(staff_client, email="anne.dupont@example.org")
    add_expert(staff_client, email="anne.dupont@douane.example.fr", timezone="Europe/Paris", holiday_country="FR")
    workshop = make_workshop(title="Sub-regional Workshop on HRM", sessions=[date(2027, 2, 8)])
    row = make_participant(workshop, name="Anne Dupont", code=None, role="expert")
    row.email = None
    db.session.commit()
    assert db.session.get(Participant, row.id).expert_id is None


def test_the_list_query_count_does_not_grow_with_experts(staff_client):
    counts = []
    for n in range(2):
        for i in range(3 * n + 1):
            add_expert(staff_client, name=f"Expert {n}-{i}", email=f"e{n}{i}@example.org")
        db.session.expire_all()
        with QueryCounter() as q:
            assert staff_client.get("/api/v1/experts").status_code == 200
            assert staff_client.get("/experts/").status_code == 200
        counts.append(q.count)
    assert counts[0] == counts[1]
