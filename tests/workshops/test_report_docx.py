"""The activity report as a Word document: real heading styles an editor can restyle, and a file LibreOffice
converts (Debian's soffice; missing, the test is skipped locally and fails under CI)."""

import io
import os
import shutil
import subprocess

import pytest
from docx import Document

Q1 = "/reports/activity?from=2021-01-01&to=2021-03-31&format=docx"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(client) -> bytes:
    response = client.get(Q1)
    assert response.status_code == 200 and response.mimetype == DOCX
    assert 'filename="activity-report-2021-01-01-2021-03-31.docx"' in response.headers["Content-Disposition"]
    return response.data


def test_the_docx_is_the_newsletter_section_in_word_styles(seeded, client):
    document = Document(io.BytesIO(_docx(client)))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert styled[0] == ("Title", "Workshops and Meetings")
    headings = [text for style, text in styled if style == "Heading 1"]
    assert len(headings) == 12 and headings[0].startswith("WCO First Online Regional Workshop on E-Commerce")
    assert headings[-2:] == ["Regional entities", "Totals of the period"]
    date_lines = [text for style, text in styled if style == "Date line"]
    assert date_lines[:2] == ["1 January-31 March 2021", "12-15 January 2021, Online Workshop hosted by WCO"]
    body = "\n".join(text for style, text in styled if style == "Normal")
    assert "The workshop was organized by the WCO under the sponsorship of the China Customs Cooperation Fund " \
           "(CCF/China). The workshop was attended by 38 formal participants and 37 observers from 25 member " \
           "administrations." in body
    assert "attended by more than 50 participants from 17 member administrations" in body
    bullets = [text for style, text in styled if style == "List Bullet"]
    assert "People counted at them: at least 195, plus approximately 300." in bullets
    assert "16 March 2021: RTC Thailand (Thai Customs Academy) (Thailand), candidate for accreditation" in \
           "\n".join(bullets)
    # The custom styles are real styles based on Normal: restyling Normal or Heading 1 restyles the report.
    assert document.styles["Date line"].base_style.name == "Normal"
    assert any(text.startswith("Source: ROCB A/P E-Newsletter No.72") for style, text in styled if style == "Source")


def _soffice():
    found = shutil.which("soffice")
    if not found:
        message = "LibreOffice not found (make libreoffice, or apt-get install libreoffice-writer-nogui)"
        if os.environ.get("ROCB_REQUIRE_LIBREOFFICE") == "1" or os.environ.get("ROCB_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


def test_libreoffice_converts_the_docx_to_pdf_and_reads_its_text(seeded, client, tmp_path):
    soffice = _soffice()
    source = tmp_path / "report.docx"
    source.write_bytes(_docx(client))
    # Its own profile: parallel runs (and a user's open LibreOffice) do not lock each other out.
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    for target in ("pdf", "txt:Text"):
        subprocess.run([soffice, profile, "--headless", "--convert-to", target, "--outdir", str(tmp_path),
                        str(source)], check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    text = (tmp_path / "report.txt").read_text(encoding="utf-8-sig")
    assert "Workshops and Meetings" in text
    assert "under the sponsorship of the Korea Customs Cooperation Fund (CCF/Korea)" in text
