"""Staff invite a focal point in the browser; the invitee follows the e-mailed link, chooses a password, logs in
and sets their zone on their account page (CSRF on, a real SMTP server)."""

import re

from playwright.sync_api import expect

from rocb.jobs import run_burst
from tests.browser.conftest import choose, log_in
from tests.conftest import PASSWORD, make_user


def test_invitation_journey(seeded, page, smtp_server, tmp_path):
    make_user("staff@rocb-ap.org", "staff")
    log_in(page, "staff@rocb-ap.org", PASSWORD)
    page.goto("/users/")
    page.get_by_role("link", name="Invite a user").click()
    page.get_by_label("E-mail").fill("focal@customs.gov.fj")
    page.get_by_label("Name").fill("Litia Vunibola")
    page.get_by_label("Role").select_option("focal_point")
    choose(page, "Administration", "Fiji")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_test_id("user-status")).to_have_text("invited, no password chosen yet")
    page.screenshot(path=str(tmp_path / "invited.png"))
    page.get_by_role("button", name="Log out").click()

    run_burst(seeded)
    mail, = smtp_server.to("focal@customs.gov.fj")
    link = re.search(r"http://rocb\.test(/invitation/\S+)", mail.get_body(("plain",)).get_content()).group(1)
    page.goto(link)
    page.get_by_label("New password").fill("reef pass at Suva 2030")
    page.get_by_label("The same password again").fill("reef pass at Suva 2030")
    page.get_by_role("button", name="Set password").click()
    page.wait_for_url("**/login")
    log_in(page, "focal@customs.gov.fj", "reef pass at Suva 2030")
    page.goto("/account")
    page.get_by_label("Show times in").fill("Pacific/Fiji")
    page.get_by_role("button", name="Use this zone").click()
    expect(page.get_by_text("Times are now shown in Pacific/Fiji.")).to_be_visible()
    page.screenshot(path=str(tmp_path / "account.png"), full_page=True)
    page.goto(link)
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
