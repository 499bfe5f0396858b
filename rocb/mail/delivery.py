"""Delivering the outbox over SMTP, at most once per message.

Each message is claimed (queued -> sending, committed) before it is handed to the server, and marked sent after
the server accepted it. Two workers never send the same message: the claim is a conditional UPDATE that only one
wins. A refused or unreachable server puts the message back to queued with a later next_attempt_at (the waits in
MAIL_RETRY_MINUTES, about a day in all), then marks it failed. A permanent refusal (5xx) fails it at once.

If a worker dies after claiming a message, nobody can know whether the server had accepted it. Such a message
(still sending after MAIL_SENDING_LEASE seconds) is marked failed with a note and never resent blindly: staff read
the note on the Outbox page and may send it again. The guarantee is therefore at-most-once delivery.
"""

import logging
import os
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from datetime import timedelta
from email import encoders
from email.header import Header
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import format_datetime, formataddr, parseaddr

from flask import current_app
from sqlalchemy import select, update

from rocb.extensions import db, utcnow
from rocb.mail.models import FAILED, QUEUED, SENDING, SENT, OutboxMessage
from rocb.mail.services import calendar_method

log = logging.getLogger(__name__)
RETRIABLE = (OSError, smtplib.SMTPException)  # connection refused, timeouts, 4xx answers


@dataclass
class DeliveryReport:
    sent: int = 0
    deferred: int = 0
    failed: int = 0
    abandoned: int = 0  # left in sending by a worker that died
    errors: list[str] = field(default_factory=list)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _header(value: str):
    return value if value.isascii() else Header(value, "utf-8")


def build_email(message: OutboxMessage, sender: str) -> Message:
    """The MIME message: text (and HTML) parts, attachments; a calendar with its METHOD (built with the compat32
    MIME classes, several times faster than EmailMessage's header registry for the same bytes)."""
    body = MIMEText(message.body_text or "", "plain", "utf-8")
    if message.body_html:
        alternative = MIMEMultipart("alternative")
        alternative.attach(body)
        alternative.attach(MIMEText(message.body_html, "html", "utf-8"))
        body = alternative
    if message.attachments:
        root = MIMEMultipart("mixed")
        root.attach(body)
        for attachment in message.attachments:
            root.attach(_attachment_part(attachment))
    else:
        root = body
    name, address = parseaddr(sender)
    root["From"] = formataddr((name, address), charset="utf-8") if name else address
    root["To"] = message.to_address
    root["Subject"] = _header(message.subject)
    root["Message-ID"] = message.message_id
    root["Date"] = format_datetime(message.created_at)
    root["Auto-Submitted"] = "auto-generated"
    return root


def _attachment_part(attachment) -> Message:
    maintype, _, subtype = attachment.mimetype.partition("/")
    if attachment.mimetype == "text/calendar":
        part = MIMEText(attachment.content.decode("utf-8", "replace"), "calendar", "utf-8")
        method = calendar_method(attachment.content)
        if method:
            part.set_param("method", method)
    else:
        part = MIMEBase(maintype or "application", subtype or "octet-stream")
        part.set_payload(attachment.content)
        encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename=attachment.filename)
    return part


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
            f"The worker {message.claimed_by} stopped while handing this message to the mail server "
            f"(claimed {message.claimed_at:%Y-%m-%d %H:%M:%S} UTC). It may or may not have arrived, so it was not "
            "sent again automatically: ask the recipient, then use Send again if it did not arrive.")
        report.abandoned += 1
    db.session.commit()


