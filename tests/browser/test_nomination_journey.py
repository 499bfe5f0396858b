"""The done-when journey of calls for nominations: staff open a call; focal points of two administrations nominate
(one hits the quota); staff confirm; the invitation arrives over SMTP and parses; the time changes and the update
arrives with a higher SEQUENCE; attendance imported from a Zoom report shows on the workshop page and in the
activity report."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
from playwright.sync_api import expect

from rocb.extensions import utcnow
from rocb.jobs import run_burst
from tests.browser.conftest import choose, log_in
from tests.conftest import PASSWORD, make_user
from tests.nominations.helpers import future_workshop

BANGKOK = ZoneInfo("Asia/Bangkok")


def _invitation(message):
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    content = part.get_content()
    calendar = icalendar.Calendar.from_ical(content if isinstance(content, bytes) else content.encode())
    return calendar, calendar.walk("VEVENT")[0]


def _as(chromium, live_server, email):
    context = chromium.new_context(base_url=live_server, timezone_id="Asia/Bangkok")
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, email, PASSWORD)
    return context, page


def _flash(page, text):
    """Wait for the page a click leads to: its message (never the page as it was before the click)."""
    expect(page.get_by_role("alert").filter(has_text=text)).to_be_visible()


def _nominate(page, name, email, told):
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_role("button", name="Nominate", exact=True).click()
    _flash(page, told)  # the saved page has loaded before anything else is typed


def test_a_call_from_opening_to_attendance(seeded, page, chromium, live_server, smtp_server, tmp_path):
    make_user("pm@rocb-ap.org", "staff")
    make_user("focal@customs.go.th", "focal_point", "TH")
    make_user("focal@customs.gov.fj", "focal_point", "FJ")
    workshop = future_workshop("Regional Workshop on Coordinated Border Management", days_ahead=3)
    log_in(page, "pm@rocb-ap.org", PASSWORD)

    # Staff open the call: Thailand and Fiji, Fiji's quota 1.
    page.goto(f"/workshops/{workshop.id}")
    page.get_by_role("link", name="Open a call for nominations").click()
    choose(page, "Administrations invited", "Thailand")
    choose(page, "Administrations invited", "Fiji")
    page.get_by_label("Other quotas").fill("FJ=1")
    deadline = (utcnow() + timedelta(days=2)).astimezone(BANGKOK).replace(hour=17, minute=0)
    page.get_by_label("Nomination deadline").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Remind administrations without a reply, days before the deadline").fill("")
    page.get_by_role("button", name="Save").click()
    _flash(page, "Call opened")
    page.wait_for_url("**/nominations/calls/*/review")
    review_url = page.url
    run_burst(seeded)
    assert sorted(m["To"] for m in smtp_server.messages) == ["focal@customs.go.th", "focal@customs.gov.fj"]
    smtp_server.messages.clear()

    # Two focal points nominate; Fiji's second nominee goes to the waitlist with a clear message.
    thai_context, thai = _as(chromium, live_server, "focal@customs.go.th")
    thai.goto("/nominations/")
    thai.get_by_role("link", name="Nominate").click()
    expect(thai.get_by_role("heading", name="Nominate an officer")).to_be_visible()
    _nominate(thai, "Somchai Jaidee", "somchai@customs.go.th", "Somchai Jaidee is nominated.")
    fiji_context, fiji = _as(chromium, live_server, "focal@customs.gov.fj")
    fiji.goto("/nominations/")
    fiji.get_by_role("link", name="Nominate").click()
    expect(fiji.get_by_role("heading", name="Nominate an officer")).to_be_visible()
    _nominate(fiji, "Mele Tupou", "mele@customs.gov.fj", "Mele Tupou is nominated.")
    _nominate(fiji, "Jone Ratu", "jone@customs.gov.fj", "Fiji's quota of 1 is reached: Jone Ratu is on the waitlist")
    # Fiji's page, loaded, lists Fiji's nominees and not Thailand's.
    fiji_list = fiji.get_by_test_id("nominations")
    expect(fiji_list).to_contain_text("mele@customs.gov.fj")
    expect(fiji_list).to_contain_text("jone@customs.gov.fj")
    assert "somchai@customs.go.th" not in fiji.content()
    thai_context.close()
    fiji_context.close()

    # Staff confirm Somchai; his invitation arrives and parses.
    page.goto(review_url)
    expect(page.get_by_test_id("state-FJ")).to_have_text("nominated 1/1, waitlisted 1")
    page.get_by_label("Choose Somchai Jaidee").check()
    page.get_by_role("button", name="Confirm").click()
    _flash(page, "1 nomination(s) confirmed")
    run_burst(seeded)
    (invitation,) = smtp_server.messages
    assert invitation["To"] == "somchai@customs.go.th"
    assert "https://zoom.example/j/777?pwd=secret" in invitation.get_body(("plain",)).get_content()
    calendar, event = _invitation(invitation)
    assert calendar["METHOD"] == "REQUEST" and str(event["ATTENDEE"]) == "mailto:somchai@customs.go.th"

    # The time changes (moved to start an hour ago, so that it can be attended): the update has a higher SEQUENCE.
    start = (utcnow() - timedelta(hours=1)).astimezone(BANGKOK).replace(second=0, microsecond=0, tzinfo=None)
    page.goto(f"/workshops/{workshop.id}")
    page.get_by_test_id("session").get_by_role("link", name="Edit").click()
    page.get_by_label("Local start").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Local end").fill((start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save").click()
    _flash(page, "Session saved.")  # committed: its update is in the outbox
    run_burst(seeded)
    update = smtp_server.messages[1]
    _, moved = _invitation(update)
    assert str(moved["UID"]) == str(event["UID"]) and int(moved["SEQUENCE"]) > int(event["SEQUENCE"])
    assert moved["DTSTART"].dt == start.replace(tzinfo=BANGKOK)

    # Held; the Zoom report is imported, its stranger left out; the rate shows on the page and in the report.
    page.goto(f"/workshops/{workshop.id}")
    page.get_by_role("button", name="Record as held").click()
    page.get_by_role("dialog").get_by_role("button", name="Record as held").click()  # it asks first
    _flash(page, "The workshop is now held")
    report = tmp_path / "participants_81234567.csv"
    report.write_text("Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
                      "Somchai Jaidee,somchai@customs.go.th,,,115,No\nGalaxy S21,,,,12,Yes\n")
    page.get_by_role("link", name="Import an attendance report").click()
    page.get_by_label("Attendance report (CSV from Zoom, Webex or Teams)").set_input_files(str(report))
    page.get_by_role("button", name="Read the report").click()
    page.get_by_label("Who is Galaxy S21?").select_option("ignore")
    page.get_by_role("button", name="Save attendance").click()
    _flash(page, "Attendance of 1 participant(s) saved")
    expect(page.get_by_test_id("attendance-rate")).to_contain_text("100% of session places attended")
    expect(page.get_by_test_id("rate-TH")).to_have_text("1/1 (100%)")
    today = start.date().isoformat()
    page.goto(f"/reports/activity?from={today}&to={today}")
    expect(page.get_by_test_id("attendance")).to_have_text("Attendance: 100% of session places attended (TH 100%).")
    expect(page.get_by_text("attended by 1 formal participant from 1 member administration")).to_be_visible()
