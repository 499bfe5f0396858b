"""The certificate part of the done-when journey: staff send a held workshop's certificates; the participant's mail
(received by the test SMTP server) links to the PDF, which opens, holds the name in Thai script, and whose QR code
decodes to the public verification page that shows it. Staff download them all as a ZIP."""

import re
import zipfile

from playwright.sync_api import expect

from rocb.jobs import run_burst
from tests.browser.conftest import log_in
from tests.certificates.helpers import held_workshop
from tests.certificates.pdf import pdf_text, qr_texts
from tests.conftest import PASSWORD, make_user


def test_a_certificate_from_the_mail_to_its_verification_page(seeded, page, chromium, live_server, smtp_server):
    saved = seeded.config["ROCB_BASE_URL"]
    seeded.config["ROCB_BASE_URL"] = live_server  # links and QR codes point at the served app
    try:
        make_user("pm@rocb-ap.org", "staff")
        workshop, *_ = held_workshop()
        log_in(page, "pm@rocb-ap.org", PASSWORD)
        page.goto(f"/workshops/{workshop.id}")
        page.get_by_role("link", name="Certificates").click()
        expect(page.locator("body")).to_contain_text("2 of 4 participants met the rule.")
        expect(page.locator("body")).to_contain_text("Attended 2 of 5 sessions (40 %)")

        with page.expect_download() as download:
            page.get_by_role("link", name="Download all (ZIP)").click()
        archive = zipfile.ZipFile(download.value.path())
        names = [pdf_text(archive.read(n)) for n in archive.namelist()]
        assert len(names) == 2 and any("王小明" in t for t in names)

        page.get_by_role("button", name="Send each participant theirs by e-mail").click()
        expect(page.locator("body")).to_contain_text("2 certificate(s) on their way by e-mail.")
        run_burst(seeded)
        smtp_server.wait_for(2)
        (message,) = smtp_server.to("somchai@customs.go.th")
        body = message.get_body(("plain",)).get_content()
        link = re.search(re.escape(live_server) + r"/certificates/\S+/pdf\?key=\w+", body).group(0)

        # The participant, with no account, opens the link from the mail.
        visitor = chromium.new_context(base_url=live_server)
        response = visitor.request.get(link)
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        pdf = response.body()
        assert "สมชาย ใจดี" in pdf_text(pdf)
        (url,) = qr_texts(pdf)
        assert url.startswith(live_server + "/certificates/")
        check = visitor.new_page()
        check.goto(url)
        expect(check.get_by_test_id("certificate-holder")).to_contain_text("สมชาย ใจดี")
        expect(check.locator("body")).to_contain_text("Regional Workshop on Post-Clearance Audit")
        expect(check.locator("body")).not_to_contain_text("somchai@customs.go.th")
        visitor.close()
    finally:
        seeded.config["ROCB_BASE_URL"] = saved
