"""Staff issue certificates by the workshop's rule; anyone checks a code; participants get theirs by mail."""

import io
import re
import zipfile

from sqlalchemy import func, select

from rocb.certificates.models import Certificate
from rocb.extensions import db
from rocb.jobs import run_burst
from tests.certificates.helpers import held_workshop
from tests.certificates.pdf import pdf_text, qr_texts


def _count():
    return db.session.execute(select(func.count()).select_from(Certificate)).scalar_one()


def test_the_staff_page_says_who_met_the_rule_and_why_not(staff_client):
    w, *_ = held_workshop()
    page = staff_client.get(f"/workshops/{w.id}/certificates").get_data(as_text=True)
    assert "2 of 4 participants met the rule." in page
    assert "Attended 2 of 5 sessions (40 %); a certificate needs at least 80 % of the sessions." in page
    assert "This participant is not recorded as having attended." in page


def test_a_certificate_below_the_rule_is_refused_with_the_reason(staff_client):
    w, _, _, anan, _ = held_workshop()
    response = staff_client.get(f"/workshops/{w.id}/certificates/{anan.id}.pdf", follow_redirects=True)
    assert "No certificate for Anan Chai: Attended 2 of 5 sessions (40 %)" in response.get_data(as_text=True)
    assert _count() == 0


def test_lowering_the_rule_lets_more_in_and_a_bad_rule_keeps_what_was_typed(staff_client):
    w, _, _, anan, _ = held_workshop()
    bad = staff_client.post(f"/workshops/{w.id}/certificates", data={"min_percent": "150"})
    assert bad.status_code == 200 and "Give a share between 1 and 100 %." in bad.get_data(as_text=True)
    assert 'value="150"' in bad.get_data(as_text=True)
    staff_client.post(f"/workshops/{w.id}/certificates", data={"min_percent": "40"})
    response = staff_client.get(f"/workshops/{w.id}/certificates/{anan.id}.pdf")
    assert response.status_code == 200 and "Anan Chai" in pdf_text(response.data)


def test_the_zip_holds_one_certificate_per_participant_who_met_the_rule(staff_client):
    w, somchai, wang, *_ = held_workshop()
    response = staff_client.get(f"/workshops/{w.id}/certificates.zip")
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    texts = [pdf_text(archive.read(n)) for n in archive.namelist()]
    assert len(texts) == 2 and any("สมชาย ใจดี" in t for t in texts) and any("王小明" in t for t in texts)
    assert _count() == 2
    staff_client.get(f"/workshops/{w.id}/certificates.zip")
    assert _count() == 2  # the same certificates, the same codes


def test_the_qr_code_leads_to_a_public_page_with_the_holder_and_nothing_else(staff_client, app):
    w, somchai, *_ = held_workshop()
    pdf = staff_client.get(f"/workshops/{w.id}/certificates/{somchai.id}.pdf").data
    (url,) = qr_texts(pdf)
    code = db.session.execute(select(Certificate.code)).scalar_one()
    assert url == f"{app.config['ROCB_BASE_URL']}/certificates/{code}"
    client = app.test_client()  # anonymous
    page = client.get(f"/certificates/{code}").get_data(as_text=True)
    assert "สมชาย ใจดี" in page and "Regional Workshop on Post-Clearance Audit" in page and "2-6 March 2026" in page
    assert "somchai@customs.go.th" not in page and "Thailand" not in page
    assert client.get(f"/certificates/{code.lower().replace('-', '')}").status_code == 200
    assert client.get("/certificates/ZZZZZ-ZZZZZ").status_code == 404
    assert client.get("/certificates/nonsense").status_code == 404
    assert client.get(f"/certificates/{code}/pdf").status_code == 404  # the code alone does not open the PDF


def test_participants_get_theirs_by_mail_with_the_pdf_and_a_link(staff_client, smtp_server, app):
    w, somchai, wang, *_ = held_workshop()
    page = staff_client.get(f"/workshops/{w.id}/certificates").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    done = staff_client.post(f"/workshops/{w.id}/certificates/send",
                             data={"csrf_token": token.group(1)} if token else {}, follow_redirects=True)
    assert "2 certificate(s) on their way by e-mail." in done.get_data(as_text=True)
    run_burst(app)
    smtp_server.wait_for(2)
    (message,) = smtp_server.to("somchai@customs.go.th")
    (pdf,) = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert "สมชาย ใจดี" in pdf_text(pdf.get_content())
    body = message.get_body(("plain",)).get_content()
    base = re.escape(app.config["ROCB_BASE_URL"])
    link = re.search(base + r"(/certificates/\S+/pdf\?key=\w+)", body).group(1)
    response = app.test_client().get(link)  # anonymous: the link from the mail is enough
    assert response.status_code == 200 and "สมชาย ใจดี" in pdf_text(response.data)
    assert smtp_server.to("anan@customs.go.th") == []
