"""Every main page, as anonymous, focal point and staff: axe-core finds no serious or critical violation (nor a
heading out of order or an empty table header), nothing is wider than a 390 px phone, and the keyboard's first stop
is a skip link to the content. The records are demo-like: a held workshop with its roster, attendance per session,
certificates and evaluation answers; a workshop ahead with a call for nominations and nominees."""

import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from rocb.evaluations import services as evaluations
from rocb.evaluations.models import EvaluationRequest
from rocb.extensions import db
from rocb.followups.services import open_followups
from rocb.nominations import services as nominations
from rocb.surveys import services as surveys
from rocb.workshops import presence
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, make_user
from tests.factories import make_headcount, make_participant, make_workshop
from tests.nominations.helpers import nominate, open_call, person

AXE = Axe()
YEAR = datetime.now(UTC).year + 1


@pytest.fixture
def records(seeded):
    held = make_workshop("WCO Asia/Pacific Regional Workshop on Post-Clearance Audit", status="held",
                         sessions=[(datetime(2024, 11, 25, 9, 0), datetime(2024, 11, 25, 12, 0)),
                                   (datetime(2024, 11, 26, 9, 0), datetime(2024, 11, 26, 12, 0))],
                         invited=["TH", "IR", "WS", "JP", "IN"], topics=["post-clearance-audit"], funds=["CCF/China"])
    somchai = make_participant(held, "Somchai Jaidee", code="TH")
    parisa = make_participant(held, "Parisa Ahmadi", "parisa.ahmadi@irica.ir", code="IR")
    make_participant(held, "Sione Tupou", "sione.tupou@customs.gov.to", code="TO", attended=False)
    make_headcount(held, role="observer", count=4, code="WS")
    first, second = held.sessions
    presence.record_ticks(held, {(somchai.id, first.id), (somchai.id, second.id), (parisa.id, first.id)})
    evaluations.send(held)
    request = db.session.execute(db.select(EvaluationRequest)).scalars().first()
    request.token_hash = hashlib.sha256(b"known-link").hexdigest()
    evaluations.answer("known-link", {"relevance": 5, "content": 4, "facilitators": 5, "organisation": 4,
                                      "time_zones": 3, "will_apply": "Risk-based selection of audits",
                                      "comments": "The case studies from Thailand were the most useful."})
    followup, = [f for f in open_followups(held, by_staff=True) if f.administration.code == "TH"]
    db.session.commit()
    ahead = make_workshop("Sub-Regional Workshop on the Revised Kyoto Convention", status="confirmed",
                          sessions=[{"title": f"Day {n + 1}", "local_start": _ahead(20 + n, 9),
                                     "local_end": _ahead(20 + n, 12)} for n in range(3)],
                          invited=["TH", "LA", "KH"])
    call = open_call(ahead, codes=("TH", "LA", "KH"))
    nominees = nominate(call, "TH", person(1, "th"), person(2, "th"))
    nominations.decide(nominees[:1], "confirmed")
    db.session.commit()
    surveys.create_cycle({"year": YEAR, "title": f"Needs Survey {YEAR}",
                          "opens_at": datetime.now(UTC) - timedelta(days=1),
                          "closes_at": datetime.now(UTC) + timedelta(days=30),
                          "topic_codes": ["aeo", "single-window", "risk-management"]})
    db.session.commit()
    make_user("focal@customs.go.th", "focal_point", "TH")
    make_user("pm@rocb-ap.org", "staff")
    return {"held": held.id, "ahead": ahead.id, "call": call.id, "followup": followup.id}


def _ahead(days: int, hour: int) -> datetime:
    day = date.today() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour)


