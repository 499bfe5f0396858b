"""Numbers people (or a damaged page) send in a form: "nan", "inf", "²", "٣", an integer past 64 bits. Each is
refused with a message at the field, or the whole post with a clear message, and nothing is saved: never a 500."""

import io
import re
from datetime import datetime

import pytest
from sqlalchemy import func, select

from rocb import params
from rocb.extensions import db
from rocb.workshops.attendance_file import MAX_MINUTES, read_report
from rocb.workshops.models import SessionAttendance, Workshop
from tests.factories import make_participant, make_workshop

HUGE = "9" * 25  # past 64 bits
NOT_FINITE = ["nan", "NaN", "inf", "-inf", "Infinity", "1e999", "²", "٣", "2,5", "0x10", "1e1"]


def _count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_decimal_number_reads_ascii_digits_with_one_point_within_bounds():
    assert [params.decimal_number(t, 0, 12) for t in ("2", "2.5", " .75 ", "12", "0")] == [2, 2.5, 0.75, 12, 0]
    assert [params.decimal_number(t, 0, 12) for t in NOT_FINITE + ["12.01", "-1", "", None, "1.2.3"]] == [None] * 16


# ---------------------------------------------------------------- proposals: hours per day

PROPOSAL = {"topic": "risk-management", "admins": "FJ, WS", "days": "3", "from": "2030-03-04", "to": "2030-03-29",
            "reference": "Pacific/Fiji"}


@pytest.mark.parametrize("hours", NOT_FINITE)
def test_hours_per_day_that_are_not_a_number_are_refused_at_the_field(staff_client, hours):
    query = PROPOSAL | {"hours": hours}
    before = _count(Workshop)
    page = staff_client.get("/planner/workshop", query_string=query)
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and "is not a number of hours" in html and f'value="{hours}"' in html
    api = staff_client.get("/api/v1/workshop-proposal", query_string=query)
    assert api.status_code == 400 and api.get_json()["error"].startswith("hours: ")
    draft = staff_client.post("/planner/workshop/draft", data=query | {"rank": "0"}, follow_redirects=True)
    assert draft.status_code == 400 and "is not a number of hours" in draft.get_data(as_text=True)
    assert _count(Workshop) == before


def test_hours_per_day_with_a_fraction_are_still_read(staff_client):
    data = staff_client.get("/api/v1/workshop-proposal", query_string=PROPOSAL | {"hours": "1.5"}).get_json()
    assert data["proposals"] and all(
        (datetime.fromisoformat(s["end_utc"]) - datetime.fromisoformat(s["start_utc"])).seconds == 90 * 60
        for s in data["proposals"][0]["sessions"])


# ---------------------------------------------------------------- attendance: the grid and the report


def _held():
    w = make_workshop("Regional Workshop on Post-Clearance Audit", status="held",
                      sessions=[(datetime(2026, 3, 2, 10), datetime(2026, 3, 2, 12))])
    return w, make_participant(w, "Mele Tupou", "mele@customs.gov.to", "TO")


@pytest.mark.parametrize("tick", ["²-1", "1-²", "٣-1", f"{HUGE}-1", f"1-{2**63}", "-1", "x"])
def test_a_damaged_tick_of_the_attendance_grid_saves_nothing(staff_client, tick):
    w, mele = _held()
    good = f"{mele.id}-{w.sessions[0].id}"
    response = staff_client.post(f"/workshops/{w.id}/attendance", data={"present": [good, tick]})
    assert response.status_code == 400 and "damaged on the way" in response.get_data(as_text=True)
    assert _count(SessionAttendance) == 0
    assert staff_client.post(f"/workshops/{w.id}/attendance", data={"present": [good]}).status_code == 302
    assert _count(SessionAttendance) == 1


@pytest.mark.parametrize("choice", ["²", "٣", HUGE, "-1", ""])
def test_a_damaged_choice_for_an_unmatched_row_asks_again(staff_client, choice):
    w, mele = _held()
    report = b"Name (Original Name),User Email,Duration (Minutes)\nM. Tupou,,80\n"
    preview = staff_client.post(f"/workshops/{w.id}/attendance/import",
                                data={"session_id": w.sessions[0].id, "file": (io.BytesIO(report), "zoom.csv")})
    payload = re.search(r'name="payload" value="([^"]+)"', preview.get_data(as_text=True)).group(1)
    response = staff_client.post(f"/workshops/{w.id}/attendance/import", data={"payload": payload, "row-2": choice})
    assert response.status_code == 400 and "Row 2 (M. Tupou): choose who it is" in response.get_data(as_text=True)
    assert _count(SessionAttendance) == 0


@pytest.mark.parametrize("duration, minutes", [("9" * 400, None), ("nan", None), ("٣", None), ("75.5", 76),
                                               ("99999999h", None), ("1h15m", 75)])
def test_a_duration_in_an_attendance_report_is_read_within_bounds(duration, minutes):
    report = f"Name,Duration (Minutes)\nMele Tupou,{duration}\n".encode()
    assert [a.minutes for a in read_report("zoom.csv", report)] == [minutes]


def test_a_person_who_joined_many_times_never_totals_more_than_the_database_holds():
    report = "Name,Duration (Minutes)\n" + f"Mele Tupou,{MAX_MINUTES}\n" * 3
    (mele,) = read_report("zoom.csv", report.encode())
    assert mele.minutes == MAX_MINUTES


# ---------------------------------------------------------------- the survey response's hidden version


@pytest.mark.parametrize("version", ["²", HUGE, "٣", str(2**63), "-1", "1e3"])
def test_a_damaged_version_of_the_survey_form_is_a_clear_message(focal_point_client, version):
    from tests.surveys.conftest import form_data, item, make_cycle

    make_cycle(2021)
    data = form_data(version=version, items={"aeo": item("high", 3, "online", "Q1", "")})
    response = focal_point_client.post("/surveys/2021/response", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "The form was damaged on the way" in html
    assert "reload the page" in html
    from rocb.surveys.models import SurveyResponse

    assert _count(SurveyResponse) == 0
