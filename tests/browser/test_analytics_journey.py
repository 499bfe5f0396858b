"""A programme manager opens the analytics page, narrows it to a subregion, and downloads a chart as PNG and
its figures as CSV."""

import csv
import io

from playwright.sync_api import expect

from tests.analytics.records import hand_checked
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, make_user


def test_open_analytics_and_download_a_png_and_a_csv(seeded, page, tmp_path):
    hand_checked()
    make_user("pm@rocb-ap.org", "staff")
    log_in(page, "pm@rocb-ap.org", PASSWORD)
    page.get_by_role("link", name="Analytics").click()
    page.wait_for_url("**/analytics/")
    needs = page.get_by_test_id("chart-needs-vs-delivery")
    expect(needs.locator("svg").first).to_be_visible()
    # The SVG scales to the column: never wider than its section.
    assert needs.locator("svg").first.bounding_box()["width"] <= needs.bounding_box()["width"] + 1

    page.get_by_label("Subregion").select_option("ASEAN")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/analytics/?*subregion=ASEAN*")
    expect(page.get_by_test_id("chart-needs-vs-delivery")).to_contain_text("ASEAN")

    section = page.get_by_test_id("chart-needs-vs-delivery")
    with page.expect_download() as png_download:
        section.get_by_role("link", name="PNG").click()
    png = tmp_path / png_download.value.suggested_filename
    png_download.value.save_as(png)
    assert png.name == "needs-vs-delivery-2021-ASEAN.png"
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")

    with page.expect_download() as csv_download:
        section.get_by_role("link", name="CSV").click()
    path = tmp_path / csv_download.value.suggested_filename
    csv_download.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    valuation = next(row for row in rows if row["topic_code"] == "valuation")
    # In ASEAN only Thailand asked for valuation, and it was reached.
    assert (valuation["administrations_asking"], valuation["asking_reached"]) == ("1", "1")

    gaps = page.get_by_test_id("gap-list")
    expect(gaps).to_contain_text("Thailand")  # asked for risk management and was not reached

    # The heat map comes after the page: its cells name administration, topic, priority and reach on hover.
    heat = page.get_by_test_id("chart-heat-map")
    expect(heat.locator("[data-load-from]")).to_have_attribute("data-loaded", "1")
    expect(heat.locator("svg")).to_be_visible()
    expect(heat.locator("svg title", has_text="Thailand × Customs Valuation").first).to_be_attached()
    expect(heat.get_by_test_id("table-heat-map")).to_contain_text("Thailand")


def test_on_a_phone_the_heat_map_keeps_a_readable_width_and_scrolls_sideways(seeded, page):
    hand_checked()
    make_user("pm@rocb-ap.org", "staff")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "pm@rocb-ap.org", PASSWORD)
    page.goto("/analytics/?cycle=2021")
    heat = page.get_by_test_id("chart-heat-map")
    box = heat.get_by_role("region", name="Chart: Needs and reach — 2021 survey, delivery 1 Jul 2021–30 Jun 2022 "
                                           "(scrolls sideways)")
    expect(box).to_have_attribute("tabindex", "0")  # a keyboard reaches it and scrolls it with the arrows
    assert box.locator("svg").bounding_box()["width"] >= 700  # not squeezed to the phone
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle())  # it scrolls (smoothly: wait)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself does not scroll sideways
