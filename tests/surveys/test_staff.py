"""Staff: create and run a cycle, see who submitted, results, history, export and import."""

import io
from datetime import UTC, datetime, time, timedelta

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from rocb.extensions import db
from rocb.registry.models import Topic
from rocb.surveys import services
from rocb.surveys.models import SurveyCycle, SurveyResponse
from tests.conftest import QueryCounter, make_user
from tests.surveys.conftest import TOPICS, item, make_cycle


def _answer(code, year=2021, submit=True, **items):
    from rocb.registry.models import Administration

    cycle = db.session.execute(select(SurveyCycle).where(SurveyCycle.year == year)).scalar_one()
    admin = db.session.execute(select(Administration).where(Administration.code == code)).scalar_one()
    data = {"window_start": time(9), "window_end": time(12), "languages": "", "contact_person": "",
            "other_needs": "", "items": {c: items.get(c.replace("-", "_"), item()) for c in TOPICS}}
    response = services.save_response(cycle, admin, data, None, submit=submit)
    db.session.commit()
    return response


def test_staff_create_a_cycle_whose_topics_are_frozen(staff_client):
    page = staff_client.post("/surveys/new", data={
        "year": "2022", "title": "Needs Survey 2022", "opens_at": "2022-03-01T09:00", "closes_at": "2022-04-30T23:59",
        "zone": "Asia/Bangkok", "topic_codes": ["aeo", "single-window"]})
    assert page.status_code == 302 and page.headers["Location"].endswith("/surveys/2022/")
    cycle = db.session.execute(select(SurveyCycle)).scalar_one()
    assert cycle.closes_at == datetime(2022, 4, 30, 16, 59, tzinfo=UTC)
    # The 12 months after the closing day (30 April), as analytics count them.
    assert cycle.delivery_window() == (datetime(2022, 5, 1).date(), datetime(2023, 4, 30).date())
    db.session.execute(select(Topic).where(Topic.code == "aeo")).scalar_one().name = "Renamed later"
    db.session.commit()
    assert [t.name for t in cycle.topics][0].startswith("Authorized Economic Operator")

    again = staff_client.post("/surveys/new", data={
        "year": "2022", "title": "Twice", "opens_at": "2022-05-01T09:00", "closes_at": "2022-04-30T23:59",
        "zone": "Asia/Bangkok", "topic_codes": ["aeo"]})
    assert again.status_code == 400 and "already used" in again.get_data(as_text=True)
    assert 'value="Twice"' in again.get_data(as_text=True)


def test_status_page_shows_each_administration_and_its_local_deadline(staff_client, open_cycle):
    _answer("TH", aeo=item("high", 10))
    _answer("JP", submit=False)
    html = staff_client.get("/surveys/2021/").get_data(as_text=True)
    assert "1 submitted, 1 draft, 33 not started" in html
    assert "(Pacific/Apia)" in html and "(Asia/Kabul)" in html


def test_status_and_results_pages_issue_a_fixed_number_of_queries(staff_client, open_cycle):
    _answer("TH", aeo=item("high", 10))
    staff_client.get("/surveys/2021/")
    with QueryCounter() as few:
        staff_client.get("/surveys/2021/")
        staff_client.get("/surveys/2021/results")
    for code in ("JP", "FJ", "IN", "WS", "AF"):
        _answer(code, aeo=item("low", 1), single_window=item("medium", 2, quarters="Q2"))
    staff_client.get("/surveys/2021/")  # (reloads what the commits above expired in the shared session)
    with QueryCounter() as many:
        staff_client.get("/surveys/2021/")
        staff_client.get("/surveys/2021/results")
    assert many.count == few.count


def test_close_reopen_and_reopen_for_one_administration(staff_client, open_cycle):
    assert staff_client.post("/surveys/2021/close").status_code == 302
    db.session.refresh(open_cycle)
    assert open_cycle.state() == "closed"
    future = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    page = staff_client.post("/surveys/2021/reopen/th", data={"until": future, "zone": "Asia/Bangkok"})
    assert page.status_code == 302
    response = db.session.execute(select(SurveyResponse)).scalar_one()
    assert services.can_edit(open_cycle, response) and not services.can_edit(open_cycle, None)
    past = staff_client.post("/surveys/2021/reopen", data={"until": "2001-01-01T00:00", "zone": "Asia/Bangkok"})
    assert past.status_code == 400 and "must be in the future" in past.get_data(as_text=True)
    assert staff_client.post("/surveys/2021/reopen", data={"until": future, "zone": "Asia/Bangkok"}).status_code == 302
    db.session.refresh(open_cycle)
    assert open_cycle.state() == "open"


