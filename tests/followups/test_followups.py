"""The follow-up: a set time after a held workshop, one per administration whose officers attended, mailed to its
focal points, answered once per administration (editable), read by staff."""

import re
from datetime import timedelta

from sqlalchemy import select

from rocb.audit import AuditEntry
from rocb.extensions import db, utcnow
from rocb.followups.jobs import send_due_followups
from rocb.followups.models import FollowUp
from rocb.jobs import run_burst
from tests.conftest import login
from tests.followups.helpers import focal_points, held_workshop_ended

ANSWER = {"applied": "fully", "what_changed": "AEO validation checklist in use at Laem Chabang",
          "support_needed": "Mutual recognition with two partners"}


def _followups():
    return {f.administration.code: f for f in db.session.execute(select(FollowUp)).scalars()}


def _links(smtp_server) -> dict[str, str]:
    return {m["To"]: re.search(r"/followups/\d+", m.get_body(("plain",)).get_content()).group(0)
            for m in smtp_server.messages}


def _form(client, path, **changes):
    page = client.get(path).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    return {"version": version, **ANSWER, **changes}


def test_the_job_opens_one_followup_per_administration_that_attended_and_mails_its_focal_points(seeded, smtp_server):
    w = held_workshop_ended()
    focal_points()
    run_burst(seeded)  # the periodic job, then the mail delivery
    smtp_server.wait_for(3)
    assert sorted(_followups()) == ["CN", "FJ", "TH"]  # Tonga did not attend; Japan sent an expert only
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "focal2@customs.go.th", "focal@customs.go.th", "focal@customs.gov.cn"]
    thai = smtp_server.to("focal@customs.go.th")[0]
    assert thai["Subject"] == "Follow-up: has Thailand applied Regional Workshop on AEO?"
    body = thai.get_body(("plain",)).get_content()
    assert "Anan Chai, สมชาย ใจดี" in body and "王小明" not in body  # their own officers only
    assert _followups()["FJ"].mailed_to == 0
    assert _followups()["TH"].due_on == w.last_day + timedelta(days=182)
    # Safe to run twice: nothing new, nobody mailed again.
    assert send_due_followups() == 0
    run_burst(seeded)
    assert len(smtp_server.messages) == 3 and len(_followups()) == 3


def test_a_workshop_not_due_yet_or_held_long_ago_waits_for_staff(staff_client, app, smtp_server):
    recent = held_workshop_ended(days_ago=30, title="Recent workshop")
    old = held_workshop_ended(days_ago=2000, title="Workshop held in 2021")
    focal_points()
    assert send_due_followups() == 0
    page = staff_client.get(f"/workshops/{recent.id}/followups").get_data(as_text=True)
    assert "due on" in page and "No follow-up has been sent yet (3 administration(s) to follow up)." in page
    sent = staff_client.post(f"/workshops/{old.id}/followups/send", follow_redirects=True).get_data(as_text=True)
    assert "Follow-up sent to 3 administration(s)." in sent
    again = staff_client.post(f"/workshops/{old.id}/followups/send", follow_redirects=True).get_data(as_text=True)
    assert "has its follow-up already" in again
    run_burst(app)
    smtp_server.wait_for(3)
    assert all("Workshop held in 2021" in m["Subject"] for m in smtp_server.messages)
    assert len(smtp_server.messages) == 3


def test_a_workshop_not_held_has_no_followup(staff_client):
    from tests.factories import make_workshop

    w = make_workshop("Planned workshop")
    done = staff_client.post(f"/workshops/{w.id}/followups/send", follow_redirects=True).get_data(as_text=True)
    assert "once the workshop is recorded as held" in done