PUBLIC = ["/", "/administrations/", "/administrations/IR", "/entities/", "/workshops/", "/workshops/{held}",
          "/workshops/{held}/schedule?zones=Europe/Brussels",
          "/planner?from=2024-12-02&to=2024-12-06&duration=120&admins=TH,IR,WS,JP&zones=Europe/Brussels",
          "/calendar?date=2024-11-25", "/calendar?date=2024-11-25&view=week", "/calendar?date=2024-11-25&view=agenda",
          "/calendar?date=2024-11-25&view=month", "/surveys/", "/analytics/",
          "/reports/activity?from=2024-10-01&to=2024-12-31", "/calendars", "/login", "/search?q=audit",
          "/administrations/TH/holidays?year=2024"]
FOCAL_POINT = ["/", "/surveys/{year}/response", "/administrations/TH/participation", "/workshops/{held}",
               "/calendar?date=2024-11-25", "/account/calendar", "/nominations/", "/nominations/calls/{call}",
               "/account", "/workshops/", "/followups/", "/followups/{followup}"]
STAFF = ["/", "/workshops/", "/workshops/new", "/workshops/{held}", "/workshops/{held}/edit",
         "/workshops/{ahead}", "/users/", "/surveys/{year}/", "/analytics/", "/calendar?date=2024-11-25",
         "/administrations/IR/participation", "/search?q=ahmadi",
         "/workshops/{held}/schedule?zones=Europe/Brussels",
         "/planner?from=2024-12-02&to=2024-12-06&duration=120&admins=TH,IR,WS,JP&zones=Europe/Brussels",
         "/reports/activity?from=2024-10-01&to=2024-12-31", "/nominations/calls/{call}/review",
         "/workshops/{held}/attendance", "/workshops/{ahead}/sessions/series", "/workshops/{ahead}/sessions",
         "/workshops/{held}/certificates", "/workshops/{held}/evaluation", "/administrations/TH/holidays?year=2024",
         "/calendar?date=2024-11-25&view=month", "/workshops/{held}/followups", "/followups/"]
WHO = {"anonymous": (None, PUBLIC), "focal point": ("focal@customs.go.th", FOCAL_POINT),
       "staff": ("pm@rocb-ap.org", STAFF)}


# Besides every serious or critical violation, these two of axe's moderate/minor ones fail the test: a heading that
# skips a level loses screen-reader users who move by headings; an empty header leaves a column unnamed.
ALSO_FAIL = ("heading-order", "empty-table-header")


def _serious(page) -> list[str]:
    results = AXE.run(page).response
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]} {v['nodes'][0]['failureSummary']}"
            for v in results["violations"] if v["impact"] in ("serious", "critical") or v["id"] in ALSO_FAIL]


def _problems(page, name: str, width: int) -> list[str]:
    """What is wrong with the page as shown at this width: wider than the screen, or axe's failures."""
    wide = page.evaluate("document.documentElement.scrollWidth")
    problems = [f"{name} at {width} px is {wide} px wide"] if wide > width else []
    return problems + [f"{name} at {width} px: {v}" for v in _serious(page)]


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
            problems += _problems(page, path, width)
    assert not problems, "\n".join(problems)


def test_the_attendance_report_s_preview_passes_axe_and_fits_a_phone(records, page):
    log_in(page, "pm@rocb-ap.org", PASSWORD)
    page.goto(f"/workshops/{records['held']}/attendance/import")
    page.get_by_label("Attendance report").set_input_files(files=[{
        "name": "zoom-day-1.csv", "mimeType": "text/csv",
        "buffer": b"Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
                  b"Somchai Jaidee,somchai.jaidee@customs.go.th,,,170,No\nMele T.,,,,80,Yes\n"}])
    page.get_by_role("button", name="Read the report").click()
    expect(page.get_by_role("heading", name="Matched to nobody (1): say who each is")).to_be_visible()
    problems = []
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_function(f"window.innerWidth === {width}")
        problems += _problems(page, "attendance report preview", width)
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
    expect(region).not_to_have_js_property("scrollLeft", 0)  # the arrow key scrolled it (retried until it has)
