"""Pages and JSON of the nomination cycle, as a focal point, staff and the public meet them."""

import io

from sqlalchemy import func, select

from rocb.extensions import db
from rocb.nominations.models import Call, Nomination
from tests.conftest import QueryCounter, login, make_user
from tests.nominations.helpers import deadline_ahead, future_workshop, nominate, open_call, person


def _form(i=1, code="th", **changes):
    return {"name": f"Officer {i}", "email": f"officer{i}@customs.{code}.example", "role": "formal participant",
            "gender": "", **changes}


def _nominations():
    return db.session.execute(select(Nomination.name, Nomination.state).order_by(Nomination.id)).all()


def test_a_focal_point_nominates_and_past_the_quota_is_told_of_the_waitlist(focal_point_client):
    call = open_call(future_workshop(), overrides="TH=1")
    home = focal_point_client.get("/nominations/").get_data(as_text=True)
    assert "Regional Workshop on Risk Management" in home
    ok = focal_point_client.post(f"/nominations/calls/{call.id}", data=_form(1), follow_redirects=True)
    assert "Officer 1 is nominated." in ok.get_data(as_text=True)
    over = focal_point_client.post(f"/nominations/calls/{call.id}", data=_form(2), follow_redirects=True)
    assert "quota of 1 is reached: Officer 2 is on the waitlist" in over.get_data(as_text=True)
    twice = focal_point_client.post(f"/nominations/calls/{call.id}", data=_form(1, name="Someone"))
    assert twice.status_code == 400 and "already nominated" in twice.get_data(as_text=True)
    assert 'value="Someone"' in twice.get_data(as_text=True)  # what was typed is kept
    assert _nominations() == [("Officer 1", "nominated"), ("Officer 2", "waitlisted")]


def test_a_focal_point_sees_and_touches_only_their_own_administration(focal_point_client):
    call = open_call(future_workshop())
    (fiji,) = nominate(call, "FJ", person(1, "fj"))
    other_call = open_call(future_workshop("Sub-regional Workshop for the Pacific"), codes=("FJ",))
    assert focal_point_client.get(f"/nominations/{fiji.id}/edit").status_code == 404
    assert focal_point_client.post(f"/nominations/{fiji.id}/withdraw").status_code == 404
    assert focal_point_client.get(f"/nominations/calls/{other_call.id}").status_code == 404
    assert focal_point_client.post(f"/nominations/calls/{other_call.id}", data=_form(3)).status_code == 404
    page = focal_point_client.get(f"/nominations/calls/{call.id}").get_data(as_text=True)
    assert "officer1@customs.fj.example" not in page
    api = focal_point_client.get(f"/api/v1/workshops/{call.workshop_id}/nominations").get_json()
    assert [a["code"] for a in api["calls"][0]["administrations"]] == ["TH"]
    assert db.session.get(Nomination, fiji.id).state == "nominated"


def test_a_focal_point_edits_and_withdraws_until_the_deadline(focal_point_client):
    call = open_call(future_workshop())
    (n,) = nominate(call, "TH", person(1))
    response = focal_point_client.post(f"/nominations/{n.id}/edit", data=_form(1, code="th", name="Officer Renamed"))
    assert response.status_code == 302
    focal_point_client.post(f"/nominations/{n.id}/withdraw")
    db.session.expire_all()
    assert _nominations() == [("Officer Renamed", "withdrawn")]


def test_nominating_from_a_roster_file_is_all_or_nothing_with_every_error_named(focal_point_client):
    call = open_call(future_workshop(), overrides="TH=2")
    bad = (b"name,email,administration,role\nAnan Chai,anan@customs.go.th,TH,formal participant\n"
           b"Kenji Sato,kenji@customs.go.jp,JP,formal participant\nMali Chan,mali@customs.go.th,TH,observer\n")
    response = focal_point_client.post(f"/nominations/calls/{call.id}/file",
                                       data={"file": (io.BytesIO(bad), "roster.csv")})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and _nominations() == []
    assert "<td>3</td><td>administration</td><td>another administration" in html
    assert "<td>4</td><td>role</td><td>observer: this call asks for formal participant" in html
    good = (b"name,email,administration,role\nAnan Chai,anan@customs.go.th,TH,formal participant\n"
            b"Mali Chan,mali@customs.go.th,Thailand,formal participant\nSomchai Jai,som@customs.go.th,TH,participant\n")
    done = focal_point_client.post(f"/nominations/calls/{call.id}/file", data={"file": (io.BytesIO(good), "r.csv")},
                                   follow_redirects=True).get_data(as_text=True)
    assert "2 nominated from the file." in done and "Somchai Jai is on the waitlist" in done
    assert [s for _, s in _nominations()] == ["nominated", "nominated", "waitlisted"]


