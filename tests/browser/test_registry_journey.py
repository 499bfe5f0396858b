"""Staff log in, add a regional entity, and the public list shows it."""

from playwright.sync_api import expect

from tests.browser.conftest import choose, log_in
from tests.conftest import PASSWORD, make_user


def test_staff_adds_an_entity_that_the_public_then_sees(seeded, page):
    make_user("pm@rocb-ap.org", "staff")
    log_in(page, "pm@rocb-ap.org", PASSWORD)

    page.goto("/entities/new")
    page.get_by_label("Kind").select_option("RTC")
    page.get_by_label("Name").fill("RTC Mongolia (Customs Training Centre)")
    choose(page, "Host administration", "Mongol")
    page.get_by_label("City").fill("Ulaanbaatar")
    page.get_by_label("Status", exact=True).select_option("candidate")
    page.get_by_label("Status since").fill("2024-05-01")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("body")).to_contain_text("Added RTC Mongolia")

    page.get_by_role("button", name="Log out").click()
    page.goto("/entities/?kind=RTC&status=candidate")
    row = page.get_by_role("row", name="RTC Mongolia")
    expect(row).to_be_visible()
    assert "Mongolia" in row.inner_text() and "candidate" in row.inner_text()
