"""Staff change several sessions in one table: Save asks first only when a session is ticked for deletion, and says
which ones go."""

from datetime import datetime

from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, make_user
from tests.factories import make_workshop


def test_the_table_asks_before_deleting_and_names_what_goes(seeded, page):
    w = make_workshop("WCO Asia/Pacific Regional Workshop on Post-Clearance Audit", status="confirmed",
                      sessions=[{"title": f"Day {n + 1}", "local_start": datetime(2027, 2, 3 + n, 9),
                                 "local_end": datetime(2027, 2, 3 + n, 12)} for n in range(3)])
    make_user("pm@rocb-ap.org", "staff")
    log_in(page, "pm@rocb-ap.org", PASSWORD)
    page.goto(f"/workshops/{w.id}")
    page.get_by_role("link", name="Edit all sessions").click()
    page.wait_for_url(f"**/workshops/{w.id}/sessions")

    # Nothing ticked: saved without a question.
    page.get_by_label("Title of row 1").fill("Opening and risk profiling")
    page.get_by_role("button", name="Save all sessions").click()
    page.wait_for_url(f"**/workshops/{w.id}")
    expect(page.get_by_text("Sessions saved: 1 renamed.")).to_be_visible()

    page.goto(f"/workshops/{w.id}/sessions")
    page.get_by_label("Local end of row 2").fill("2027-02-04T13:30")
    page.get_by_label("Delete row 3").check()
    page.get_by_role("button", name="Save all sessions").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("row 3, Day 3 (Fri 05 Feb 2027)")
    dialog.get_by_role("button", name="Keep it").click()
    expect(page.get_by_label("Delete row 3")).to_be_checked()  # nothing sent: still on the table
    page.get_by_role("button", name="Save all sessions").click()
    dialog.get_by_role("button", name="Delete and save").click()
    page.wait_for_url(f"**/workshops/{w.id}")
    expect(page.get_by_text("Sessions saved: 1 moved, 1 deleted.")).to_be_visible()
    expect(page.get_by_test_id("session")).to_have_count(2)


def test_a_row_shows_the_day_for_a_whole_day_and_the_times_otherwise(seeded, page):
    w = make_workshop("Sub-Regional Workshop on AEO", status="confirmed",
                      sessions=[{"title": "Day 1", "local_start": datetime(2027, 2, 3, 9),
                                 "local_end": datetime(2027, 2, 3, 12)}])
    make_user("pm@rocb-ap.org", "staff")
    log_in(page, "pm@rocb-ap.org", PASSWORD)
    page.goto(f"/workshops/{w.id}/sessions")
    day, start = page.get_by_label("Day of row 1 (whole day)"), page.get_by_label("Local start of row 1")
    expect(start).to_be_visible()
    expect(day).to_be_hidden()
    page.get_by_label("Row 1 is a whole day").check()
    expect(day).to_be_visible()
    expect(start).to_be_hidden()
    day.fill("2027-02-03")
    page.get_by_role("button", name="Save all sessions").click()
    page.wait_for_url(f"**/workshops/{w.id}")
    page.goto(f"/workshops/{w.id}/sessions")
    expect(page.get_by_label("Row 1 is a whole day")).to_be_checked()
    expect(page.get_by_label("Day of row 1 (whole day)")).to_have_value("2027-02-03")
