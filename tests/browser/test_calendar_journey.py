"""The calendar page draws a session on its local day in the viewer's zone: the same instant is Friday in Tehran and
Saturday in Apia, across the date line."""

from datetime import datetime

import pytest
from playwright.sync_api import expect

from tests.factories import make_workshop

# 12:00-13:00 UTC on Friday 29 Nov 2024 (19:00 in Bangkok, where it was agreed).
SESSION = (datetime(2024, 11, 29, 19, 0), datetime(2024, 11, 29, 20, 0))


@pytest.mark.parametrize(("zone", "day", "time"), [("Asia/Tehran", "2024-11-29", "15:30"),
                                                   ("Pacific/Apia", "2024-11-30", "01:00")])
def test_a_session_shows_on_its_local_day(seeded, page, live_server, zone, day, time):
    workshop = make_workshop("WCO Asia/Pacific Regional Workshop on Post-Clearance Audit", sessions=[SESSION])
    uid = workshop.sessions[0].uid
    page.context.add_cookies([{"name": "display_zone", "value": zone, "url": live_server}])
    page.set_viewport_size({"width": 1366, "height": 900})

    page.goto("/calendar?date=2024-11-29&view=month")
    assert page.get_by_test_id("calendar-zone").inner_text() == zone
    event = page.locator(f"[data-session='{uid}']")
    event.wait_for()
    assert event.locator("xpath=ancestor::td[@data-date]").get_attribute("data-date") == day
    assert time in event.inner_text()
    expect(event).to_contain_text("Post-Clearance Audit")
    assert "1 session shown, times in " + zone in page.locator("#calendar-status").inner_text()
    # The month's columns are the days of the week, Monday first (no date from FullCalendar's dummy week).
    headers = page.locator(".fc-dayGridMonth-view th.fc-col-header-cell")
    expect(headers).to_have_text(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])

    # The week view puts it in that day's column, the agenda under that day's heading.
    page.get_by_role("button", name="Week", exact=True).click()
    event.wait_for()
    assert event.locator("xpath=ancestor::td[@data-date]").get_attribute("data-date") == day
    friday = page.locator(".fc-timeGridWeek-view th.fc-col-header-cell[data-date='2024-11-29']")
    expect(friday).to_have_text("Fri 29 Nov")  # a week's columns are days: they carry the date
    page.get_by_role("button", name="Agenda", exact=True).click()
    row = page.locator(f"tr[data-session='{uid}']")
    row.wait_for()
    heading = row.locator("xpath=preceding-sibling::tr[contains(@class, 'fc-list-day')][1]")
    assert heading.get_attribute("data-date") == day
    assert time in row.inner_text()

    # A click opens the workshop.
    row.get_by_role("link").click()
    page.wait_for_url(f"**/workshops/{workshop.id}")


def test_the_calendar_is_in_the_menu_and_filters_reach_the_events(seeded, page):
    make_workshop("Regional Workshop on AEO", sessions=[SESSION], mode="online")
    make_workshop("National Workshop on Risk Management", sessions=[SESSION], mode="physical")
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Calendar").click()
    page.wait_for_url("**/calendar")
    page.goto("/calendar?date=2024-11-29&view=agenda")
    page.locator(".fc-list-event").first.wait_for()
    assert page.locator(".fc-list-event").count() == 2
    page.get_by_label("Mode").select_option("physical")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**mode=physical**")
    page.goto(page.url + "&date=2024-11-29&view=agenda")
    page.locator(".fc-list-event").first.wait_for()
    assert page.locator(".fc-list-event").all_inner_texts() == [page.locator(".fc-list-event").inner_text()]
    expect(page.locator(".fc-list-event")).to_contain_text("National Workshop on Risk Management")