def test_staff_open_a_call_and_review_every_administration(staff_client):
    workshop = future_workshop()
    form = {"administration_codes": ["TH", "FJ", "JP"], "default_quota": "2", "quota_overrides": "FJ=1",
            "roles": ["formal participant"], "deadline_local": deadline_ahead().strftime("%Y-%m-%dT%H:%M"),
            "remind_days_before": "3", "message": "Please nominate."}
    bad = staff_client.post(f"/workshops/{workshop.id}/calls/new", data={**form, "quota_overrides": "ZZ=9"})
    assert bad.status_code == 400 and "not understood: ZZ=9" in bad.get_data(as_text=True)
    response = staff_client.post(f"/workshops/{workshop.id}/calls/new", data=form)
    call = db.session.execute(select(Call)).scalar_one()
    assert response.headers["Location"].endswith(f"/nominations/calls/{call.id}/review")
    assert call.deadline_zone == "Asia/Bangkok"
    assert {ca.administration.code: ca.quota for ca in call.administrations} == {"FJ": 1, "JP": 2, "TH": 2}
    nominate(call, "TH", person(1), person(2))
    nominate(call, "FJ", person(1, "fj"), person(2, "fj"))
    page = staff_client.get(f"/nominations/calls/{call.id}/review").get_data(as_text=True)
    assert 'data-testid="state-TH">nominated 2/2<' in page
    assert 'data-testid="state-FJ">nominated 1/1, waitlisted 1<' in page
    assert 'data-testid="state-JP">no reply<' in page
    ids = db.session.execute(select(Nomination.id).where(Nomination.state == "nominated")).scalars().all()
    staff_client.post(f"/nominations/calls/{call.id}/decide", data={"decision": "confirm", "nomination": ids})
    page = staff_client.get(f"/nominations/calls/{call.id}/review").get_data(as_text=True)
    assert 'data-testid="state-TH">confirmed 2, nominated 2/2<' in page
    api = staff_client.get(f"/api/v1/workshops/{call.workshop_id}/nominations").get_json()
    assert [a["code"] for a in api["calls"][0]["administrations"]] == ["FJ", "JP", "TH"]


def test_the_review_page_costs_the_same_queries_whatever_the_nominations(staff_client):
    call = open_call(future_workshop(), codes=("TH", "FJ"), quota=50)
    nominate(call, "TH", person(1))
    staff_client.get("/")  # the session's user and the data versions, read once after the changes
    with QueryCounter() as few:
        staff_client.get(f"/nominations/calls/{call.id}/review")
    nominate(call, "TH", *[person(i) for i in range(2, 30)])
    nominate(call, "FJ", *[person(i, "fj") for i in range(1, 20)])
    staff_client.get("/")
    with QueryCounter() as many:
        staff_client.get(f"/nominations/calls/{call.id}/review")
    assert many.count == few.count


def test_anonymous_gets_401_from_the_api_and_a_login_from_the_pages(seeded, client):
    call = open_call(future_workshop())
    assert client.get(f"/api/v1/workshops/{call.workshop_id}/nominations").status_code == 401
    assert client.get("/nominations/").status_code == 302


def test_a_focal_point_of_an_uninvited_administration_sees_no_call(seeded, client):
    call = open_call(future_workshop(), codes=("FJ",))
    make_user("focal@customs.go.kr", "focal_point", "KR")
    login(client, "focal@customs.go.kr")
    assert "No open call." in client.get("/nominations/").get_data(as_text=True)
    assert client.get(f"/nominations/calls/{call.id}").status_code == 404
    assert db.session.execute(select(func.count(Nomination.id))).scalar_one() == 0
