"""Spreadsheet bombs: a small upload that unpacks to something huge, or a sheet that claims (or really has) a
huge number of rows, is refused with a message, before it is loaded, not after minutes and gigabytes."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from rocb import spreadsheets
from rocb.surveys.exports import TEMPLATE_HEADER, read_template
from tests.factories import make_workshop

ROSTER_HEADER = ["name", "email", "administration", "role"]


def _workbook(header, title="Sheet") -> bytes:
    book = Workbook()
    book.active.title = title
    book.active.append(header)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_sheet_xml(data: bytes, change) -> bytes:
    """The same workbook with the first sheet's XML rewritten by change(xml bytes)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = change(body)
            target.writestr(info.filename, body)
    return out.getvalue()


def huge_unpacked(header, title="Sheet") -> bytes:
    """Under 100 KB on disk, 30 MB of XML inside (blank rows after the header)."""
    blank = b"<row/>" * (30 * 1024 * 1024 // 6)
    return _with_sheet_xml(_workbook(header, title), lambda xml: xml.replace(b"</sheetData>", blank + b"</sheetData>"))


def claims_huge_dimension(header, title="Sheet") -> bytes:
    return _with_sheet_xml(_workbook(header, title),
                           lambda xml: xml.replace(b'<dimension ref="A1:D1"', b'<dimension ref="A1:XFD1048576"')
                           .replace(b'<dimension ref="A1:G1"', b'<dimension ref="A1:XFD1048576"'))


def lies_about_rows(header, title="Sheet") -> bytes:
    """No dimension at all, and a last row numbered 1,048,576: a reader fills in a million empty rows."""
    def change(xml):
        start = xml.index(b"<dimension")
        xml = xml[:start] + xml[xml.index(b"/>", start) + 2:]
        return xml.replace(b"</sheetData>", b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c>'
                                            b"</row></sheetData>")
    return _with_sheet_xml(_workbook(header, title), change)


def _upload(client, workshop, data):
    return client.post(f"/workshops/{workshop.id}/roster/import",
                       data={"file": (io.BytesIO(data), "roster.xlsx")}, content_type="multipart/form-data")


def test_the_bombs_are_small_files():
    assert len(huge_unpacked(ROSTER_HEADER)) < 100_000
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(huge_unpacked(ROSTER_HEADER))).infolist()) > 30e6


@pytest.mark.parametrize("bomb, message", [
    (huge_unpacked, "refused as a spreadsheet bomb"),
    (claims_huge_dimension, "declares 1,048,576 rows and 16,384 columns"),
    (lies_about_rows, "more than 20,000 rows"),
])
def test_a_roster_bomb_is_refused_with_a_message(staff_client, bomb, message):
    w = make_workshop()
    response = _upload(staff_client, w, bomb(ROSTER_HEADER))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize("bomb, message", [
    (huge_unpacked, "refused as a spreadsheet bomb"),
    (claims_huge_dimension, "declares 1,048,576 rows"),
    (lies_about_rows, "more than 20,000 rows"),
])
def test_a_survey_bomb_is_refused_with_a_message(bomb, message):
    rows, problems = read_template(bomb(list(TEMPLATE_HEADER), "2021"), 2021, {"TH"}, {"aeo"})
    assert rows == [] and len(problems) == 1 and message in str(problems[0])


def test_a_workbook_just_under_the_limits_is_read():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Roster")
    sheet.append(ROSTER_HEADER)
    for n in range(2000):
        sheet.append([f"Person {n}", f"p{n}@customs.go.th", "TH", "observer"])
    out = io.BytesIO()
    book.save(out)
    opened = spreadsheets.open_workbook(out.getvalue(), max_rows=2000)
    try:
        assert sum(1 for _ in spreadsheets.bounded_rows(opened.worksheets[0], 2000)) == 2001
    finally:
        opened.close()
