"""Messages of the nomination cycle, delivered by the worker to a real SMTP server (aiosmtpd)."""

from datetime import timedelta

import icalendar
from sqlalchemy import select

from rocb.extensions import db, utcnow
from rocb.jobs import run_burst
from rocb.nominations import jobs, services
from rocb.nominations.models import Call
from rocb.workshops import services as workshop_services
from tests.nominations.helpers import focal_points, future_workshop, nominate, open_call, person


def _text(message):
    return message.get_body(("plain",)).get_content()


def _calendars(message):
    return [icalendar.Calendar.from_ical(part.get_content() if isinstance(part.get_content(), bytes)
                                         else part.get_content().encode())
            for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]


def _event(message):
    (calendar,) = _calendars(message)
    return calendar, calendar.walk("VEVENT")[0]


def test_opening_a_call_mails_every_focal_point_with_the_deadline_in_their_zone(seeded, smtp_server):
    focal_points()
    open_call(future_workshop(), codes=("TH", "FJ", "JP"))
    run_burst(seeded)
    by_address = {m["To"]: m for m in smtp_server.messages}
    assert sorted(by_address) == ["focal@customs.go.th", "focal@customs.gov.fj", "second@customs.go.th"]
    assert "(Pacific/Fiji," in _text(by_address["focal@customs.gov.fj"])
    assert "(Asia/Bangkok," in _text(by_address["focal@customs.go.th"])
    assert "Quota for Fiji: 2 officer(s)." in _text(by_address["focal@customs.gov.fj"])


def test_a_confirmed_participant_gets_the_invitation_and_each_change(seeded, smtp_server):
    workshop = future_workshop()
    call = open_call(workshop)
    (a,) = nominate(call, "TH", person(1))
    services.decide([a], "confirmed")
    db.session.commit()
    run_burst(seeded)
    (invitation,) = smtp_server.messages
    assert invitation["To"] == "officer1@customs.th.example"
    text = _text(invitation)
    assert "https://zoom.example/j/777?pwd=secret" in text and "/feeds/" in text and "(Asia/Bangkok," in text
    calendar, event = _event(invitation)
    assert calendar["METHOD"] == "REQUEST" and str(event["ATTENDEE"]) == "mailto:officer1@customs.th.example"
    assert str(event["ORGANIZER"]) == "mailto:rocb-ap@rocb-ap.org"
    first_uid, first_sequence = str(event["UID"]), int(event["SEQUENCE"])

    session = workshop.sessions[0]
    workshop_services.update_session(session, {"local_start": session.local_start + timedelta(hours=1),
                                               "local_end": session.local_end + timedelta(hours=1)})
    db.session.commit()
    run_burst(seeded)
    update = smtp_server.messages[1]
    assert update["Subject"].startswith("Updated:")
    _, moved = _event(update)
    assert str(moved["UID"]) == first_uid and int(moved["SEQUENCE"]) > first_sequence
    assert moved["DTSTART"].dt == session.start_utc

    services.withdraw(a)
    db.session.commit()
    run_burst(seeded)
    calendar, cancelled = _event(smtp_server.messages[2])
    assert calendar["METHOD"] == "CANCEL" and str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["UID"]) == first_uid and int(cancelled["SEQUENCE"]) > int(moved["SEQUENCE"])


def test_cancelling_the_workshop_cancels_the_invitations(seeded, smtp_server):
    workshop = future_workshop()
    call = open_call(workshop)
    (a,) = nominate(call, "TH", person(1))
    services.decide([a], "confirmed")
    workshop_services.cancel_workshop(workshop)
    db.session.commit()
    run_burst(seeded)
    assert [_event(m)[0]["METHOD"] for m in smtp_server.messages] == ["REQUEST", "CANCEL"]


def test_reminders_go_to_administrations_without_a_reply_by_hand_and_once_automatically(seeded, smtp_server):
    focal_points()
    call = open_call(future_workshop(), codes=("TH", "FJ"))
    nominate(call, "TH", person(1))
    run_burst(seeded)
    smtp_server.messages.clear()
    services.remind(call)
    db.session.commit()
    run_burst(seeded)
    assert [m["To"] for m in smtp_server.messages] == ["focal@customs.gov.fj"]
    assert smtp_server.messages[0]["Subject"].startswith("Reminder:")
    smtp_server.messages.clear()
    assert jobs.send_due_reminders() == 0  # 30 days ahead, reminder 3 days before: not due
    assert jobs.send_due_reminders(call.deadline_utc - timedelta(days=2)) == 1
    assert jobs.send_due_reminders(call.deadline_utc - timedelta(days=1)) == 0  # once
    run_burst(seeded)
    assert [m["To"] for m in smtp_server.messages] == ["focal@customs.gov.fj"]
    assert db.session.execute(select(Call.auto_reminder_sent_at)).scalar_one() is not None
    assert call.deadline_utc > utcnow()


