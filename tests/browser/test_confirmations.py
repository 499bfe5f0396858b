"""Staff see the actions that fit a workshop's state, and every removal or cancellation asks first and says what
will go; "Keep it" keeps it."""

from datetime import date, datetime

from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, make_user
from tests.factories import make_participant, make_workshop


def test_actions_fit_the_state_and_removals_ask_first(seeded, page):
    held = make_workshop("WCO Asia/Pacific Regional Workshop on Post-Clearance Audit", status="held",
                         sessions=[(datetime(2024, 11, 25, 9, 0), datetime(2024, 11, 25, 12, 0))])
    make_participant(held, "Parisa Ahmadi", "parisa.ahmadi@irica.ir", code="IR")
    make_participant(held, "Somchai Jaidee", code="TH")
    ahead = make_workshop("Sub-Regional Workshop on the Revised Kyoto Convention", status="confirmed",
                          sessions=[date(2031, 3, 3)])
    make_user("pm@rocb-ap.org", "staff")
    log_in(page, "pm@rocb-ap.org", PASSWORD)

    page.goto(f"/workshops/{held.id}")
    for label in ("Confirm", "Record as held", "Postpone", "Cancel"):
        assert page.get_by_role("button", name=label, exact=True).count() == 0, label
    page.goto(f"/workshops/{ahead.id}")
    expect(page.get_by_role("button", name="Cancel", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Postpone", exact=True)).to_be_visible()
    assert page.get_by_role("button", name="Confirm", exact=True).count() == 0  # already confirmed
    assert page.get_by_role("button", name="Record as held").count() == 0  # its day is ahead

    # Cancelling asks and says what happens; keeping it changes nothing.
    page.get_by_role("button", name="Cancel", exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("show as cancelled in every calendar feed")
    dialog.get_by_role("button", name="Keep it").click()
    expect(dialog).to_be_hidden()
    page.reload()
    expect(page.get_by_test_id("status")).to_have_text("confirmed")

    # Removing a participant names them; confirming removes only them.
    page.goto(f"/workshops/{held.id}")
    page.get_by_role("button", name="Remove Parisa Ahmadi").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Remove Parisa Ahmadi (IR) from this workshop?")
    assert dialog.get_by_role("button", name="Keep it").evaluate("el => el === document.activeElement")
    dialog.get_by_role("button", name="Remove Parisa Ahmadi").click()
    people = page.get_by_test_id("participants")
    expect(people).not_to_contain_text("Parisa Ahmadi")  # waits for the page the removal leads to
    expect(people).to_contain_text("Somchai Jaidee")
