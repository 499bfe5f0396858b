"""Delivering the outbox over SMTP, at most once per message.

The worker claims the due messages a batch at a time (MAIL_CLAIM_SIZE, 20: queued -> sending, one conditional
UPDATE, committed) before it hands the first of them to the server, over one SMTP connection kept for the whole
run. Two workers never send the same message: only one of them wins the UPDATE of a row. The messages the server
accepted are marked sent together, in one commit at the end of the batch; those of the batch never handed over
(the run stopped early) go back to queued, their try not counted.

A refused or unreachable server puts the message back to queued with a later next_attempt_at (the waits in
MAIL_RETRY_MINUTES, about a day in all), then marks it failed. A permanent refusal (5xx), an address the server
cannot carry (letters beyond ASCII before the @ and no SMTPUTF8), or any unexpected error with one message fails
that message at once, with the error named; the run goes on with the next one.

If a worker dies with a batch claimed, nobody can know which of its messages the server had accepted. Such
messages (still sending after MAIL_SENDING_LEASE seconds) are marked failed with a note and never resent blindly:
staff read the note on the Outbox page and may send them again. The guarantee is therefore at-most-once delivery;
a crash costs at most one batch of messages that staff check by hand.
"""

import logging
import os
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parseaddr

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from rocb.extensions import db, utcnow
from rocb.mail.compose import Address, as_bytes, build_email, smtp_address
from rocb.mail.models import FAILED, QUEUED, SENDING, SENT, OutboxMessage

log = logging.getLogger(__name__)
RETRIABLE = (OSError, smtplib.SMTPException)  # connection refused, timeouts, 4xx answers
CLAIM_SIZE = 20  # the default of MAIL_CLAIM_SIZE: messages claimed (and marked sent) in one commit


@dataclass
class DeliveryReport:
    sent: int = 0
    deferred: int = 0
    failed: int = 0
    abandoned: int = 0  # left in sending by a worker that died
    errors: list[str] = field(default_factory=list)


class UncertainDelivery(Exception):
    """The connection broke while the message itself was being handed over: it may have been accepted."""


class AddressBeyondASCII(Exception):
    """An address with letters beyond ASCII before the @, and a server that does not offer SMTPUTF8."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def sender_address(sender: str) -> str:
    return parseaddr(sender)[1] or sender


def connect(config) -> smtplib.SMTP:
    host, port, timeout = config["MAIL_SERVER"], int(config["MAIL_PORT"]), config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        server = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(host, port, timeout=timeout)
        if config["MAIL_USE_TLS"]:
            server.starttls(context=ssl.create_default_context())
    if config["MAIL_USERNAME"]:
        server.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    return server


class _Connection:
    """The run's SMTP connection, opened when the first message needs it."""

    def __init__(self, config):
        self.config = config
        self.server: smtplib.SMTP | None = None

    def get(self) -> smtplib.SMTP:
        if self.server is None:
            self.server = connect(self.config)
        return self.server

    def drop(self) -> None:
        if self.server is not None:
            try:
                self.server.quit()
            except RETRIABLE:
                self.server.close()
            self.server = None


def _retry_delay(attempts: int, waits) -> timedelta | None:
    """The wait after the n-th failed try, or None when the tries have run out."""
    return timedelta(minutes=waits[attempts - 1]) if attempts <= len(waits) else None


def _abandon_stale_claims(report: DeliveryReport, lease_seconds: float) -> None:
    cutoff = utcnow() - timedelta(seconds=lease_seconds)
    stale = db.session.execute(
        select(OutboxMessage).where(OutboxMessage.status == SENDING, OutboxMessage.claimed_at <= cutoff)
    ).scalars().all()
    for message in stale:
        message.status = FAILED
        message.last_error = (
            f"The worker {message.claimed_by} stopped while sending the batch this message belonged to (claimed "
            f"{message.claimed_at:%Y-%m-%d %H:%M:%S} UTC). It may or may not have arrived, so it was not sent "
            "again automatically: ask the recipient, then use Send again if it did not arrive.")
        report.abandoned += 1
    db.session.commit()


