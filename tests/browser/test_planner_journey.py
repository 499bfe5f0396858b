"""Staff open the planner from a workshop, find a slot, set it as a session, and see it on the workshop page."""

from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, make_user
from tests.scheduling.helpers import make_workshop


def test_staff_find_a_slot_and_set_it_as_a_session(seeded, page):
    workshop = make_workshop(title="Regional Virtual Workshop on Data Analytics (next edition)", status="planned")
    workshop_id = workshop.id
    make_user("pm@rocb-ap.org", "staff")
    log_in(page, "pm@rocb-ap.org", PASSWORD)

    page.goto(f"/workshops/{workshop_id}")
    expect(page.locator("body")).to_contain_text("No session yet.")
    page.get_by_role("link", name="Schedule in every administration's local time").click()
    page.get_by_role("link", name="Find a slot").click()
    page.wait_for_url(f"**/planner?workshop={workshop_id}")
    assert page.get_by_label("Administrations", exact=True).input_value() == "AU, CN, HK, ID, JP, KR"
    assert page.get_by_label("Dates in time zone").input_value() == "Asia/Bangkok"
    page.get_by_label("Extra time zones").fill("Europe/Brussels")
    page.get_by_role("button", name="Find slots").click()

    results = page.get_by_test_id("planner-results")
    expect(results).to_be_visible()
    expect(results.locator("tr[data-row='Europe/Brussels']")).to_be_visible()
    best = results.locator("th[data-result='1']")
    start = datetime.fromisoformat(best.locator("input[name='start_utc']").input_value())
    bangkok = start.astimezone(ZoneInfo("Asia/Bangkok"))
    expect(best).to_contain_text(f"{bangkok:%H:%M}")
    page.get_by_test_id("set-session-1").click()

    page.wait_for_url(f"**/workshops/{workshop_id}")
    expect(page.locator("body")).to_contain_text("Session added:")
    session = page.get_by_test_id("session")
    assert session.count() == 1
    expect(session).to_contain_text(f"{bangkok:%a %d %b %Y %H:%M}")
