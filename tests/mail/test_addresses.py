"""Addresses beyond ASCII (josé@..., ...@bücher.example), and a message that breaks in a way nobody foresaw: it
fails alone, named, and the rest of the batch is delivered."""

import smtplib

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from rocb.extensions import db
from rocb.jobs import run_burst
from rocb.mail.models import OutboxMessage
from rocb.mail.services import queue_message
from tests.smtp import _Collect

JOSE = "josé@customs.go.th"


def _offering(smtp_server, smtputf8: bool):
    """The same server, offering SMTPUTF8 (RFC 6531: addresses in UTF-8) or not."""
    smtp_server.stop()
    smtp_server.controller = Controller(_Collect(smtp_server), hostname="127.0.0.1", port=smtp_server.port,
                                        enable_SMTPUTF8=smtputf8, ready_timeout=10)
    smtp_server.controller.start()
    return smtp_server


@pytest.fixture
def utf8_smtp_server(smtp_server):
    return _offering(smtp_server, True)


@pytest.fixture
def ascii_smtp_server(smtp_server):
    return _offering(smtp_server, False)


def _statuses():
    rows = db.session.execute(select(OutboxMessage.to_address, OutboxMessage.status, OutboxMessage.last_error))
    return {to: (status, error) for to, status, error in rows}


def test_an_invitation_to_an_address_beyond_ascii_arrives_through_smtputf8(seeded, staff_client, utf8_smtp_server):
    response = staff_client.post("/users/invite", data={"email": "José@customs.go.th", "role": "focal_point",
                                                        "administration": "TH"})
    assert response.status_code == 302, response.get_data(as_text=True)
    run_burst(seeded)
    assert utf8_smtp_server.envelopes == [("no-reply@rocb-ap.org", [JOSE])]
    mail, = utf8_smtp_server.messages
    assert mail["To"] == JOSE and "/invitation/" in mail.get_body(("plain",)).get_content()
    assert _statuses()[JOSE][0] == "sent"


def test_without_smtputf8_that_message_fails_clearly_and_the_batch_goes_on(seeded, staff_client,
                                                                              ascii_smtp_server):
    smtp_server = ascii_smtp_server
    for email in ("a@customs.go.th", "José@customs.go.th", "b@customs.go.th"):
        staff_client.post("/users/invite", data={"email": email, "role": "focal_point", "administration": "TH"})
    run_burst(seeded)
    assert sorted(m["To"] for m in smtp_server.messages) == ["a@customs.go.th", "b@customs.go.th"]
    statuses = _statuses()
    status, error = statuses.pop(JOSE)
    assert status == "failed" and JOSE in error and "SMTPUTF8" in error  # at once: no retry can change it
    assert {status for status, _ in statuses.values()} == {"sent"}
    page = staff_client.get("/outbox/?status=failed").get_data(as_text=True)
    assert "does not accept addresses with letters beyond ASCII" in page
    run_burst(seeded)
    assert len(smtp_server.messages) == 2


def test_a_domain_beyond_ascii_is_sent_in_its_ascii_form(app, smtp_server):
    queue_message("fp@bücher.example", "Opening", "notice", {"paragraphs": ["x"]})
    db.session.commit()
    run_burst(app)
    assert smtp_server.envelopes == [("no-reply@rocb-ap.org", ["fp@xn--bcher-kva.example"])]
    assert smtp_server.messages[0]["To"] == "fp@xn--bcher-kva.example"


def test_an_unexpected_error_with_one_message_fails_it_alone_and_the_batch_goes_on(app, smtp_server, monkeypatch):
    rcpt = smtplib.SMTP.rcpt

    def broken_for_one(self, address, options=()):
        if address.startswith("b@"):
            raise LookupError("a fault nobody foresaw")
        return rcpt(self, address, options)

    monkeypatch.setattr(smtplib.SMTP, "rcpt", broken_for_one)
    for name in "abc":
        queue_message(f"{name}@customs.go.th", f"Notice {name}", "notice", {"paragraphs": ["x"]})
    db.session.commit()
    run_burst(app)
    assert sorted(m["To"] for m in smtp_server.messages) == ["a@customs.go.th", "c@customs.go.th"]
    statuses = _statuses()
    assert statuses["b@customs.go.th"] == ("failed", "LookupError: a fault nobody foresaw")
    assert "sending" not in {status for status, _ in statuses.values()}