def _claim(ids: list[int], me: str) -> list[int]:
    """queued -> sending for this worker, in one conditional UPDATE, committed: the ids this worker won (in the
    order given); another worker has the others."""
    now = utcnow()
    won = set(db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status == QUEUED, OutboxMessage.next_attempt_at <= now)
        .values(status=SENDING, claimed_at=now, claimed_by=me, attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).scalars())
    db.session.commit()
    return [message_id for message_id in ids if message_id in won]


def _release(ids: list[int], me: str) -> None:
    """Claimed messages never handed to the server go back to queued, their try not counted."""
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status == SENDING, OutboxMessage.claimed_by == me)
        .values(status=QUEUED, claimed_at=None, claimed_by=None, attempts=OutboxMessage.attempts - 1)
        .execution_options(synchronize_session=False))
    db.session.commit()


def _give_back(message: OutboxMessage, error: Exception, permanent: bool, report: DeliveryReport) -> None:
    text = f"{type(error).__name__}: {error}"
    message.last_error = text
    delay = None if permanent else _retry_delay(message.attempts, current_app.config["MAIL_RETRY_MINUTES"])
    if delay is None:
        message.status = FAILED
        report.failed += 1
    else:
        message.status = QUEUED
        message.next_attempt_at = utcnow() + delay
        report.deferred += 1
    message.claimed_at = message.claimed_by = None
    db.session.commit()
    report.errors.append(text)


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500 \
        and not isinstance(error, smtplib.SMTPServerDisconnected)


def _mark_uncertain(message: OutboxMessage, error, report: DeliveryReport) -> None:
    message.status = FAILED
    message.last_error = (f"The connection broke while the message was handed to the mail server ({error}). It may "
                          "or may not have arrived, so it was not sent again automatically: ask the recipient, then "
                          "use Send again if it did not arrive.")
    db.session.commit()
    report.abandoned += 1
    report.errors.append(message.last_error)


def deliver_due(limit: int | None = None) -> DeliveryReport:
    """Send the queued messages that are due, oldest first, over one SMTP connection, a claimed batch at a time.
    Without MAIL_SERVER, nothing is sent (the messages wait in the outbox)."""
    config = current_app.config
    report = DeliveryReport()
    _abandon_stale_claims(report, config["MAIL_SENDING_LEASE"])
    if not config.get("MAIL_SERVER"):
        return report
    query = (select(OutboxMessage.id).where(OutboxMessage.status == QUEUED, OutboxMessage.next_attempt_at <= utcnow())
             .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit or config["MAIL_BATCH_SIZE"]))
    due = db.session.execute(query).scalars().all()
    db.session.commit()
    me, size = worker_name(), max(1, int(config.get("MAIL_CLAIM_SIZE") or CLAIM_SIZE))
    connection = _Connection(config)
    try:
        for start in range(0, len(due), size):
            claimed = _claim(due[start:start + size], me)
            if claimed and not _send_batch(claimed, me, connection, report):
                break  # the server is down or broke: the rest wait for the next sweep, their tries untouched
    finally:
        connection.drop()
    if report.errors:
        log.warning("outbox: %s sent, %s deferred, %s failed: %s", report.sent, report.deferred, report.failed,
                    report.errors[-1])
    return report


