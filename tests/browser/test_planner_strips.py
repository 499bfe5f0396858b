"""The planner's start times and 24-hour strips in Chromium: on a 390 px phone the page does not overflow (the strips
scroll in their own named, focusable box), axe finds nothing serious, the kinds of hours look different on screen
and keep a pattern and a mark in print."""

import os

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

PLANNER = "/planner?from=2024-12-12&to=2024-12-13&duration=120&admins=TH,IR,JP,WS&zones=Europe/Brussels" \
          "&reference=Asia/Bangkok"
SHOTS = os.environ.get("ROCB_SCREENSHOTS")  # a folder: save what the tests looked at


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def _style(locator, prop: str) -> str:
    return locator.evaluate(f"el => getComputedStyle(el)['{prop}']")


def test_start_times_and_strips_fit_a_phone_and_pass_axe(seeded, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(PLANNER)
    first = page.locator("section[data-group='1']")
    first.wait_for()
    _shot(page, "planner-390.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The whole day of every place is on the screen: its 24th hour included, no sideways scrolling.
    last_hour = first.locator("tbody[data-strip='WS'] td.hs").nth(23)
    box = last_hour.bounding_box()
    assert box["x"] + box["width"] <= 390 and box["width"] >= 12
    violations = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert violations == []
    page.set_viewport_size({"width": 1366, "height": 768})
    _shot(page, "planner-1366.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366


def test_on_a_narrower_screen_the_strips_scroll_in_a_named_focusable_box(seeded, page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(PLANNER)
    page.locator("section[data-group='1']").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    region = page.get_by_role("region", name="Who pays for 09:00 Asia/Bangkok on Thu 12 Dec 2024", exact=False).first
    assert region.get_attribute("tabindex") == "0"
    region.focus()
    page.keyboard.press("ArrowRight")  # the keyboard scrolls the box towards the evening hours
    expect(region).not_to_have_js_property("scrollLeft", 0)


def test_kinds_of_hours_differ_on_screen_and_in_print(seeded, page):
    page.goto(PLANNER)
    tehran = page.locator("section[data-group='1'] tbody[data-strip='IR'] td.hs")  # Thursday: Iran's weekend
    bangkok = page.locator("section[data-group='1'] tbody[data-strip='TH'] td.hs")  # 09:00-11:00, working hours
    day_off, working, outside, session = tehran.nth(12), bangkok.nth(12), bangkok.nth(20), bangkok.nth(9)
    backgrounds = {_style(cell, "backgroundColor") for cell in (day_off, working, outside)}
    assert len(backgrounds) == 3
    assert _style(session, "outlineStyle") == "solid" and _style(working, "outlineStyle") == "none"
    assert session.locator("[aria-hidden=true]").inner_text() == "●"
    page.emulate_media(media="print")
    _shot(page, "planner-print.png")
    # Without colour, the bar under each hour still tells working hours (solid) from a day off (double).
    assert _style(working, "borderBottomStyle") == "solid" and _style(day_off, "borderBottomStyle") == "double"
    assert _style(session, "outlineStyle") == "solid" and session.locator("[aria-hidden=true]").inner_text() == "●"
    assert _style(working, "printColorAdjust") == "exact"