def _claim(message_id: int, me: str) -> bool:
    """queued -> sending for this worker, committed (with whatever the session holds: the previous message's
    "sent"). False when another worker has it."""
    now = utcnow()
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == QUEUED, OutboxMessage.next_attempt_at <= now)
        .values(status=SENDING, claimed_at=now, claimed_by=me, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def _give_back(message: OutboxMessage, error: Exception, waits, permanent: bool, report: DeliveryReport) -> None:
    text = f"{type(error).__name__}: {error}"
    message.last_error = text
    delay = None if permanent else _retry_delay(message.attempts, waits)
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


def deliver_due(limit: int | None = None) -> DeliveryReport:
    """Send the queued messages that are due, oldest first, over one SMTP connection. Without MAIL_SERVER,
    nothing is sent (the messages wait in the outbox)."""
    config = current_app.config
    report = DeliveryReport()
    _abandon_stale_claims(report, config["MAIL_SENDING_LEASE"])
    if not config.get("MAIL_SERVER"):
        return report
    query = (select(OutboxMessage.id).where(OutboxMessage.status == QUEUED, OutboxMessage.next_attempt_at <= utcnow())
             .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit or config["MAIL_BATCH_SIZE"]))
    due = db.session.execute(query).scalars().all()
    db.session.commit()
    me, waits, sender = worker_name(), config["MAIL_RETRY_MINUTES"], config["MAIL_DEFAULT_SENDER"]
    server = None
    try:
        for message_id in due:
            if not _claim(message_id, me):
                continue  # another worker has it
            message = db.session.get(OutboxMessage, message_id)
            try:
                email = build_email(message, sender)
            except Exception as error:  # noqa: BLE001  (a message that cannot be built fails alone, visibly)
                _give_back(message, error, waits, True, report)
                continue
            try:
                if server is None:
                    server = connect(config)
                _hand_over(server, sender_address(sender), message.to_address, email)
            except UncertainDelivery as error:
                _mark_uncertain(message, error.__cause__, report)
                server = _drop(server)
                break
            except RETRIABLE as error:
                permanent = _is_permanent(error)
                _give_back(message, error, waits, permanent, report)
                if not permanent:
                    break  # the server is down or busy: the rest wait for the next sweep, their tries untouched
                continue
            # Committed with the next claim (or below): one commit per message. A crash before that commit leaves
            # the message in sending, which is the uncertain case handled as described above.
            message.status, message.sent_at, message.last_error = SENT, utcnow(), None
            report.sent += 1
    finally:
        db.session.commit()
        _drop(server)
    if report.errors:
        log.warning("outbox: %s sent, %s deferred, %s failed: %s", report.sent, report.deferred, report.failed,
                    report.errors[-1])
    return report


def sender_address(sender: str) -> str:
    return parseaddr(sender)[1] or sender


class UncertainDelivery(Exception):
    """The connection broke while the message itself was being handed over: it may have been accepted."""


SMTP_POLICY = compat32.clone(linesep="\r\n")


def _hand_over(server: smtplib.SMTP, sender: str, to: str, email: Message) -> None:
    """MAIL, RCPT, DATA. A refusal raises the SMTP error; a break during DATA raises UncertainDelivery."""
    server.ehlo_or_helo_if_needed()
    code, reply = server.mail(sender)
    if code != 250:
        server.rset()
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    code, reply = server.rcpt(to)
    if code not in (250, 251):
        server.rset()
        raise smtplib.SMTPRecipientsRefused({to: (code, reply)})
    payload = email.as_bytes(policy=SMTP_POLICY)
    try:
        server.data(payload)
    except smtplib.SMTPDataError:
        raise  # a clear answer: not accepted
    except RETRIABLE as error:
        raise UncertainDelivery(str(error)) from error


def _mark_uncertain(message: OutboxMessage, error, report: DeliveryReport) -> None:
    message.status = FAILED
    message.last_error = (f"The connection broke while the message was handed to the mail server ({error}). It may "
                          "or may not have arrived, so it was not sent again automatically: ask the recipient, then "
                          "use Send again if it did not arrive.")
    db.session.commit()
    report.abandoned += 1
    report.errors.append(message.last_error)


def _drop(server):
    if server is not None:
        try:
            server.quit()
        except RETRIABLE:
            server.close()
    return None