def _send_batch(ids: list[int], me: str, connection: _Connection, report: DeliveryReport) -> bool:
    """Hand over the claimed messages one by one; mark those accepted sent in one commit. False: stop the run."""
    messages = {m.id: m for m in db.session.execute(
        select(OutboxMessage).where(OutboxMessage.id.in_(ids)).options(selectinload(OutboxMessage.attachments))
    ).scalars()}
    waiting, carry_on = list(ids), True
    sender = smtp_address(sender_address(current_app.config["MAIL_DEFAULT_SENDER"]))
    try:
        while waiting and carry_on:
            # Off the list before it is handed over: if this run dies now, the message stays sending (uncertain).
            carry_on = _send_one(messages[waiting.pop(0)], sender, connection, report)
    finally:
        db.session.commit()  # the batch's "sent" marks
        if waiting:
            _release(waiting, me)
    return carry_on


def _send_one(message: OutboxMessage, sender: Address, connection: _Connection, report: DeliveryReport) -> bool:
    """Build and hand over one claimed message, and record what became of it. False: stop the run."""
    to = smtp_address(message.to_address)
    try:
        email = build_email(message, current_app.config["MAIL_DEFAULT_SENDER"], to)
    except Exception as error:  # noqa: BLE001  (a message that cannot be built fails alone, visibly)
        _give_back(message, error, True, report)
        return True
    try:
        server = connection.get()
    except Exception as error:  # noqa: BLE001  (refused, timed out, TLS, login: the server's fault, not the message's)
        _give_back(message, error, False, report)
        return False
    try:
        _hand_over(server, sender, to, email)
    except UncertainDelivery as error:
        _mark_uncertain(message, error.__cause__, report)
        connection.drop()
        return not isinstance(error.__cause__, RETRIABLE)  # a broken connection: the server may be going down
    except AddressBeyondASCII as error:
        _give_back(message, error, True, report)
        return True
    except RETRIABLE as error:
        # A refusal of the recipient or of the content concerns this message; a refused sender, a dropped
        # connection concern every message (a setting to fix, a server going down): retried later, the rest of the
        # run waits for the next sweep.
        permanent = _is_permanent(error) and not isinstance(error, smtplib.SMTPSenderRefused)
        _give_back(message, error, permanent, report)
        return permanent or isinstance(error, smtplib.SMTPRecipientsRefused)
    except Exception as error:  # noqa: BLE001  (an unforeseen error with one message fails it alone, named)
        log.exception("outbox: message %s failed", message.id)
        _give_back(message, error, True, report)
        connection.drop()  # the conversation may be half-way through: the next message starts afresh
        return True
    message.status, message.sent_at, message.last_error = SENT, utcnow(), None
    report.sent += 1
    return True


def _hand_over(server: smtplib.SMTP, sender: Address, to: Address, email) -> None:
    """MAIL, RCPT, DATA. A refusal raises the SMTP error; a break during DATA raises UncertainDelivery."""
    server.ehlo_or_helo_if_needed()
    options: tuple[str, ...] = ()
    if sender.needs_smtputf8 or to.needs_smtputf8:
        if not server.has_extn("smtputf8"):
            beyond = to.smtp if to.needs_smtputf8 else sender.smtp
            raise AddressBeyondASCII(
                f"{beyond}: the mail server {current_app.config['MAIL_SERVER']} does not accept addresses with "
                "letters beyond ASCII (it does not offer SMTPUTF8). Ask for another address of this person, or use "
                "a mail server that offers SMTPUTF8.")
        options = ("SMTPUTF8", "BODY=8BITMIME") if server.has_extn("8bitmime") else ("SMTPUTF8",)
    code, reply = server.mail(sender.smtp, options)
    if code != 250:
        server.rset()
        raise smtplib.SMTPSenderRefused(code, reply, sender.smtp)
    code, reply = server.rcpt(to.smtp)
    if code not in (250, 251):
        server.rset()
        raise smtplib.SMTPRecipientsRefused({to.smtp: (code, reply)})
    payload = as_bytes(email, bool(options))
    try:
        server.data(payload)
    except smtplib.SMTPDataError:
        raise  # a clear answer: not accepted
    except Exception as error:  # noqa: BLE001  (the bytes may have reached the server: nobody can tell)
        raise UncertainDelivery(str(error)) from error
