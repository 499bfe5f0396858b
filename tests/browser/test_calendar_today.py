"""The calendar's "today" is the display zone's today, not the computer's: a person in New York who reads the calendar
in Apia's time sees Apia's date highlighted, the now line on Apia's day, and Today takes them back there."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

# 12:00 UTC on Friday 29 November 2024: 07:00 Friday in New York, 01:00 Saturday 30 November in Apia (UTC+13).
NOW = datetime(2024, 11, 29, 12, 0, tzinfo=UTC)


@pytest.fixture
def new_york_page(chromium, live_server, seeded):
    context = chromium.new_context(timezone_id="America/New_York", base_url=live_server)
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "display_zone", "value": "Pacific/Apia", "url": live_server}])
    page = context.new_page()
    page.clock.set_fixed_time(NOW)
    yield page
    context.close()


def test_today_and_the_now_line_follow_the_display_zone(new_york_page):
    page = new_york_page
    page.set_viewport_size({"width": 1366, "height": 900})
    assert page.evaluate("new Date().getDate()") == 29  # the computer's own day, in New York
    page.goto("/calendar?view=month")
    expect(page.get_by_test_id("calendar-zone")).to_have_text("Pacific/Apia")
    expect(page.locator(".fc-daygrid-day.fc-day-today")).to_have_attribute("data-date", "2024-11-30")
    expect(page.locator(".fc-toolbar-title")).to_have_text("November 2024")

    page.get_by_role("button", name="Week", exact=True).click()
    expect(page.locator(".fc-timegrid-col.fc-day-today")).to_have_attribute("data-date", "2024-11-30")
    # the now line is drawn in Saturday's column (at 01:00 Apia time)
    line = page.locator(".fc-timegrid-col[data-date='2024-11-30'] .fc-timegrid-now-indicator-line")
    expect(line).to_have_count(1)

    # Two months on and back: Today comes back to Apia's today.
    page.get_by_role("button", name="Month", exact=True).click()
    expect(page.locator(".fc-toolbar-title")).to_have_text("November 2024")
    page.get_by_role("button", name="Next", exact=False).click()
    expect(page.locator(".fc-toolbar-title")).to_have_text("December 2024")
    page.get_by_role("button", name="Next", exact=False).click()
    expect(page.locator(".fc-toolbar-title")).to_have_text("January 2025")
    page.get_by_role("button", name="Today").click()
    expect(page.locator(".fc-toolbar-title")).to_have_text("November 2024")
    expect(page.locator(".fc-daygrid-day.fc-day-today")).to_have_attribute("data-date", "2024-11-30")


def test_the_computer_s_zone_is_today_when_it_is_the_display_zone(chromium, live_server, seeded):
    context = chromium.new_context(timezone_id="America/New_York", base_url=live_server)
    context.add_cookies([{"name": "display_zone", "value": "America/New_York", "url": live_server}])
    page = context.new_page()
    page.clock.set_fixed_time(NOW)
    try:
        page.goto("/calendar?view=month")
        expect(page.locator(".fc-daygrid-day.fc-day-today")).to_have_attribute("data-date", "2024-11-29")
    finally:
        context.close()