def _edit_form(workshop, **changes):
    """The workshop's edit form as staff submit it, with its current values and the changes."""
    return {"title": workshop.title, "kind": workshop.kind, "mode": workshop.mode, "status": workshop.status,
            "reference_zone": workshop.reference_zone, "host": "", "platform": workshop.platform or "",
            "join_link": workshop.join_link or "", "is_public": "y",
            "invited_codes": [a.code for a in workshop.invited_administrations], **changes}


def test_the_edit_form_sends_an_update_for_a_new_join_link_and_a_cancel_for_a_cancelled_workshop(
        seeded, staff_client, smtp_server):
    workshop = future_workshop()
    call = open_call(workshop, codes=("TH",))
    (a,) = nominate(call, "TH", person(1))
    services.decide([a], "confirmed")
    db.session.commit()
    run_burst(seeded)
    (invitation,) = smtp_server.messages
    _, first = _event(invitation)

    response = staff_client.post(f"/workshops/{workshop.id}/edit",
                                 data=_edit_form(workshop, join_link="https://zoom.example/j/888?pwd=new"))
    assert response.status_code == 302
    run_burst(seeded)
    assert len(smtp_server.messages) == 2
    update = smtp_server.messages[1]
    assert update["To"] == "officer1@customs.th.example" and update["Subject"].startswith("Updated:")
    assert "https://zoom.example/j/888?pwd=new" in _text(update)
    calendar, moved = _event(update)
    assert calendar["METHOD"] == "REQUEST"
    assert str(moved["UID"]) == str(first["UID"]) and int(moved["SEQUENCE"]) > int(first["SEQUENCE"])

    db.session.expire_all()
    response = staff_client.post(f"/workshops/{workshop.id}/edit", data=_edit_form(workshop, status="cancelled"))
    assert response.status_code == 302
    run_burst(seeded)
    assert len(smtp_server.messages) == 3
    cancel = smtp_server.messages[2]
    assert cancel["To"] == "officer1@customs.th.example" and cancel["Subject"].startswith("Cancelled:")
    calendar, cancelled = _event(cancel)
    assert calendar["METHOD"] == "CANCEL" and str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["UID"]) == str(first["UID"]) and int(cancelled["SEQUENCE"]) > int(moved["SEQUENCE"])


def test_a_confirmed_nominees_new_address_gets_the_invitation_and_the_old_one_a_cancellation(
        seeded, focal_point_client, smtp_server):
    call = open_call(future_workshop())
    (a,) = nominate(call, "TH", person(1))
    services.decide([a], "confirmed")
    db.session.commit()
    run_burst(seeded)
    (invitation,) = [m for m in smtp_server.messages if m["To"] == "officer1@customs.th.example"]
    _, first = _event(invitation)
    smtp_server.messages.clear()

    response = focal_point_client.post(f"/nominations/{a.id}/edit", follow_redirects=True,
                                       data={**person(1), "email": "somchai.new@customs.go.th"})
    assert ("The invitation now goes to somchai.new@customs.go.th; officer1@customs.th.example gets a cancellation."
            in response.get_data(as_text=True))
    run_burst(seeded)
    by_address = {m["To"]: m for m in smtp_server.messages}
    assert sorted(by_address) == ["officer1@customs.th.example", "somchai.new@customs.go.th"]
    calendar, invited = _event(by_address["somchai.new@customs.go.th"])
    assert calendar["METHOD"] == "REQUEST" and str(invited["ATTENDEE"]) == "mailto:somchai.new@customs.go.th"
    assert "https://zoom.example/j/777?pwd=secret" in _text(by_address["somchai.new@customs.go.th"])
    old = by_address["officer1@customs.th.example"]
    calendar, cancelled = _event(old)
    assert calendar["METHOD"] == "CANCEL" and str(cancelled["ATTENDEE"]) == "mailto:officer1@customs.th.example"
    assert "pwd=secret" not in _text(old) and "pwd=secret" not in str(cancelled.get("DESCRIPTION", ""))
    for event in (invited, cancelled):
        assert str(event["UID"]) == str(first["UID"]) and int(event["SEQUENCE"]) > int(first["SEQUENCE"])
