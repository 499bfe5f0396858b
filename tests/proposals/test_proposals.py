"""Propose a workshop: a series for Brussels experts and Pacific administrations, turned into a draft workshop with
invitations and experts; those who asked in the last survey; the holiday flags of the planner and schedule JSON;
bad input answered 400 with the name."""

from datetime import datetime

import pytest
from sqlalchemy import func, select

from rocb.extensions import db
from rocb.workshops.models import Participant, Workshop
from tests.analytics.records import answer, make_cycle
from tests.factories import make_workshop
from tests.proposals.helpers import brussels_expert

PACIFIC = "FJ, WS, TO, PG"


def query(**overrides):
    args = {"topic": "risk-management", "admins": PACIFIC, "days": "3", "hours": "2", "from": "2026-03-02",
            "to": "2026-04-30", "reference": "Pacific/Fiji"}
    args.update(overrides)
    return args


@pytest.fixture
def experts(staff_client):
    return [brussels_expert("Anne Dupont", "anne@example.org", ["risk-management"]),
            brussels_expert("Marc Peeters", "marc@example.org")]


def test_a_series_for_brussels_experts_and_pacific_administrations_becomes_a_draft_workshop(staff_client, experts):
    args = query(experts=[str(e.id) for e in experts])
    data = staff_client.get("/api/v1/workshop-proposal", query_string=args).get_json()
    assert data["administrations"] == ["FJ", "WS", "TO", "PG"]
    best = data["proposals"][0]
    assert len(best["days"]) == 3 and len({s["start_utc"][11:16] for s in best["sessions"]}) <= 2  # DST in Europe
    who = {c["place"]: c for c in best["who_pays"]}
    assert set(who) == {"FJ", "WS", "TO", "PG", f"expert:{experts[0].id}", f"expert:{experts[1].id}"}
    # Each session is at the same local time in Fiji, on a day that is no weekend or holiday in the Pacific.
    for session in best["sessions"]:
        assert session["start"][11:16] == best["local_start"]
        for place in session["places"][:4]:
            assert place["holiday"] is None and place["class"] != "non-working day"

    page = staff_client.get("/planner/workshop", query_string=args)
    assert page.status_code == 200 and "Create the draft workshop" in page.get_data(as_text=True)
    response = staff_client.post("/planner/workshop/draft", data=args | {"rank": "0"})
    assert response.status_code == 302
    workshop = db.session.execute(select(Workshop).order_by(Workshop.id.desc())).scalars().first()
    assert response.headers["Location"].endswith(f"/workshops/{workshop.id}")
    assert (workshop.status, workshop.is_public, workshop.reference_zone) == ("planned", False, "Pacific/Fiji")
    assert [a.code for a in workshop.invited_administrations] == ["FJ", "PG", "TO", "WS"]
    assert [t.code for t in workshop.topics] == ["risk-management"]
    days = [s.local_start.date().isoformat() for s in sorted(workshop.sessions, key=lambda s: s.start_utc)]
    assert days == best["days"]
    assert {s.local_start.strftime("%H:%M") for s in workshop.sessions} == {best["local_start"]}
    people = db.session.execute(select(Participant).where(Participant.workshop_id == workshop.id)).scalars().all()
    assert sorted((p.name, p.role, p.expert_id) for p in people) == [
        ("Anne Dupont", "expert", experts[0].id), ("Marc Peeters", "expert", experts[1].id)]
    detail = staff_client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Anne Dupont" in detail and "Who pays" in detail
    served = staff_client.get(f"/experts/{experts[0].id}").get_data(as_text=True)
    assert "Regional workshop on" in served


def test_hard_expert_hours_keep_the_experts_in_their_working_hours(staff_client, experts):
    args = query(experts=[str(experts[0].id)], hard="1", reference="Europe/Brussels")
    best = staff_client.get("/api/v1/workshop-proposal", query_string=args).get_json()["proposals"][0]
    for session in best["sessions"]:
        assert session["places"][-1]["class"] == "working"


def test_those_who_asked_for_the_topic_in_the_last_survey_are_invited(staff_client):
    old = make_cycle(2020, topic_codes=("risk-management",))
    answer(old, "JP", {"risk-management": ("high", 5)})
    last = make_cycle(2021, topic_codes=("risk-management",))
    answer(last, "FJ", {"risk-management": ("high", 8)})
    answer(last, "TO", {"risk-management": ("low", 1)})
    answer(last, "WS", {"risk-management": ("none", 0)})
    answer(last, "IN", {"risk-management": ("high", 9)}, status="draft")
    db.session.commit()
    data = staff_client.get("/api/v1/workshop-proposal", query_string=query(admins="", asked="1")).get_json()
    assert data["administrations"] == ["FJ", "TO"]
    assert "2 administration(s) asked for" in data["notes"][0]


