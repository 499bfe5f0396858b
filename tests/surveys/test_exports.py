"""Export, template and import of the survey, as pure functions (bytes in, bytes out)."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from rocb.surveys.exports import TEMPLATE_HEADER, export_xlsx, long_csv, parse_quarters, read_template, template_xlsx

ADMINS = {"TH", "JP", "FJ"}
TOPICS = {"aeo", "single-window"}
ROW = {"cycle_year": 2021, "administration_code": "TH", "administration": "Thailand", "status": "submitted",
       "submitted_at": "2021-04-20 03:00 UTC", "topic_code": "aeo", "topic": "AEO", "package": "EC",
       "priority": "high", "officers": 25, "mode": "online", "quarters": "Q1,Q3", "comment": "=HYPERLINK(\"x\")"}


def _book(rows, title="2021", header=TEMPLATE_HEADER):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    return book


def _bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_csv_has_one_row_per_administration_and_topic_and_neutralises_formulas():
    text = long_csv([ROW, {**ROW, "topic_code": "single-window", "priority": "low", "comment": ""}]).decode("utf-8-sig")
    lines = text.strip().split("\r\n")
    assert lines[0].startswith("cycle_year,administration_code") and len(lines) == 3
    assert "'=HYPERLINK" in lines[1]


def test_xlsx_has_long_rows_and_an_administration_by_topic_matrix():
    rows = [ROW, {**ROW, "topic_code": "single-window", "priority": "medium", "officers": 3},
            {**ROW, "administration_code": "JP", "priority": "low", "officers": 8}]
    book = load_workbook(io.BytesIO(export_xlsx(rows)))
    assert book.sheetnames == ["Need items", "Priority matrix", "Officers matrix"]
    long = list(book["Need items"].values)
    assert len(long) == 4 and long[1][-1] == '=HYPERLINK("x")'  # kept as text, not a formula
    assert book["Need items"].cell(2, 13).data_type == "s"
    matrix = list(book["Priority matrix"].values)
    assert matrix[0] == ("cycle_year", "administration_code", "aeo", "single-window")
    assert matrix[1] == (2021, "TH", "H", "M") and matrix[2] == (2021, "JP", "L", None)
    assert list(book["Officers matrix"].values)[1] == (2021, "TH", 25, 3)


def test_the_template_reads_back_without_problems():
    data = template_xlsx(2021, [("aeo", "AEO", "Economic Competitiveness"), ("single-window", "SW", "EC")], ["TH"])
    rows, problems = read_template(data, 2021, ADMINS, TOPICS)
    assert problems == [] and [(r.administration_code, r.topic_code, r.priority) for r in rows] == [
        ("TH", "aeo", "none"), ("TH", "single-window", "none")]


def test_valid_rows_are_normalised():
    data = _bytes(_book([["th", "aeo", "High", 12.0, "Online", "q3, 1", "Before the MRA"]]))
    rows, problems = read_template(data, 2021, ADMINS, TOPICS)
    assert problems == []
    assert rows[0].administration_code == "TH" and rows[0].priority == "high" and rows[0].officers == 12
    assert rows[0].mode == "online" and rows[0].quarters == "Q1,Q3" and rows[0].row == 2


def test_every_bad_cell_is_named_by_row_and_column_and_no_row_comes_back():
    data = _bytes(_book([
        ["TH", "aeo", "high", 10, "online", "Q1", ""],
        ["XX", "astrology", "urgent", 501, "teleport", "Q5", "x" * 1001],
        ["TH", "aeo", "low", "ten", "any", "", ""],
        ["TH", "aeo", "low", 2, "any", "", ""],
    ]))
    rows, problems = read_template(data, 2021, ADMINS, TOPICS)
    assert rows == []
    text = [str(p) for p in problems]
    assert "row 3, column A (administration code): Unknown administration code 'XX'." in text
    assert any(t.startswith("row 3, column B (topic code)") for t in text)
    assert any(t.startswith("row 3, column C (priority)") for t in text)
    assert any(t.startswith("row 3, column D (officers)") for t in text)
    assert any(t.startswith("row 3, column E (mode)") for t in text)
    assert any(t.startswith("row 3, column F (quarters)") for t in text)
    assert any(t.startswith("row 3, column G (comment)") and "1001 characters" in t for t in text)
    assert any(t.startswith("row 4, column D (officers)") for t in text)
    assert any(t.startswith("row 5, column B") and "already on row 2" in t for t in text)


@pytest.mark.parametrize("make, expected", [
    (lambda: b"name,priority\nTH,high\n", "not an Excel workbook"),
    (lambda: _bytes(_book([["TH", "aeo", "high", 1, "any", "", ""]], title="Sheet1")), "no sheet named '2021'"),
    (lambda: _bytes(_book([["TH", "aeo"]], header=("code", "topic"))), "The first row must be the header"),
    (lambda: _bytes(_book([])), "has no rows to import"),
])
def test_a_file_that_cannot_be_read_gets_one_clear_message(make, expected):
    rows, problems = read_template(make(), 2021, ADMINS, TOPICS)
    assert rows == [] and len(problems) == 1 and expected in str(problems[0])


def test_merged_cells_and_formulas_are_refused():
    book = _book([["TH", "aeo", "high", 1, "any", "", ""], ["TH", "single-window", "low", "=1+1", "any", "", ""]])
    rows, problems = read_template(_bytes(book), 2021, ADMINS, TOPICS)
    assert rows == [] and [str(p) for p in problems] == [
        "row 3, column D (officers): Formulas are not accepted: type the value."]
    book.active.merge_cells("F2:G2")
    rows, problems = read_template(_bytes(book), 2021, ADMINS, TOPICS)
    assert rows == [] and "Merged cells F2:G2" in str(problems[0])


def test_quarters_are_read_leniently_but_not_invented():
    assert parse_quarters("q4; Q2") == "Q2,Q4"
    assert parse_quarters("") == ""
    assert parse_quarters("Q1, summer") is None
