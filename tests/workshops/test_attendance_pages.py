"""Attendance per session as staff keep it: ticks, or a Zoom report matched, resolved, then saved."""

import csv
import io
import re
from datetime import datetime

from docx import Document
from sqlalchemy import func, select

from rocb.extensions import db
from rocb.workshops.models import Participant, SessionAttendance
from tests.factories import make_participant, make_workshop

ZOOM = (b"Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        b"Somchai Jaidee,somchai@customs.go.th,,,90,No\n"
        b"Mele T.,,,,80,Yes\n")


def _held():
    w = make_workshop("Regional Workshop on Post-Clearance Audit", status="held", sessions=[
        (datetime(2026, 3, 2, 10), datetime(2026, 3, 2, 12)), (datetime(2026, 3, 3, 10), datetime(2026, 3, 3, 12))])
    people = [make_participant(w, "Somchai Jaidee", "somchai@customs.go.th", "TH"),
              make_participant(w, "Anan Chai", "anan@customs.go.th", "TH"),
              make_participant(w, "Mele Tupou", "mele@customs.gov.to", "TO")]
    return w, people


def _present():
    return db.session.execute(select(func.count()).select_from(SessionAttendance)).scalar_one()


def test_staff_tick_attendance_and_the_rates_show(staff_client):
    w, (somchai, anan, mele) = _held()
    first, second = w.sessions
    staff_client.post(f"/workshops/{w.id}/attendance", data={"present": [
        f"{somchai.id}-{first.id}", f"{somchai.id}-{second.id}", f"{mele.id}-{first.id}"]})
    db.session.expire_all()
    assert not db.session.get(Participant, anan.id).attended and db.session.get(Participant, mele.id).attended
    page = staff_client.get(f"/workshops/{w.id}").get_data(as_text=True)
    assert "Attendance: 50% of session places attended" in page
    assert re.search(r'data-testid="rate-TH">2/4 \(50%\)<', page) and 'data-testid="rate-TO">1/2 (50%)<' in page
    assert "attended by 2 formal participants from 2 member administrations" in page  # Anan did not come
    report = staff_client.get("/reports/activity?from=2026-01-01&to=2026-03-31").get_data(as_text=True)
    assert "Attendance: 50% of session places attended (TH 50%, TO 50%)." in report


def test_an_attendance_report_is_saved_only_after_every_unmatched_row_is_resolved(staff_client):
    w, (somchai, anan, mele) = _held()
    first = w.sessions[0]
    preview = staff_client.post(f"/workshops/{w.id}/attendance/import",
                                data={"session_id": first.id, "file": (io.BytesIO(ZOOM), "participants.csv")})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and _present() == 0
    assert "Matched to nobody (1)" in html and "Mele T." in html
    payload = re.search(r'name="payload" value="([^"]+)"', html).group(1)
    unresolved = staff_client.post(f"/workshops/{w.id}/attendance/import", data={"payload": payload})
    assert unresolved.status_code == 400 and "Row 3 (Mele T.): choose who it is" in unresolved.get_data(as_text=True)
    assert _present() == 0
    done = staff_client.post(f"/workshops/{w.id}/attendance/import",
                             data={"payload": payload, "row-3": str(mele.id)}, follow_redirects=True)
    assert "Attendance of 2 participant(s) saved from participants.csv." in done.get_data(as_text=True)
    rows = db.session.execute(select(SessionAttendance.participant_id, SessionAttendance.minutes)).all()
    assert sorted(rows) == sorted([(somchai.id, 90), (mele.id, 80)])


def test_a_file_with_unknown_columns_is_refused_naming_the_expected_ones(staff_client):
    w, _ = _held()
    response = staff_client.post(f"/workshops/{w.id}/attendance/import", data={
        "session_id": w.sessions[0].id, "file": (io.BytesIO(b"Who,When\nx,y\n"), "report.csv")})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "not an attendance report" in html and "User Email" in html
    assert _present() == 0


def test_a_tampered_report_is_not_saved(staff_client):
    w, _ = _held()
    response = staff_client.post(f"/workshops/{w.id}/attendance/import", data={"payload": "forged"})
    assert response.status_code == 302 and _present() == 0


def test_a_session_not_started_takes_no_attendance(staff_client):
    w = make_workshop("Future workshop", sessions=[(datetime(2030, 3, 2, 10), datetime(2030, 3, 2, 12))])
    p = make_participant(w, "Somchai Jaidee", "somchai@customs.go.th", "TH")
    assert "No session has started yet" in staff_client.get(f"/workshops/{w.id}/attendance").get_data(as_text=True)
    staff_client.post(f"/workshops/{w.id}/attendance", data={"present": [f"{p.id}-{w.sessions[0].id}"]})
    assert _present() == 0


def test_the_report_files_carry_the_attendance_rate_and_the_confirmed_people(staff_client):
    w, (somchai, _anan, mele) = _held()
    first, _second = w.sessions
    staff_client.post(f"/workshops/{w.id}/attendance", data={"present": [f"{somchai.id}-{first.id}",
                                                                          f"{mele.id}-{first.id}"]})
    planned = make_workshop("Regional Workshop on AEO", status="planned",
                            sessions=[(datetime(2026, 3, 20, 10), datetime(2026, 3, 20, 12))])
    make_participant(planned, "Kiri Tane", "kiri@customs.govt.nz", "NZ")
    period = "/reports/activity?from=2026-01-01&to=2026-03-31"
    md = staff_client.get(period + "&format=md").get_data(as_text=True)
    assert "Attendance: 33% of session places attended (TH 25%, TO 50%)." in md
    assert "Not held yet: 1 formal participant from 1 member administration confirmed." in md
    assert "AEO was attended" not in md and md.count("attended by") == 1
    rows = {r["title"]: r for r in csv.DictReader(io.StringIO(staff_client.get(period + "&format=csv")
                                                               .get_data(as_text=True)))}
    assert rows["Regional Workshop on Post-Clearance Audit"]["attendance"].startswith("33% of session places")
    aeo = rows["Regional Workshop on AEO"]
    assert aeo["summary"] == "" and aeo["confirmed"] == "1 formal participant from 1 member administration confirmed"
    text = "\n".join(p.text for p in Document(io.BytesIO(staff_client.get(period + "&format=docx").data)).paragraphs)
    assert "Attendance: 33% of session places attended" in text and "Not held yet: 1 formal participant" in text
