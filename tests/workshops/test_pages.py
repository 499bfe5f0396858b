"""Pages and JSON: who sees names, filters, pagination, fixed query counts, bad input."""

import json
from datetime import date, datetime

from sqlalchemy import select

from rocb.extensions import db
from rocb.workshops.models import Workshop
from tests.conftest import QueryCounter
from tests.factories import make_participant, make_workshop


def _workshop_with_people():
    w = make_workshop("Regional Workshop on AEO", sessions=[(datetime(2025, 3, 2, 9), datetime(2025, 3, 2, 12))],
                      topics=["aeo"], funds=["CCF/Korea"], zone="Asia/Tehran", status="held")
    make_participant(w, "Somchai Jaidee", "somchai@customs.go.th", "TH")
    make_participant(w, "Aiko Tanaka", "aiko@customs.go.jp", "JP", role="observer")
    return w


def test_the_public_sees_figures_never_names(seeded, client):
    w = _workshop_with_people()
    html = client.get(f"/workshops/{w.id}").get_data(as_text=True)
    assert "attended by 1 formal participant and 1 observer from 2 member administrations" in html
    assert "Somchai" not in html and "customs.go.jp" not in html
    body = client.get(f"/api/v1/workshops/{w.id}").get_data(as_text=True)
    assert "Somchai" not in body and "@" not in body
    assert json.loads(body)["sessions"][0]["start"] == "2025-03-02T05:30:00Z"
    participation = client.get("/administrations/TH/participation").get_data(as_text=True)
    assert "Somchai" not in participation and "1 formal participant" in participation


def test_a_focal_point_sees_only_their_own_administration(focal_point_client):
    w = _workshop_with_people()
    html = focal_point_client.get(f"/workshops/{w.id}").get_data(as_text=True)
    assert "somchai@customs.go.th" in html and "Aiko" not in html
    export = focal_point_client.get(f"/workshops/{w.id}/roster.csv").get_data(as_text=True)
    assert "Somchai" in export and "Aiko" not in export
    assert "Somchai" in focal_point_client.get("/administrations/TH/participation").get_data(as_text=True)
    assert "Aiko" not in focal_point_client.get("/administrations/JP/participation").get_data(as_text=True)


def test_staff_see_every_name_and_times_with_the_reference_zone(staff_client):
    w = _workshop_with_people()
    html = staff_client.get(f"/workshops/{w.id}").get_data(as_text=True)
    assert "Somchai" in html and "aiko@customs.go.jp" in html
    assert "Asia/Tehran" in html and "09:00 +0330" in html


def test_staff_create_a_workshop_and_a_session_through_the_forms(staff_client):
    response = staff_client.post("/workshops/new", data={
        "title": "Sub-Regional Workshop on Valuation", "kind": "sub-regional workshop", "mode": "online",
        "status": "planned", "reference_zone": "Asia/Kolkata", "host": "", "topic_codes": ["valuation"],
        "is_public": "y"})
    assert response.status_code == 302
    w = db.session.execute(select(Workshop).filter_by(title="Sub-Regional Workshop on Valuation")).scalar_one()
    bad = staff_client.post(f"/workshops/{w.id}/sessions/new", data={
        "local_start": "2030-06-01T10:00", "local_end": "2030-06-01T09:00"})
    assert bad.status_code == 400 and "must end after it starts" in bad.get_data(as_text=True)
    ok = staff_client.post(f"/workshops/{w.id}/sessions/new", data={
        "local_start": "2030-06-01T10:00", "local_end": "2030-06-01T12:00"})
    assert ok.status_code == 302
    db.session.expire_all()
    assert db.session.get(Workshop, w.id).first_day == date(2030, 6, 1)


def test_editing_a_cancelled_workshop_as_held_is_refused_on_the_page(staff_client):
    w = make_workshop(sessions=[date(2021, 5, 3)], status="cancelled")
    response = staff_client.post(f"/workshops/{w.id}/edit", data={
        "title": w.title, "kind": w.kind, "mode": w.mode, "status": "held", "reference_zone": w.reference_zone,
        "host": ""})
    assert response.status_code == 400 and "cannot be recorded as held" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Workshop, w.id).status == "cancelled"


def test_the_list_filters_and_paginates(seeded, client):
    html = client.get("/workshops/?year=2021&fund=CCF/China").get_data(as_text=True)
    assert "E-Commerce" in html and "Disruptive Technologies" in html
    assert "Virtual Workshop on Data Analytics" not in html
    html = client.get("/workshops/?administration=TO").get_data(as_text=True)
    assert "Master Trainer" in html and "Online Regional Workshop on E-Commerce" not in html
    html = client.get("/workshops/?per_page=3&page=2").get_data(as_text=True)
    assert "page 2 of 4" in html


def test_a_private_workshop_is_hidden_from_the_public(seeded, client):
    w = make_workshop("Internal planning meeting", kind="meeting", is_public=False)
    assert client.get(f"/workshops/{w.id}").status_code == 404
    assert "Internal planning" not in client.get("/workshops/").get_data(as_text=True)
    assert client.get(f"/api/v1/workshops/{w.id}").status_code == 404


def test_api_lists_a_period_with_figures(seeded, client):
    data = client.get("/api/v1/workshops?from=2021-01-01&to=2021-01-31").get_json()["workshops"]
    assert [w["first_day"] for w in data] == ["2021-01-12", "2021-01-26", "2021-01-29"]
    assert data[0]["figures"]["by_role"] == {"formal participant": 38, "observer": 37}
    assert data[0]["sessions"][0] == {**data[0]["sessions"][0], "all_day": True, "day": "2021-01-12"}
    assert client.get("/api/v1/workshops?from=nope").status_code == 400


def _count(client, path):
    client.get(path)  # warm: the first request after a commit reloads the logged-in user
    with QueryCounter() as q:
        assert client.get(path).status_code == 200
    return q.count


def test_page_query_counts_do_not_grow_with_the_data(staff_client):
    pages = ["/workshops/", "/administrations/TH/participation", "/reports/activity?from=2021-01-01&to=2025-12-31"]
    first = _workshop_with_people()
    small = [_count(staff_client, p) for p in pages] + [_count(staff_client, f"/workshops/{first.id}")]
    for n in range(30):
        w = make_workshop(f"Workshop {n}", sessions=[date(2021, 6, 1 + n % 28), date(2021, 6, 2 + n % 27)],
                          topics=["aeo", "valuation"], funds=["JICA"], invited=["TH", "JP"], commit=False)
        make_participant(w, f"Person {n}", code="TH", commit=False)
    db.session.commit()
    large = [_count(staff_client, p) for p in pages] + [_count(staff_client, f"/workshops/{first.id}")]
    # Equal or fewer (an eager load is skipped when no row on the page needs it), never more.
    assert all(big <= few for big, few in zip(large, small, strict=True)), (small, large)
