"""Every main page, as anonymous, focal point and staff: axe-core finds no serious or critical violation, nothing is
wider than a 390 px phone, and the keyboard's first stop is a skip link to the content."""

from datetime import UTC, date, datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from rocb.extensions import db
from rocb.surveys import services as surveys
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, make_user
from tests.factories import make_headcount, make_participant, make_workshop

AXE = Axe()
YEAR = datetime.now(UTC).year + 1


@pytest.fixture
def records(seeded):
    held = make_workshop("WCO Asia/Pacific Regional Workshop on Post-Clearance Audit", status="held",
                         sessions=[(datetime(2024, 11, 25, 9, 0), datetime(2024, 11, 25, 12, 0)),
                                   (datetime(2024, 11, 26, 9, 0), datetime(2024, 11, 26, 12, 0))],
                         invited=["TH", "IR", "WS", "JP", "IN"], topics=["post-clearance-audit"], funds=["CCF/China"])
    make_participant(held, "Somchai Jaidee", code="TH")
    make_participant(held, "Parisa Ahmadi", "parisa.ahmadi@irica.ir", code="IR")
    make_headcount(held, role="observer", count=4, code="WS")
    ahead = make_workshop("Sub-Regional Workshop on the Revised Kyoto Convention", status="confirmed",
                          sessions=[date.today() + timedelta(days=20)], invited=["TH", "LA", "KH"])
    surveys.create_cycle({"year": YEAR, "title": f"Needs Survey {YEAR}",
                          "opens_at": datetime.now(UTC) - timedelta(days=1),
                          "closes_at": datetime.now(UTC) + timedelta(days=30),
                          "topic_codes": ["aeo", "single-window", "risk-management"]})
    db.session.commit()
    make_user("focal@customs.go.th", "focal_point", "TH")
    make_user("pm@rocb-ap.org", "staff")
    return {"held": held.id, "ahead": ahead.id}


PUBLIC = ["/", "/administrations/", "/administrations/IR", "/entities/", "/workshops/", "/workshops/{held}",
          "/workshops/{held}/schedule?zones=Europe/Brussels",
          "/planner?from=2024-12-02&to=2024-12-06&duration=120&admins=TH,IR,WS,JP&zones=Europe/Brussels",
          "/calendar?date=2024-11-25", "/calendar?date=2024-11-25&view=week", "/calendar?date=2024-11-25&view=agenda",
          "/surveys/", "/analytics/", "/reports/activity?from=2024-10-01&to=2024-12-31", "/calendars", "/login",
          "/search?q=audit"]
FOCAL_POINT = ["/", "/surveys/{year}/response", "/administrations/TH/participation", "/workshops/{held}",
               "/calendar?date=2024-11-25", "/account/calendar"]
STAFF = ["/", "/workshops/", "/workshops/new", "/workshops/{held}", "/workshops/{held}/edit",
         "/workshops/{ahead}", "/users/", "/surveys/{year}/", "/analytics/", "/calendar?date=2024-11-25",
         "/administrations/IR/participation", "/search?q=ahmadi"]
WHO = {"anonymous": (None, PUBLIC), "focal point": ("focal@customs.go.th", FOCAL_POINT),
       "staff": ("pm@rocb-ap.org", STAFF)}


def _serious(page) -> list[str]:
    results = AXE.run(page).response
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]} {v['nodes'][0]['failureSummary']}"
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("who", list(WHO))
def test_main_pages_pass_axe_and_fit_a_phone(records, page, who):
    email, paths = WHO[who]
    if email:
        log_in(page, email, PASSWORD)
    problems = []
    for template in paths:
        path = template.format(year=YEAR, **records)
        for width, height in ((1366, 768), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            response = page.goto(path)
            assert response.status == 200, (who, path, response.status)
            page.wait_for_load_state("networkidle")
            if "/calendar?" in path:
                page.locator(".fc-view").wait_for()
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > width:
                problems.append(f"{path} at {width} px is {wide} px wide")
            problems += [f"{path} at {width} px: {v}" for v in _serious(page)]
    assert not problems, "\n".join(problems)


def test_the_first_tab_stop_skips_to_the_content_and_the_menu_marks_the_page(records, page):
    page.goto("/workshops/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the content")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    menu = page.get_by_role("navigation", name="Main")
    assert menu.get_by_role("link", name="Workshops").get_attribute("aria-current") == "page"
    assert menu.get_by_role("link", name="Calendar").get_attribute("aria-current") is None
    page.goto(f"/workshops/{records['held']}")
    assert menu.get_by_role("link", name="Workshops").get_attribute("aria-current") == "true"


def test_a_table_wider_than_the_phone_scrolls_in_a_named_focusable_region(records, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/planner?from=2024-12-02&to=2024-12-06&duration=120&admins=TH,IR,WS,JP&zones=Europe/Brussels")
    region = page.get_by_role("region", name="Each column is a proposed start", exact=False)
    assert region.get_attribute("tabindex") == "0"
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.activeElement.scrollLeft > 0")
