"""A stored date must not poison a page: dates people enter are refused outside 1950-2100 with a message at the
field (status changes, sessions, survey cycles, the planner's and the proposal's range, closures and hours changes,
accreditations), and the analysis still leaves out (and names) a row that got in some other way."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from rocb.analytics import frames
from rocb.extensions import db
from rocb.registry.models import EntityStatusChange, RegionalEntity
from rocb.workshops.models import Workshop
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


# ---------------------------------------------------------------- every other date people enter: the same rule

RANGE = "from 1950-01-01 to 2100-12-31"
PROPOSAL = {"topic": "risk-management", "admins": "FJ, WS", "days": "3", "hours": "2", "reference": "Pacific/Fiji"}


@pytest.mark.parametrize("first, last", [("0001-01-01", "0001-01-10"), ("9999-12-20", "9999-12-31"),
                                         ("1949-12-20", "1950-01-10"), ("2100-12-20", "2101-01-10")])
def test_a_proposal_range_outside_the_calendar_is_refused_at_the_field(staff_client, first, last):
    query = PROPOSAL | {"from": first, "to": last}
    page = staff_client.get("/planner/workshop", query_string=query)
    assert page.status_code == 400 and RANGE in page.get_data(as_text=True)
    api = staff_client.get("/api/v1/workshop-proposal", query_string=query)
    assert api.status_code == 400 and RANGE in api.get_json()["error"]
    before = db.session.execute(select(func.count()).select_from(Workshop)).scalar_one()
    draft = staff_client.post("/planner/workshop/draft", data=query | {"rank": "0"}, follow_redirects=True)
    assert draft.status_code == 400 and "That proposal could not be read" in draft.get_data(as_text=True)
    assert db.session.execute(select(func.count()).select_from(Workshop)).scalar_one() == before


def test_a_proposal_range_inside_the_calendar_is_searched(staff_client):
    query = PROPOSAL | {"from": "2030-03-04", "to": "2030-03-29"}
    assert staff_client.get("/api/v1/workshop-proposal", query_string=query).get_json()["proposals"]


@pytest.mark.parametrize("form", ["closure", "hours"])
@pytest.mark.parametrize("field", ["first_day", "last_day"])
def test_a_closure_or_hours_change_outside_the_range_is_refused_at_the_field(staff_client, form, field):
    from rocb.closures.models import Closure, HoursChange

    data = {"name": "Office closure", "first_day": "2030-04-14", "last_day": "", "work_start": "09:00",
            "work_end": "14:00"} | {field: "9999-12-31" if field == "last_day" else "0001-01-01"}
    path = "/administrations/TH/" + ("closures" if form == "closure" else "hours-changes")
    response = staff_client.post(path, data={f"{form}-{k}": v for k, v in data.items()})
    assert response.status_code == 400 and RANGE in response.get_data(as_text=True)
    assert db.session.execute(select(func.count()).select_from(Closure)).scalar_one() == 0
    assert db.session.execute(select(func.count()).select_from(HoursChange)).scalar_one() == 0
    kept = staff_client.post(path, data={f"{form}-{k}": v for k, v in (data | {field: "2030-04-15"}).items()})
    assert kept.status_code == 302


@pytest.mark.parametrize("field", ["awarded_on", "expires_on"])
def test_an_accreditation_dated_outside_the_range_is_refused_at_the_field(staff_client, field):
    from rocb.experts.models import Accreditation
    from tests.proposals.helpers import brussels_expert

    expert = brussels_expert("Anne Dupont", "anne@example.org")
    data = {"title": "WCO accredited expert, HRM", "topic_code": "", "awarded_on": "2019-05-01",
            "expires_on": ""} | {field: "9999-12-31"}
    response = staff_client.post(f"/experts/{expert.id}/accreditations", data=data)
    assert response.status_code == 400 and RANGE in response.get_data(as_text=True)
    assert db.session.execute(select(func.count()).select_from(Accreditation)).scalar_one() == 0


@pytest.mark.parametrize("day", ["1955-05-02", "2095-05-02"])
def test_sessions_follow_the_one_documented_range_in_the_service_too(staff_client, day):
    """The form accepted 1950-2100 while the service refused before 1990 and past today + 10 years."""
    w = make_workshop()
    response = staff_client.post(f"/workshops/{w.id}/sessions/new", data={"all_day": "y", "day": day})
    assert response.status_code == 302
    assert [s.local_start.date().isoformat() for s in w.sessions] == [day]


@pytest.mark.parametrize("day", [date(1949, 12, 31), date(2101, 1, 1)])
def test_the_session_service_refuses_what_the_form_refuses(day):
    from rocb.workshops.times import SessionTimeError, timed_session, whole_day_session

    with pytest.raises(SessionTimeError, match="1950-01-01 and 2100-12-31"):
        whole_day_session(day, "Asia/Bangkok")
    with pytest.raises(SessionTimeError, match="1950-01-01 and 2100-12-31"):
        timed_session(datetime.combine(day, datetime.min.time()).replace(hour=10),
                      datetime.combine(day, datetime.min.time()).replace(hour=12), "Asia/Bangkok")
