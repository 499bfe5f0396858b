"""Roster import and export through the pages: all or nothing, errors by row and column, re-import is a no-op."""

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from rocb.extensions import db
from rocb.workshops.models import Participant
from tests.factories import make_workshop

GOOD = (b"name,email,administration,role,attended,gender\n"
        b"Somchai Jaidee,somchai@customs.go.th,TH,formal participant,yes,male\n"
        b"Aiko Tanaka,aiko@customs.go.jp,Japan,observer,yes,female\n")


def _upload(client, workshop, data, name="roster.csv"):
    return client.post(f"/workshops/{workshop.id}/roster/import", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _count(workshop):
    return db.session.execute(select(func.count(Participant.id)).filter_by(workshop_id=workshop.id)).scalar_one()


def test_a_bad_row_rejects_the_whole_file_and_names_row_and_column(staff_client):
    w = make_workshop()
    response = _upload(staff_client, w, GOOD + b"Bad Person,bad@customs.go.th,Thialand,formal participant,yes,\n")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and _count(w) == 0
    assert "<td>4</td><td>administration</td>" in html and "did you mean Thailand (TH)?" in html


def test_a_good_file_imports_and_the_same_file_again_changes_nothing(staff_client):
    w = make_workshop()
    assert _upload(staff_client, w, GOOD).status_code == 302
    assert _count(w) == 2
    response = _upload(staff_client, w, GOOD)
    assert response.status_code == 302 and _count(w) == 2
    assert "0 added, 0 updated, 2 unchanged" in staff_client.get(response.headers["Location"]).get_data(as_text=True)
    html = staff_client.get(f"/workshops/{w.id}").get_data(as_text=True)
    assert "1 formal participant and 1 observer from 2 member administrations confirmed" in html
    assert "1 female, 1 male" in html


def test_xlsx_round_trip_export_then_import(staff_client):
    w = make_workshop()
    _upload(staff_client, w, GOOD)
    xlsx = staff_client.get(f"/workshops/{w.id}/roster.xlsx").data
    rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("name", "email", "administration", "role") and len(rows) == 3
    other = make_workshop("Another workshop")
    assert _upload(staff_client, other, xlsx, "roster.xlsx").status_code == 302 and _count(other) == 2
    assert "somchai@customs.go.th" in staff_client.get(f"/workshops/{w.id}/roster.csv").get_data(as_text=True)


def test_templates_download(staff_client):
    csv_template = staff_client.get("/workshops/roster-template.csv").get_data(as_text=True)
    assert csv_template.lstrip("\ufeff").startswith("name,email,administration,role,attended,gender")
    assert staff_client.get("/workshops/roster-template.xlsx").data[:2] == b"PK"


def test_bad_files_get_clear_messages_and_change_nothing(staff_client):
    w = make_workshop()
    cases = [(b"", "roster.csv", "The file is empty"), (b"%PDF-1.7 ...", "roster.pdf", "Upload a CSV"),
             (b"name,mail,administration,role\n", "roster.csv", "missing column(s): email")]
    for data, name, message in cases:
        response = _upload(staff_client, w, data, name)
        assert response.status_code == 400 and message in response.get_data(as_text=True), name
    assert _count(w) == 0


def test_a_file_over_the_size_limit_gets_the_413_page(staff_client):
    w = make_workshop()
    response = _upload(staff_client, w, b"x" * (11 * 1024 * 1024))
    assert response.status_code == 413 and "too large" in response.get_data(as_text=True)
    assert _count(w) == 0


def test_a_focal_point_cannot_import_a_roster(focal_point_client):
    w = make_workshop()
    assert _upload(focal_point_client, w, GOOD).status_code == 403 and _count(w) == 0
