"""Staff create a workshop with two sessions, import a roster with a bad row (refused), fix it, import it."""

from playwright.sync_api import expect

from tests.browser.conftest import choose, log_in
from tests.conftest import PASSWORD, make_user

ROSTER = ("name,email,administration,role,attended\n"
          "Somchai Jaidee,somchai@customs.go.th,TH,formal participant,yes\n"
          "Aiko Tanaka,aiko@customs.go.jp,{japan},observer,yes\n"
          "Min-jun Park,minjun@customs.go.kr,KR,formal participant,yes\n")


def test_staff_create_a_workshop_and_import_its_roster(seeded, page, tmp_path):
    make_user("pm@rocb-ap.org", "staff")
    log_in(page, "pm@rocb-ap.org", PASSWORD)

    page.goto("/workshops/new")
    page.get_by_label("Title").fill("Regional Workshop on Post-Clearance Audit")
    page.get_by_label("Kind").select_option("regional workshop")
    page.get_by_label("Mode").select_option("online")
    choose(page, "Reference time zone (IANA)", "Bangkok", "Asia/Bangkok (UTC+07:00)")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("body")).to_contain_text("Added Regional Workshop on Post-Clearance Audit")

    for day in ("2030-03-04", "2030-03-05"):
        page.get_by_role("link", name="Add a session").click()
        page.get_by_label("Local start").fill(f"{day}T10:00")
        page.get_by_label("Local end").fill(f"{day}T12:00")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Session added.")).to_be_visible()  # waits for the page the save leads to
    assert page.get_by_test_id("session").count() == 2

    bad = tmp_path / "roster.csv"
    bad.write_text(ROSTER.format(japan="Japn"))
    page.get_by_role("link", name="Import a roster").click()
    page.get_by_label("Roster file (CSV or XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    errors = page.get_by_test_id("roster-errors")
    expect(errors).to_contain_text("Nothing was imported")
    row = errors.get_by_role("row", name="administration")
    assert "3" in row.inner_text() and "did you mean Japan (JP)?" in row.inner_text()

    good = tmp_path / "roster-fixed.csv"
    good.write_text(ROSTER.format(japan="JP"))
    page.get_by_label("Roster file (CSV or XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("body")).to_contain_text("Roster imported: 3 added")
    assert page.get_by_test_id("summary").inner_text() == (  # planned for 2030: confirmed, not attended
        "Not held yet: 2 formal participants and 1 observer from 3 member administrations confirmed.")
