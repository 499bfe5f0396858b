"""A focal point's response: draft, come back, submit; no lost work; only their own administration."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from rocb.audit import AuditEntry
from rocb.extensions import db
from rocb.surveys.models import NeedItem, SurveyCycle, SurveyResponse
from tests.conftest import login, make_user
from tests.surveys.conftest import form_data, item, make_cycle


def _version(html: str) -> str:
    return re.search(r'name="version" type="hidden" value="(\d*)"', html).group(1)


def _response(code="TH", year=2021):
    return db.session.execute(
        select(SurveyResponse).join(SurveyResponse.administration).join(SurveyResponse.cycle)
        .where(SurveyCycle.year == year).where(SurveyResponse.administration.has(code=code))
    ).scalar_one_or_none()


def test_focal_point_saves_a_draft_comes_back_and_submits(focal_point_client, open_cycle):
    page = focal_point_client.get("/surveys/2021/response")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "(Asia/Bangkok)" in html and "not started" in html

    draft = form_data(items={"aeo": item("high", 25, "online", "Q1,Q3", "Before the MRA talks")},
                      window_start="09:00", window_end="12:00", languages="English, Thai")
    saved = focal_point_client.post("/surveys/2021/response", data=draft, follow_redirects=True)
    html = saved.get_data(as_text=True)
    assert "Draft saved" in html and "Before the MRA talks" in html
    assert 'value="25"' in html and 'value="Q3" checked' in html
    assert _response().status == "draft"

    submit = form_data(version=_version(html), action="submit",
                       items={"aeo": item("high", 30, "online", "Q1,Q3", "Before the MRA talks")})
    done = focal_point_client.post("/surveys/2021/response", data=submit, follow_redirects=True)
    assert "Submitted the 2021 response of Thailand" in done.get_data(as_text=True)
    response = _response()
    assert response.status == "submitted" and response.submitted_by == "focal@customs.go.th"
    assert {i.cycle_topic.code: i.officers for i in response.items}["aeo"] == 30


def test_a_validation_error_keeps_every_typed_value_and_saves_nothing(focal_point_client, open_cycle):
    data = form_data(items={"aeo": item("high", 900, "online", "Q2", "Risk profiling for e-commerce"),
                            "single-window": item("low", 3, "physical", "", "x" * 1001)},
                     contact_person="Khun Somchai", window_start="14:00", window_end="10:00")
    page = focal_point_client.post("/surveys/2021/response", data=data)
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "From 0 to 500" in html and "At most 1,000 characters" in html and "must end after it starts" in html
    assert 'value="900"' in html and "Risk profiling for e-commerce" in html and "Khun Somchai" in html
    assert 'value="Q2" checked' in html
    assert _response() is None


def test_unknown_priority_or_topic_is_refused_with_a_message(focal_point_client, open_cycle):
    data = form_data()
    data["items-0-priority"] = "urgent"
    page = focal_point_client.post("/surveys/2021/response", data=data)
    assert page.status_code == 400 and "Not a valid choice" in page.get_data(as_text=True)
    data = form_data()
    data["items-0-topic_code"] = "astrology"
    page = focal_point_client.post("/surveys/2021/response", data=data)
    assert page.status_code == 400 and "is not asked about in the 2021 survey" in page.get_data(as_text=True)
    assert _response() is None


def test_second_focal_point_is_told_and_shown_the_difference(focal_point_client, open_cycle, client):
    opened = focal_point_client.get("/surveys/2021/response").get_data(as_text=True)
    first = form_data(version=_version(opened), items={"aeo": item("high", 10)})
    assert focal_point_client.post("/surveys/2021/response", data=first).status_code == 302

    make_user("second@customs.go.th", "focal_point", "TH")
    other = db.session.get(SurveyResponse, _response().id)
    assert other.version == 1
    second_client = client.application.test_client()
    login(second_client, "second@customs.go.th")
    # The second person opened the form before the first saved (no response yet: empty version).
    theirs = form_data(version="", items={"aeo": item("low", 4)})
    page = second_client.post("/surveys/2021/response", data=theirs)
    html = page.get_data(as_text=True)
    assert page.status_code == 409 and "Someone else saved this response" in html
    assert "AEO" in html or "Authorized Economic Operator" in html
    assert "<td>high</td><td>low</td>" in html and "<td>10</td><td>4</td>" in html
    db.session.expire_all()
    assert {i.cycle_topic.code: i.priority for i in _response().items}["aeo"] == "high"

    # Saving again from the conflict page (it now carries the current version) keeps theirs, knowingly.
    again = form_data(version=_version(html), items={"aeo": item("low", 4)})
    assert second_client.post("/surveys/2021/response", data=again).status_code == 302
    db.session.expire_all()
    assert {i.cycle_topic.code: i.priority for i in _response().items}["aeo"] == "low"


def test_double_submit_does_not_duplicate_or_conflict(focal_point_client, open_cycle):
    data = form_data(version="", action="submit", items={"aeo": item("medium", 5)})
    assert focal_point_client.post("/surveys/2021/response", data=data).status_code == 302
    assert focal_point_client.post("/surveys/2021/response", data=data).status_code == 302
    assert db.session.execute(select(db.func.count(SurveyResponse.id))).scalar_one() == 1
    assert db.session.execute(select(db.func.count(NeedItem.id))).scalar_one() == 4
    submits = db.session.execute(select(AuditEntry).where(AuditEntry.action == "submit")).scalars().all()
    assert len(submits) == 1 and submits[0].actor == "focal@customs.go.th"


def test_submission_after_the_deadline_is_refused_and_shown_read_only(focal_point_client, seeded):
    now = datetime.now(UTC)
    make_cycle(2020, opens=now - timedelta(days=60), closes=now - timedelta(days=1))
    page = focal_point_client.get("/surveys/2020/response")
    assert "read-only" in page.get_data(as_text=True)
    refused = focal_point_client.post("/surveys/2020/response", data=form_data(action="submit"))
    assert refused.status_code == 400 and "has passed" in refused.get_data(as_text=True)
    assert _response(year=2020) is None


def test_another_administrations_response_is_a_404(focal_point_client, open_cycle):
    assert focal_point_client.get("/surveys/2021/response?administration=JP").status_code == 404
    assert focal_point_client.post("/surveys/2021/response?administration=JP", data=form_data()).status_code == 404
    assert focal_point_client.get("/surveys/2021/template.xlsx?administration=JP").status_code == 404
    assert focal_point_client.get("/surveys/administrations/JP").status_code == 404
    assert focal_point_client.get("/surveys/1999/response").status_code == 404
    # The cycle page sends a focal point to their own response; staff pages are refused.
    assert focal_point_client.get("/surveys/2021/").headers["Location"].endswith("/surveys/2021/response")
    assert focal_point_client.get("/surveys/2021/results").status_code == 403
    assert focal_point_client.get("/api/v1/surveys/2021/needs").status_code == 403


def test_new_cycle_starts_from_last_years_answers_and_marks_changes(focal_point_client, seeded):
    now = datetime.now(UTC)
    make_cycle(2020, opens=now - timedelta(days=60), closes=now + timedelta(days=1))
    focal_point_client.post("/surveys/2020/response",
                            data=form_data(action="submit", items={"aeo": item("high", 12, "online", "Q2")}))
    make_cycle(2021)
    html = focal_point_client.get("/surveys/2021/response").get_data(as_text=True)
    assert "Pre-filled from your 2020 response" in html and 'value="12"' in html
    assert html.count(">unchanged<") == 4

    changed = form_data(items={"aeo": item("medium", 12, "online", "Q2")}, languages="English")
    html = focal_point_client.post("/surveys/2021/response", data=changed, follow_redirects=True).get_data(
        as_text=True)
    assert html.count(">unchanged<") == 3 and html.count(">changed<") == 1


def test_staff_act_for_an_administration_and_it_is_audited(staff_client, open_cycle):
    assert staff_client.get("/surveys/2021/response").headers["Location"].endswith("/surveys/2021/")
    page = staff_client.get("/surveys/2021/response?administration=fj")
    assert "You are acting for Fiji" in page.get_data(as_text=True)
    assert "(Pacific/Fiji)" in page.get_data(as_text=True)
    saved = staff_client.post("/surveys/2021/response?administration=FJ", data=form_data(items={"aeo": item("low")}))
    assert saved.headers["Location"].endswith("/surveys/2021/response?administration=FJ")
    entry = db.session.execute(select(AuditEntry).where(AuditEntry.record_type == "SurveyResponse")).scalar_one()
    assert entry.actor == "staff@rocb-ap.org" and entry.changes["acting_for"] == "FJ"


def test_the_public_sees_only_the_list_of_cycles(client, open_cycle):
    listing = client.get("/surveys/").get_data(as_text=True)
    assert "Needs Survey 2021" in listing and "/surveys/2021/" not in listing
    for path in ("/surveys/2021/", "/surveys/2021/response", "/surveys/2021/results",
                 "/surveys/2021/export.csv", "/surveys/administrations/TH"):
        assert client.get(path).status_code == 302  # to the login page
    assert client.get("/api/v1/surveys/2021/needs").status_code == 401


def test_a_form_posted_without_its_csrf_token_changes_nothing(focal_point_client, open_cycle, app):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = focal_point_client.post("/surveys/2021/response", data=form_data(items={"aeo": item("high")}))
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert page.status_code == 400 and "security token" in page.get_data(as_text=True)
    assert _response() is None