def test_a_focal_point_answers_for_their_administration_only_and_staff_read_it(seeded, app, smtp_server):
    w = held_workshop_ended()
    focal_points()
    send_due_followups()
    ids = {code: f.id for code, f in _followups().items()}
    thai = app.test_client()
    login(thai, "focal@customs.go.th")
    assert thai.get(f"/followups/{ids['CN']}").status_code == 404
    assert thai.post(f"/followups/{ids['CN']}", data={**ANSWER, "version": "0"}).status_code == 404
    assert thai.get("/followups/999999").status_code == 404

    listing = thai.get("/followups/").get_data(as_text=True)
    assert "Regional Workshop on AEO" in listing and "open" in listing and "Answer" in listing
    bad = thai.post(f"/followups/{ids['TH']}", data=_form(thai, f"/followups/{ids['TH']}", applied=""))
    assert bad.status_code == 400 and "Choose not yet, partly or fully." in bad.get_data(as_text=True)
    assert "AEO validation checklist in use at Laem Chabang" in bad.get_data(as_text=True)  # what was typed is kept
    saved = thai.post(f"/followups/{ids['TH']}", data=_form(thai, f"/followups/{ids['TH']}"))
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/followups/")
    listing = thai.get("/followups/").get_data(as_text=True)
    assert "Fully" in listing and "Change the answer" in listing

    # The other focal point of Thailand changes it; one answer per administration and workshop.
    other = app.test_client()
    login(other, "focal2@customs.go.th")
    form = _form(other, f"/followups/{ids['TH']}", applied="partly")
    assert form["version"] == "1"
    assert other.post(f"/followups/{ids['TH']}", data=form).status_code == 302
    db.session.expire_all()
    th = _followups()["TH"]
    assert (th.applied, th.answered_by) == ("partly", "focal2@customs.go.th")
    assert db.session.execute(select(db.func.count()).select_from(FollowUp)
                              .where(FollowUp.administration_id == th.administration_id)).scalar_one() == 1
    audit = db.session.execute(select(AuditEntry.actor, AuditEntry.changes).where(
        AuditEntry.action == "follow-up answered").order_by(AuditEntry.id)).all()
    assert [a.actor for a in audit] == ["focal@customs.go.th", "focal2@customs.go.th"]
    assert audit[1].changes["applied"] == ["fully", "partly"]

    from tests.conftest import make_user

    make_user("pm@rocb-ap.org", "staff")
    staff = app.test_client()
    login(staff, "pm@rocb-ap.org")
    page = staff.get(f"/workshops/{w.id}/followups").get_data(as_text=True)
    assert "1 of 3 administrations answered." in page
    assert "focal2@customs.go.th" in page and "Partly" in page and "Mutual recognition with two partners" in page
    assert "no focal point to mail" in page  # Fiji


def test_two_focal_points_saving_at_once_never_overwrite_each_other(seeded, app):
    held_workshop_ended()
    focal_points()
    send_due_followups()
    th = _followups()["TH"].id
    first, second = app.test_client(), app.test_client()
    login(first, "focal@customs.go.th")
    login(second, "focal2@customs.go.th")
    mine, theirs = _form(first, f"/followups/{th}"), _form(second, f"/followups/{th}", applied="not yet")
    assert first.post(f"/followups/{th}", data=mine).status_code == 302
    clash = second.post(f"/followups/{th}", data=theirs)
    html = clash.get_data(as_text=True)
    assert clash.status_code == 409 and "focal@customs.go.th saved this follow-up after you opened it" in html
    db.session.expire_all()
    assert _followups()["TH"].applied == "fully"
    # Saving again now replaces it (the form carries the version it was shown).
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    assert second.post(f"/followups/{th}", data={**theirs, "version": version}).status_code == 302
    db.session.expire_all()
    assert _followups()["TH"].applied == "not yet"


def test_staff_remind_those_who_have_not_answered_once_a_day(staff_client, app, smtp_server):
    w = held_workshop_ended()
    focal_points()
    send_due_followups()
    db.session.commit()
    th = _followups()["TH"]
    th.applied = "partly"
    db.session.commit()
    first = staff_client.post(f"/workshops/{w.id}/followups/remind", follow_redirects=True).get_data(as_text=True)
    second = staff_client.post(f"/workshops/{w.id}/followups/remind", follow_redirects=True).get_data(as_text=True)
    assert "Reminders sent to 2 administration(s)." in first  # China and Fiji; Thailand answered
    assert "2 administration(s) had a reminder in the last day" in second
    run_burst(app)
    smtp_server.wait_for(4)
    reminders = [m["To"] for m in smtp_server.messages if m["Subject"].startswith("Reminder")]
    assert reminders == ["focal@customs.gov.cn"]  # Fiji has no focal point; once, not twice
    for f in _followups().values():
        f.reminded_at = utcnow() - timedelta(days=2)
    db.session.commit()
    third = staff_client.post(f"/workshops/{w.id}/followups/remind", follow_redirects=True).get_data(as_text=True)
    assert "Reminders sent to 2 administration(s)." in third


def test_the_mailed_link_asks_an_anonymous_visitor_to_log_in_first(seeded, app, smtp_server):
    held_workshop_ended()
    focal_points()
    send_due_followups()
    run_burst(seeded)
    smtp_server.wait_for(3)
    link = _links(smtp_server)["focal@customs.gov.cn"]
    visitor = app.test_client()
    response = visitor.get(link)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login(visitor, "focal@customs.gov.cn")
    page = visitor.get(link).get_data(as_text=True)
    assert "Has China applied Regional Workshop on AEO?" in page


def test_staff_reach_a_workshops_followups_from_its_page_and_focal_points_theirs_from_the_menu(staff_client, app):
    w = held_workshop_ended()
    page = staff_client.get(f"/workshops/{w.id}").get_data(as_text=True)
    assert f'href="/workshops/{w.id}/followups"' in page
    focal_points()
    staff_client.post("/logout")
    login(staff_client, "focal@customs.go.th")
    menu = staff_client.get("/").get_data(as_text=True)
    assert 'href="/followups/"' in menu
    assert f'href="/workshops/{w.id}/followups"' not in staff_client.get(f"/workshops/{w.id}").get_data(as_text=True)
