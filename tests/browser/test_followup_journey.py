"""The follow-up part of the done-when journey: a held workshop's follow-up falls due (the periodic job, run as the
worker's burst), Thailand's focal point follows the link in the mail (received by the test SMTP server), logs in,
answers "fully applied", and /analytics/ counts Thailand as applied on the workshop's topic."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from rocb.extensions import db, utcnow
from rocb.jobs import run_burst
from tests.analytics.records import answer, make_cycle
from tests.conftest import PASSWORD, make_user
from tests.followups.helpers import held_workshop_ended

AEO = "Authorized Economic Operator (AEO) and mutual recognition"


def test_a_focal_point_answers_the_mailed_followup_and_analytics_shows_it_applied(seeded, page, live_server,
                                                                                  smtp_server):
    saved = seeded.config["ROCB_BASE_URL"]
    seeded.config["ROCB_BASE_URL"] = live_server
    try:
        workshop = held_workshop_ended(days_ago=190, topics=("aeo",))  # Thailand sent two formal participants
        first = workshop.first_day
        cycle = make_cycle(2025, topic_codes=("aeo",), window=(first - timedelta(days=30), first + timedelta(days=300)))
        answer(cycle, "TH", {"aeo": ("high", 6)})
        db.session.commit()
        make_user("focal@customs.go.th", "focal_point", "TH")
        assert workshop.last_day + timedelta(days=182) <= utcnow().date()  # due

        run_burst(seeded)  # the daily follow-up job, then the mail delivery
        smtp_server.wait_for(1)
        (message,) = smtp_server.to("focal@customs.go.th")
        assert message["Subject"] == "Follow-up: has Thailand applied Regional Workshop on AEO?"
        link = re.search(re.escape(live_server) + r"/followups/\d+", message.get_body(("plain",)).get_content())

        page.goto(link.group(0))  # not logged in yet: the login page, then back to the form
        page.get_by_label("E-mail").fill("focal@customs.go.th")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(link.group(0))
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Has Thailand applied Regional Workshop on AEO?")
        page.get_by_label("Has your administration applied what its officers learnt?").select_option("fully")
        page.get_by_label("What changed (procedures, tools, results)?").fill(
            "AEO validation checklist in use at Laem Chabang")
        page.get_by_role("button", name="Save the answer").click()
        page.wait_for_url("**/followups/")
        expect(page.get_by_test_id("followups")).to_contain_text("Fully")

        page.goto("/analytics/?cycle=2025")
        applied = page.get_by_test_id("chart-applied")
        expect(applied.get_by_role("heading")).to_have_text("Asked, delivered and applied per topic")
        row = applied.locator("tbody tr").filter(has_text=AEO)
        # Topic, asking, asking and reached, applied, not applied yet, no answer yet
        expect(row.locator("td")).to_have_text([AEO, "1", "1", "1", "0", "0"])
        assert applied.locator("svg").first.is_visible()
    finally:
        seeded.config["ROCB_BASE_URL"] = saved
