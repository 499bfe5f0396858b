"""A focal point fills in the needs survey; another administration cannot reach it; staff export it."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import expect

from rocb.extensions import db
from rocb.surveys import services
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, make_user


def test_focal_point_drafts_and_submits_and_staff_export_it(seeded, page):
    closes = datetime(datetime.now(UTC).year + 1, 1, 15, 10, 0, tzinfo=UTC)  # 17:00 in Bangkok
    services.create_cycle({"year": 2031, "title": "Needs Survey 2031", "closes_at": closes,
                           "opens_at": datetime.now(UTC) - timedelta(days=1),
                           "topic_codes": ["aeo", "single-window", "risk-management"]})
    db.session.commit()
    make_user("focal@customs.go.th", "focal_point", "TH")
    make_user("focal@customs.go.jp", "focal_point", "JP")
    make_user("pm@rocb-ap.org", "staff")

    log_in(page, "focal@customs.go.th", PASSWORD)
    page.goto("/surveys/2031/")
    page.wait_for_url("**/surveys/2031/response")
    deadline = page.get_by_test_id("deadline").inner_text()
    assert f"15 January {closes.year}, 17:00" in deadline and "Asia/Bangkok" in deadline

    page.get_by_label("Authorized Economic Operator (AEO) and mutual recognition: priority").select_option("high")
    page.get_by_label("Authorized Economic Operator (AEO) and mutual recognition: officers to train").fill("25")
    page.get_by_label("Preferred languages").fill("English")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("body")).to_contain_text("Draft saved")

    page.goto("/")
    page.goto("/surveys/2031/response")
    expect(page.get_by_test_id("response-status")).to_have_text("draft")
    officers = page.get_by_label("Authorized Economic Operator (AEO) and mutual recognition: officers to train")
    assert officers.input_value() == "25"
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("body")).to_contain_text("Submitted the 2031 response of Thailand")
    page.get_by_role("button", name="Log out").click()

    log_in(page, "focal@customs.go.jp", PASSWORD)
    answer = page.goto("/surveys/2031/response?administration=TH")
    assert answer.status == 404
    page.get_by_role("button", name="Log out").click()

    log_in(page, "pm@rocb-ap.org", PASSWORD)
    page.goto("/surveys/2031/")
    row = page.locator("tr[data-code=TH]")
    assert "submitted" in row.inner_text() and "focal@customs.go.th" in row.inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="Export CSV").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert "TH" in text and ",aeo," in text and ",high,25," in text
