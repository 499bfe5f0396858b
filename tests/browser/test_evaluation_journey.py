"""The evaluation part of the done-when journey: a held workshop's participant opens the evaluation link from the mail
(received by the test SMTP server), answers, and the staff results page shows it; the link then says it was used."""

import re

from playwright.sync_api import expect

from rocb.jobs import run_burst
from tests.browser.conftest import log_in
from tests.certificates.helpers import held_workshop
from tests.conftest import PASSWORD, make_user


def test_a_participant_answers_from_the_mail_and_staff_see_it(seeded, page, chromium, live_server, smtp_server):
    saved = seeded.config["ROCB_BASE_URL"]
    seeded.config["ROCB_BASE_URL"] = live_server
    try:
        make_user("pm@rocb-ap.org", "staff")
        workshop, *_ = held_workshop()
        log_in(page, "pm@rocb-ap.org", PASSWORD)
        page.goto(f"/workshops/{workshop.id}")
        page.get_by_role("link", name="Evaluation").click()
        page.get_by_role("button", name="Send the evaluation to participants who attended").click()
        expect(page.locator("body")).to_contain_text("Evaluation links sent to 3 participant(s).")
        run_burst(seeded)
        smtp_server.wait_for(3)
        (message,) = smtp_server.to("somchai@customs.go.th")
        link = re.search(re.escape(live_server) + r"/evaluation/[\w-]+", message.get_body(("plain",)).get_content())

        visitor = chromium.new_context(base_url=live_server)
        form = visitor.new_page()
        form.goto(link.group(0))
        for label, score in (("Relevance to your work", "5"), ("Content", "4"), ("Facilitators", "5"),
                             ("Organisation", "4"), ("Session times for your time zone", "2")):
            form.get_by_label(label).select_option(score)
        form.get_by_label("What will you apply in your administration?").fill("Post-clearance audit planning")
        form.get_by_role("button", name="Send my answers").click()
        expect(form.locator("body")).to_contain_text("Thank you: your answers were received.")
        form.goto(link.group(0))
        expect(form.get_by_test_id("evaluation-message")).to_contain_text("already used")
        visitor.close()

        page.reload()
        expect(page.get_by_test_id("response-rate")).to_contain_text("1 of 3 participants answered (33%).")
        expect(page.get_by_test_id("comment")).to_contain_text("Post-clearance audit planning")
        assert page.get_by_test_id("question-time_zones").inner_text().split()[-5:] == ["0", "0", "0", "1", "0"]
    finally:
        seeded.config["ROCB_BASE_URL"] = saved
