"""The outbox through a real SMTP server (aiosmtpd): written with the change, delivered once by the worker."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from rocb.extensions import db
from rocb.jobs import run_burst
from rocb.mail.models import OutboxMessage
from rocb.mail.services import Attachment, queue_message
from tests.conftest import make_user

ICS = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ROCB//test//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
       b"UID:abc@rocb.test\r\nDTSTART:20210329T080000Z\r\nDTEND:20210329T100000Z\r\nSUMMARY:Opening\r\n"
       b"END:VEVENT\r\nEND:VCALENDAR\r\n")


def _notice(to="fp@customs.go.th", **context):
    context = {"greeting": "Dear colleague,", "paragraphs": ["The opening session is confirmed."], **context}
    return queue_message(to, "Opening session confirmed", "notice", context, zone=context.pop("zone", None))


def _statuses():
    return dict(db.session.execute(
        select(OutboxMessage.status, func.count(OutboxMessage.id)).group_by(OutboxMessage.status)).all())


def test_a_message_is_written_with_the_change_and_lost_with_its_rollback(app, smtp_server):
    _notice()
    db.session.rollback()
    _notice(to="other@customs.go.th")
    db.session.commit()
    run_burst(app)
    assert [m["To"] for m in smtp_server.messages] == ["other@customs.go.th"]


def test_the_worker_delivers_text_html_and_the_own_message_id(app, smtp_server):
    message = _notice(link="http://rocb.test/workshops/1", link_label="The workshop")
    db.session.commit()
    assert message.status == "queued" and smtp_server.messages == []  # nothing is sent by the request itself
    run_burst(app)
    received, = smtp_server.messages
    assert received["Message-ID"] == message.message_id
    assert received["From"] == "ROCB A/P <no-reply@rocb-ap.org>"
    assert received["Subject"] == "Opening session confirmed"
    assert "The opening session is confirmed." in received.get_body(("plain",)).get_content()
    assert '<a href="http://rocb.test/workshops/1">The workshop</a>' in received.get_body(("html",)).get_content()
    db.session.refresh(message)
    assert message.status == "sent" and message.sent_at is not None and message.attempts == 1


def test_times_are_in_the_recipients_zone_with_the_zone_named(app, smtp_server):
    _notice(when=datetime(2021, 3, 29, 8, 0, tzinfo=UTC), zone="Asia/Kathmandu")
    db.session.commit()
    run_burst(app)
    text = smtp_server.messages[0].get_body(("plain",)).get_content()
    assert "When: Monday 29 March 2021, 13:45 (Asia/Kathmandu, +0545)" in text


def test_a_calendar_attachment_is_sent_as_text_calendar_with_its_method(app, smtp_server):
    queue_message("fp@customs.go.th", "Invitation: Opening", "notice", {"paragraphs": ["See the invitation."]},
                  attachments=[Attachment("opening.ics", "text/calendar", ICS)])
    db.session.commit()
    run_burst(app)
    part, = list(smtp_server.messages[0].iter_attachments())
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST" and part.get_filename() == "opening.ics"
    assert b"DTSTART:20210329T080000Z" in part.get_content().encode()


def test_a_template_error_fails_the_message_not_the_request(seeded, admin_client, smtp_server):
    message = queue_message("fp@customs.go.th", "Broken", "no_such_template", {})
    db.session.commit()  # the caller's change commits as usual
    run_burst(seeded)
    assert smtp_server.messages == []
    db.session.refresh(message)
    assert message.status == "failed" and "no_such_template" in message.last_error
    page = admin_client.get("/outbox/?status=failed").get_data(as_text=True)
    assert "Broken" in page and "could not be rendered" in page


def test_without_a_mail_server_messages_wait_in_the_outbox_for_admins_to_read(seeded, admin_client):
    assert seeded.config["MAIL_SERVER"] is None
    message = _notice(link="http://rocb.test/password/reset/xyz")
    db.session.commit()
    run_burst(seeded)
    db.session.refresh(message)
    assert message.status == "queued"
    listing = admin_client.get("/outbox/").get_data(as_text=True)
    assert "No mail server is configured" in listing and "Opening session confirmed" in listing
    detail = admin_client.get(f"/outbox/{message.id}").get_data(as_text=True)
    assert "http://rocb.test/password/reset/xyz" in detail


def test_staff_see_the_outbox_but_only_admins_read_a_message(seeded, client):
    message = _notice()
    db.session.commit()
    from tests.conftest import login

    make_user("pm@rocb-ap.org", "staff")
    login(client, "pm@rocb-ap.org")
    assert "Opening session confirmed" in client.get("/outbox/").get_data(as_text=True)
    assert client.get(f"/outbox/{message.id}").status_code == 403


def test_smtp_down_then_up_delivers_exactly_once(queue_app, smtp_server):
    smtp_server.stop()
    message = _notice()
    db.session.commit()
    run_burst(queue_app)  # the server is down: the web request never noticed, the message waits
    db.session.refresh(message)
    assert message.status == "queued" and message.attempts == 1
    assert "Connection refused" in message.last_error or "Errno" in message.last_error
    assert message.next_attempt_at > datetime.now(UTC)  # backoff: not tried again at once
    run_burst(queue_app)
    db.session.refresh(message)
    assert message.attempts == 1  # still waiting
    smtp_server.start()
    # A minute later the wait is over (moved back rather than slept through).
    db.session.execute(update(OutboxMessage).values(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1)))
    db.session.commit()
    run_burst(queue_app)
    run_burst(queue_app)
    assert [m["Message-ID"] for m in smtp_server.messages] == [message.message_id]
    db.session.refresh(message)
    assert message.status == "sent" and message.attempts == 2


def test_after_about_a_day_of_tries_the_message_is_failed_and_shown_to_staff(seeded, staff_client, smtp_server):
    waits = seeded.config["MAIL_RETRY_MINUTES"]
    assert 20 * 60 <= sum(waits) <= 30 * 60  # about a day of tries
    smtp_server.stop()
    message = _notice()
    db.session.commit()
    for _ in range(len(waits) + 1):
        db.session.execute(update(OutboxMessage).values(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1)))
        db.session.commit()
        run_burst(seeded)
    db.session.refresh(message)
    assert message.status == "failed" and message.attempts == len(waits) + 1
    page = staff_client.get("/outbox/?status=failed").get_data(as_text=True)
    assert "Opening session confirmed" in page and "failed" in page


def test_a_permanent_refusal_fails_at_once(app, smtp_server):
    message = _notice(to="no-such-user@customs.go.th")

    class Refuse:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            return "550 5.1.1 No such user"

    smtp_server.stop()
    from aiosmtpd.controller import Controller

    refusing = Controller(Refuse(), hostname="127.0.0.1", port=smtp_server.port)
    refusing.start()
    try:
        db.session.commit()
        run_burst(app)
    finally:
        refusing.stop()
    db.session.refresh(message)
    assert message.status == "failed" and "No such user" in message.last_error


def test_a_message_is_claimed_by_one_worker_only(app, smtp_server):
    from rocb.mail.delivery import _claim

    first, second = _notice(), _notice(to="other@customs.go.th")
    db.session.commit()
    assert _claim([first.id], "host-a:1") == [first.id]
    assert _claim([first.id, second.id], "host-b:2") == [second.id]  # one conditional UPDATE: only the free one
    run_burst(app)  # the claimed ones are not sent by a third worker
    assert smtp_server.messages == []


def test_admins_send_a_failed_message_again(seeded, admin_client, smtp_server):
    smtp_server.stop()
    message = _notice()
    db.session.commit()
    db.session.execute(update(OutboxMessage).values(status="failed", last_error="given up"))
    db.session.commit()
    smtp_server.start()
    response = admin_client.post(f"/outbox/{message.id}/send-again")
    assert response.status_code == 302
    run_burst(seeded)
    assert [m["Message-ID"] for m in smtp_server.messages] == [message.message_id]


def test_a_line_break_in_an_address_or_subject_never_becomes_a_header(app, smtp_server):
    bad = queue_message("fp@customs.go.th\r\nBcc: spy@evil.example", "Hello", "notice", {"paragraphs": ["x"]})
    good = queue_message("fp@customs.go.th", "Opening\r\nBcc: spy@evil.example", "notice", {"paragraphs": ["x"]})
    db.session.commit()
    run_burst(app)
    assert bad.status == "failed" and "Not an e-mail address" in bad.last_error
    received, = smtp_server.messages
    assert received["Bcc"] is None and received["Subject"] == "Opening Bcc: spy@evil.example"
    assert smtp_server.envelopes == [("no-reply@rocb-ap.org", ["fp@customs.go.th"])]
    db.session.refresh(good)
    assert good.status == "sent"
