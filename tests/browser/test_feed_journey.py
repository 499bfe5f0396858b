"""A visitor copies a workshop's subscribe link and downloads its .ics, which every parser reads right."""

from datetime import datetime

from playwright.sync_api import expect

from tests.feeds.rows import add_workshop
from tests.feeds.test_ical import read_everywhere, same_value


def test_visitor_copies_the_subscribe_link_and_downloads_the_ics(seeded, page):
    workshop = add_workshop("Regional workshop on the Revised Kyoto Convention", zone="Europe/Brussels",
                            sessions=[(datetime(2030, 3, 29, 10), datetime(2030, 3, 29, 12)),
                                      (datetime(2030, 3, 30, 10), datetime(2030, 3, 30, 12))])
    stored = {f"{s.uid}@rocb.test": (s.start_utc, s.end_utc) for s in workshop.sessions}

    page.goto(f"/workshops/{workshop.id}")
    address = page.get_by_label("Calendar address")
    feed_url = address.input_value()
    assert feed_url == f"http://rocb.test/workshops/{workshop.id}.ics"
    subscribe = page.get_by_test_id("workshop-subscribe")
    assert subscribe.get_attribute("href") == feed_url.replace("http://", "webcal://")
    copy = page.locator(f'[data-copy="#workshop-feed-url-{workshop.id}"]')
    expect(copy).to_have_text("Copy")
    copy.click()
    expect(copy).to_have_text("Copied")
    google = page.get_by_role("link", name="Session 1")
    assert google.get_attribute("href").startswith("https://calendar.google.com/calendar/render?action=TEMPLATE")

    with page.expect_download() as download_info:
        page.get_by_test_id("workshop-download").click()
    download = download_info.value
    assert download.suggested_filename == f"rocb-workshop-{workshop.id}.ics"
    with open(download.path(), "rb") as file:
        body = file.read()
    for parser, events in read_everywhere(body).items():
        assert {e.uid for e in events} == set(stored), parser
        for event in events:
            start, end = stored[event.uid]
            assert same_value(event.start, start) and same_value(event.end, end), parser
