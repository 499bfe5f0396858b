"""A stored date must not poison a page: dates people enter are refused outside 1950-2100 with a message at the
field, and the analysis still leaves out (and names) a row that got in some other way."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from rocb.analytics import frames
from rocb.extensions import db
from rocb.registry.models import EntityStatusChange, RegionalEntity
from tests.factories import make_workshop


def _entity():
    return db.session.execute(select(RegionalEntity).order_by(RegionalEntity.id)).scalars().first()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1949-12-31", "2101-01-01"])
def test_a_status_change_outside_the_range_is_refused_at_the_field(staff_client, day):
    entity = _entity()
    response = staff_client.post(f"/entities/{entity.id}/status",
                                 data={"status": "suspended", "changed_on": day, "note": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "from 1950-01-01 to 2100-12-31" in html
    assert db.session.execute(select(EntityStatusChange).filter_by(entity_id=entity.id, status="suspended")
                              ).first() is None
    assert staff_client.get("/analytics/").status_code == 200


def test_a_status_change_inside_the_range_is_kept(staff_client):
    entity = _entity()
    response = staff_client.post(f"/entities/{entity.id}/status",
                                 data={"status": "suspended", "changed_on": "2021-06-30", "note": ""})
    assert response.status_code == 302


def test_a_bad_date_already_stored_is_left_out_and_named_never_a_500(staff_client):
    entity = _entity()
    db.session.add(EntityStatusChange(entity_id=entity.id, status="closed", changed_on=date(9999, 12, 31)))
    db.session.commit()
    response = staff_client.get("/analytics/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert entity.name in html and "9999-12-31" in html


def test_frames_leave_out_workshops_and_cycles_outside_the_range():
    data = frames.NeedsData.from_rows(
        workshops=[{"workshop_id": 1, "title": "Fine", "status": "held", "first_day": date(2021, 3, 29),
                    "last_day": date(2021, 3, 30)},
                   {"workshop_id": 2, "title": "Far future", "status": "held", "first_day": date(9999, 1, 1),
                    "last_day": date(9999, 1, 2)}],
        cycles=[{"year": 2021, "closes": date(2021, 3, 31), "window_start": None, "window_end": date(9999, 12, 31)},
                {"year": 2022, "closes": date(2022, 3, 31), "window_start": None, "window_end": None}])
    assert data.workshops["title"].tolist() == ["Fine"]
    assert data.window(2021) == (date(2021, 4, 1), date(2022, 3, 31))  # the bad end read as the default
    assert any("Far future" in note and "9999-01-01" in note for note in data.left_out)
    assert any("2021" in note and "9999-12-31" in note for note in data.left_out)


@pytest.mark.parametrize("field, value", [("day", "0001-01-01"), ("day", "2101-01-01")])
def test_a_session_day_outside_the_range_is_refused(staff_client, field, value):
    w = make_workshop()
    response = staff_client.post(f"/workshops/{w.id}/sessions/new", data={"all_day": "y", field: value})
    assert response.status_code == 400 and "from 1950-01-01 to 2100-12-31" in response.get_data(as_text=True)


def test_a_timed_session_outside_the_range_is_refused(staff_client):
    w = make_workshop()
    response = staff_client.post(f"/workshops/{w.id}/sessions/new", data={
        "local_start": "9999-12-31T10:00", "local_end": "9999-12-31T12:00", "zone": ""})
    assert response.status_code == 400 and "from 1950-01-01 to 2100-12-31" in response.get_data(as_text=True)


def test_survey_cycle_dates_outside_the_range_are_refused(staff_client):
    now = datetime.now(UTC)
    response = staff_client.post("/surveys/new", data={
        "year": "2027", "title": "Needs Survey 2027", "opens_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": "9999-12-31T23:59", "zone": "Asia/Bangkok", "window_start": "0001-01-01", "window_end": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and html.count("from 1950-01-01 to 2100-12-31") >= 2


@pytest.mark.parametrize("args", ["from=0001-01-01&to=0001-01-02", "from=9999-12-30&to=9999-12-31"])
def test_planner_range_outside_the_calendar_is_refused(seeded, client, args):
    response = client.get(f"/planner?{args}&duration=60&admins=TH")
    assert response.status_code == 400 and "from 1950-01-01 to 2100-12-31" in response.get_data(as_text=True)
    assert client.get(f"/api/v1/planner?{args}&duration=60&admins=TH").status_code == 400
