"""A focal point's follow-up answer reaches /analytics/, its CSV downloads and the JSON twin: the follow-ups have
their own data version, so the cached page is rendered again."""

import csv
import io
import re

from sqlalchemy import select

from rocb.analytics import services
from rocb.extensions import db
from rocb.followups.models import FollowUp
from rocb.followups.services import open_followups
from rocb.workshops.models import Workshop
from tests.analytics.records import administration, hand_checked
from tests.conftest import login, make_user


def _csv(client, name):
    response = client.get(f"/analytics/charts/{name}.csv?cycle=2021")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def _valuation(client) -> dict:
    topics = client.get("/api/v1/analytics/needs-vs-delivery?cycle=2021").get_json()["topics"]
    return next(t for t in topics if t["topic_code"] == "valuation")


def test_an_answer_turns_no_answer_yet_into_applied_on_the_page_the_csv_and_the_api(staff_client, app):
    hand_checked()
    valuation = db.session.execute(select(Workshop).where(Workshop.title == "Valuation workshop")).scalar_one()
    open_followups(valuation)  # Thailand (formal participant), Japan (observer), Malaysia (a headcount)
    db.session.commit()
    make_user("focal@customs.go.th", "focal_point", "TH")

    before = _valuation(staff_client)
    assert (before["asking_reached"], before["asking_applied"], before["asking_no_answer"]) == (1, 0, 1)
    page = staff_client.get("/analytics/?cycle=2021")
    version = page.headers["X-Data-Version"]
    html = page.get_data(as_text=True)
    assert "Asked, delivered and applied per topic" in html and 'data-testid="applied-definition"' in html
    assert [g["gap"] for g in _csv(staff_client, "gaps") if g["administration_code"] == "TH"
            and g["topic_code"] == "valuation"] == ["no answer yet"]

    data_version = services.current_version()
    thai = app.test_client()
    login(thai, "focal@customs.go.th")
    followup = db.session.execute(select(FollowUp).where(
        FollowUp.administration_id == administration("TH").id)).scalar_one()
    form = thai.get(f"/followups/{followup.id}").get_data(as_text=True)
    saved = thai.post(f"/followups/{followup.id}", data={
        "version": re.search(r'name="version" type="hidden" value="(\d+)"', form).group(1), "applied": "partly",
        "what_changed": "Valuation database checks", "support_needed": ""})
    assert saved.status_code == 302
    assert services.current_version() != data_version  # the follow-ups' data version moved

    after = _valuation(staff_client)
    assert (after["asking_reached"], after["asking_applied"], after["asking_no_answer"]) == (1, 1, 0)
    page = staff_client.get("/analytics/?cycle=2021")
    assert page.headers["X-Data-Version"] != version
    rows = {r["topic_code"]: r for r in _csv(staff_client, "applied")}
    assert (rows["valuation"]["asking_applied"], rows["valuation"]["asking_no_answer"]) == ("1", "0")
    assert not [g for g in _csv(staff_client, "gaps") if g["administration_code"] == "TH"
                and g["topic_code"] == "valuation"]
    # Japan's answer does not count: it sent an observer, so it was not reached.
    japan = db.session.execute(select(FollowUp).where(
        FollowUp.administration_id == administration("JP").id)).scalar_one()
    japan.applied = "fully"
    db.session.commit()
    assert _valuation(staff_client)["asking_applied"] == 1


def test_the_public_page_shows_the_applied_chart_without_names(client, seeded):
    hand_checked()
    valuation = db.session.execute(select(Workshop).where(Workshop.title == "Valuation workshop")).scalar_one()
    for followup in open_followups(valuation):
        followup.applied = "fully"
    db.session.commit()
    html = client.get("/analytics/?cycle=2021").get_data(as_text=True)
    assert 'data-testid="chart-applied"' in html and "Applied (partly or fully)" in html
    assert "gap-list" not in html  # the gap list names administrations: staff only