def test_reminder_list_names_focal_points_of_those_not_submitted(staff_client, open_cycle):
    make_user("fp@customs.go.th", "focal_point", "TH")
    make_user("fp@customs.go.jp", "focal_point", "JP")
    _answer("TH")
    html = staff_client.get("/surveys/2021/reminders").get_data(as_text=True)
    assert "fp@customs.go.jp" in html and "fp@customs.go.th" not in html


def test_results_count_submitted_responses_only(staff_client, open_cycle):
    _answer("TH", aeo=item("high", 10, "online", "Q1"))
    _answer("JP", aeo=item("medium", 5, "online", "Q1,Q2"))
    _answer("FJ", submit=False, aeo=item("high", 99))
    html = staff_client.get("/surveys/2021/results").get_data(as_text=True)
    assert "From the 2 submitted responses" in html
    row = html.split('data-topic="aeo"')[1].split("</tr>")[0]
    cells = [c.split(">", 1)[1] for c in row.split("</td>")[:-1]]
    assert cells[2:8] == ["2", "1", "1", "0", "5", "15"] and "Q1 2" in row


def test_year_over_year_per_administration(staff_client, seeded):
    now = datetime.now(UTC)
    make_cycle(2020, opens=now - timedelta(days=9), closes=now + timedelta(days=1))
    make_cycle(2021)
    _answer("TH", year=2020, aeo=item("low", 3))
    _answer("TH", year=2021, aeo=item("high", 20))
    html = staff_client.get("/surveys/administrations/TH").get_data(as_text=True)
    assert "low · 3" in html and "high · 20" in html and html.index("low · 3") < html.index("high · 20")


def test_export_csv_and_xlsx(staff_client, open_cycle):
    _answer("TH", aeo=item("high", 10, comment="Thai, ภาษาไทย"))
    csv = staff_client.get("/surveys/2021/export.csv")
    assert csv.headers["Content-Disposition"] == 'attachment; filename="needs-survey-2021.csv"'
    lines = csv.get_data().decode("utf-8-sig").strip().split("\r\n")
    assert len(lines) == 1 + 4 and "ภาษาไทย" in csv.get_data().decode("utf-8-sig")
    book = load_workbook(io.BytesIO(staff_client.get("/surveys/2021/export.xlsx").get_data()))
    header, row = list(book["Priority matrix"].values)[:2]
    assert row[:2] == (2021, "TH") and row[header.index("aeo")] == "H"


def _upload(client, rows, title="2021"):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(["administration code", "topic code", "priority", "officers", "mode", "quarters", "comment"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return client.post("/surveys/2021/import", data={"file": (out, "filled.xlsx")},
                       content_type="multipart/form-data")


def test_import_is_all_or_nothing(staff_client, open_cycle):
    bad = _upload(staff_client, [["TH", "aeo", "high", 10, "online", "Q1", ""],
                                 ["JP", "aeo", "urgent", 10, "online", "Q1", ""]])
    assert bad.status_code == 400 and "Nothing was imported" in bad.get_data(as_text=True)
    assert "row 3, column C (priority)" in bad.get_data(as_text=True)
    assert db.session.execute(select(SurveyResponse)).first() is None

    good = _upload(staff_client, [["TH", "aeo", "high", 10, "online", "Q1", ""],
                                  ["JP", "aeo", "low", 2, "any", "", "by e-mail"]])
    assert good.status_code == 302
    responses = db.session.execute(select(SurveyResponse)).scalars().all()
    assert sorted(r.administration.code for r in responses) == ["JP", "TH"]
    assert all(r.status == "submitted" and r.submitted_by == "staff@rocb-ap.org (import)" for r in responses)


def test_import_of_a_file_that_is_not_xlsx_changes_nothing(staff_client, open_cycle):
    page = staff_client.post("/surveys/2021/import", data={"file": (io.BytesIO(b"%PDF-1.4"), "needs.pdf")},
                             content_type="multipart/form-data")
    assert page.status_code == 400 and "not an Excel workbook" in page.get_data(as_text=True)


def test_template_for_one_administration(staff_client, open_cycle):
    book = load_workbook(io.BytesIO(staff_client.get("/surveys/2021/template.xlsx?administration=TH").get_data()))
    assert [r[:2] for r in list(book["2021"].values)[1:]] == [("TH", code) for code in TOPICS]


def test_needs_api_for_staff(staff_client, open_cycle):
    _answer("TH", aeo=item("high", 10))
    body = staff_client.get("/api/v1/surveys/2021/needs").get_json()
    assert body["cycle"]["year"] == 2021 and len(body["needs"]) == 4
    assert {"administration_code": "TH", "topic_code": "aeo", "priority": "high"}.items() <= body["needs"][2].items()
    assert staff_client.get("/api/v1/surveys/1990/needs").status_code == 404
    assert staff_client.get("/api/v1/surveys/2021/needs?status=lost").status_code == 400