@pytest.mark.parametrize(("overrides", "status", "message"), [
    ({"topic": "underwater-basket-weaving"}, 400, "Unknown topic: underwater-basket-weaving"),
    ({"admins": "FJ, XX"}, 400, "Unknown administration code: XX"),
    ({"experts": ["Nobody Known"]}, 400, "Unknown expert: Nobody Known"),
    ({"to": "2027-03-03"}, 400, "367 days; at most 366"),
    ({"days": "12"}, 400, "1 to 10 days"),
    ({"hours": "abc"}, 400, "hours"),
])
def test_bad_input_is_400_with_the_name(staff_client, experts, overrides, status, message):
    before = db.session.execute(select(func.count(Workshop.id))).scalar()
    response = staff_client.get("/api/v1/workshop-proposal", query_string=query(**overrides))
    assert response.status_code == status
    assert message.lower() in response.get_json()["error"].lower()
    page = staff_client.get("/planner/workshop", query_string=query(**overrides))
    assert page.status_code == 400
    refused = staff_client.post("/planner/workshop/draft", data=query(**overrides) | {"rank": "0"})
    assert refused.status_code == 302 and "/planner/workshop?" in refused.headers["Location"]
    assert db.session.execute(select(func.count(Workshop.id))).scalar() == before


def test_a_proposal_no_longer_in_the_list_is_named_so_and_nothing_is_created(staff_client, experts):
    args = query(experts=[str(e.id) for e in experts])
    count = len(staff_client.get("/api/v1/workshop-proposal", query_string=args).get_json()["proposals"])
    before = db.session.execute(select(func.count(Workshop.id))).scalar()
    refused = staff_client.post("/planner/workshop/draft", data=args | {"rank": str(count)}, follow_redirects=True)
    assert "That proposal is no longer available: propose again." in refused.get_data(as_text=True)
    assert "list index" not in refused.get_data(as_text=True)
    assert db.session.execute(select(func.count(Workshop.id))).scalar() == before


def test_experts_are_found_by_name_too(staff_client, experts):
    data = staff_client.get("/api/v1/workshop-proposal", query_string=query(experts=["anne dupont"])).get_json()
    assert [e["name"] for e in data["experts"]] == ["Anne Dupont"]


def test_proposing_is_staff_only(seeded, client, focal_point_client):
    assert focal_point_client.get("/planner/workshop").status_code == 403
    focal_point_client.post("/logout")
    assert client.get("/api/v1/workshop-proposal").status_code == 401


def test_planner_json_names_the_holiday_beside_the_local_times(seeded, client):
    args = {"from": "2026-04-13", "to": "2026-04-16", "duration": "120", "admins": "TH,JP",
            "reference": "Asia/Bangkok"}
    results = client.get("/api/v1/planner", query_string=args).get_json()["results"]
    assert results[0]["places"][0]["local_start"].startswith("2026-04-16")
    assert all(p["holiday"] is None for p in results[0]["places"])
    songkran = client.get("/api/v1/planner", query_string=args | {"to": "2026-04-13"}).get_json()["results"][0]
    th, jp = songkran["places"]
    assert (th["holiday"], th["class"]) == ("Songkran Festival", "non-working day")
    assert jp["holiday"] is None


def test_the_schedule_flags_a_session_on_a_holiday_of_an_attending_administration(seeded, client):
    workshop = make_workshop(invited=["TH", "JP"], sessions=[(datetime(2026, 4, 14, 10), datetime(2026, 4, 14, 12)),
                                                            (datetime(2026, 4, 16, 10), datetime(2026, 4, 16, 12))])
    data = client.get(f"/api/v1/workshops/{workshop.id}/schedule").get_json()
    rows = {r["place"]["key"]: r["times"] for r in data["rows"]}
    assert [t["holiday"] for t in rows["TH"]] == ["Songkran Festival", None]
    assert [t["holiday"] for t in rows["JP"]] == [None, None]
    page = client.get(f"/workshops/{workshop.id}/schedule").get_data(as_text=True)
    assert "holiday: Songkran Festival" in page


def test_staff_closures_and_ramadan_hours_reach_the_planner(staff_client):
    response = staff_client.post("/administrations/AF/closures", data={
        "closure-name": "Office move", "closure-first_day": "2026-02-16", "closure-last_day": ""})
    assert response.status_code == 302
    response = staff_client.post("/administrations/AF/hours-changes", data={
        "hours-name": "Ramadan hours", "hours-first_day": "2026-02-18", "hours-last_day": "2026-03-19",
        "hours-work_start": "08:00", "hours-work_end": "13:00"})
    assert response.status_code == 302
    bad = staff_client.post("/administrations/AF/closures", data={
        "closure-name": "Backwards", "closure-first_day": "2026-02-16", "closure-last_day": "2026-02-01"})
    assert bad.status_code == 400 and 'value="Backwards"' in bad.get_data(as_text=True)
    page = staff_client.get("/administrations/AF/holidays?year=2026").get_data(as_text=True)
    assert "Office move" in page and "Ramadan hours" in page and "Liberation Day" in page
    args = {"from": "2026-02-16", "to": "2026-02-16", "duration": "60", "admins": "AF", "reference": "Asia/Kabul"}
    place = staff_client.get("/api/v1/planner", query_string=args).get_json()["results"][0]["places"][0]
    assert place["holiday"] == "Office move"
    args |= {"from": "2026-02-21", "to": "2026-02-21"}
    place = staff_client.get("/api/v1/planner", query_string=args).get_json()["results"][0]["places"][0]
    assert place["hours_change"] == "Ramadan hours"
    assert place["local_start"][11:16] >= "08:00" and place["local_end"][11:16] <= "13:00"


def test_only_staff_add_closures(focal_point_client):
    response = focal_point_client.post("/administrations/AF/closures", data={
        "closure-name": "x", "closure-first_day": "2026-02-16"})
    assert response.status_code == 403
    assert focal_point_client.get("/administrations/AF/holidays").status_code == 200
