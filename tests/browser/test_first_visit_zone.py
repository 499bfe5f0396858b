"""The first page a person opens is already in their browser's zone (no inline script: zone.js sets the cookie and
reloads once); a zone they chose is never overridden."""

from datetime import datetime

from playwright.sync_api import expect

from tests.factories import make_workshop


def test_the_first_page_is_in_the_browsers_zone_after_one_reload(seeded, chromium, live_server):
    workshop = make_workshop("WCO Asia/Pacific Regional Workshop on Post-Clearance Audit",
                             sessions=[(datetime(2024, 11, 29, 19, 0), datetime(2024, 11, 29, 20, 0))])
    context = chromium.new_context(timezone_id="Pacific/Apia", base_url=live_server)
    try:
        page = context.new_page()
        pages = []
        page.on("request", lambda r: pages.append(r.url.split("/", 3)[3]) if r.resource_type == "document" else None)
        page.goto(f"/workshops/{workshop.id}")
        page.wait_for_function("document.documentElement.dataset.zoneSource === 'browser'")
        page.wait_for_load_state("load")
        expect(page.get_by_test_id("display-zone")).to_contain_text("Pacific/Apia")
        # 19:00 in Bangkok is 01:00 the next day in Apia.
        expect(page.get_by_test_id("session")).to_contain_text("Sat 30 Nov 2024 01:00")
        page.goto("/workshops/")
        # The first page twice (once in UTC, then in Apia's time), the next page once.
        assert pages == [f"workshops/{workshop.id}", f"workshops/{workshop.id}", "workshops/"]
        expect(page.get_by_test_id("display-zone")).to_contain_text("Pacific/Apia")
    finally:
        context.close()


def test_a_chosen_zone_stays(seeded, chromium, live_server):
    context = chromium.new_context(timezone_id="Pacific/Apia", base_url=live_server)
    try:
        context.add_cookies([{"name": "display_zone", "value": "Asia/Tehran", "url": live_server}])
        page = context.new_page()
        pages = []
        page.on("request", lambda r: pages.append(r.url) if r.resource_type == "document" else None)
        page.goto("/")
        page.wait_for_load_state("networkidle")
        assert pages == [page.url]
        expect(page.get_by_test_id("display-zone")).to_contain_text("Asia/Tehran")
    finally:
        context.close()
