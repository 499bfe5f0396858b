"""Queueing a message: rendered from templates/mail/<template>.txt (and .html when there is one), written to the
outbox in the caller's transaction (never committed here), delivered by the worker after the commit."""

import logging
import re
from datetime import datetime
from email.utils import make_msgid, parseaddr
from typing import NamedTuple
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context, render_template
from jinja2 import TemplateNotFound
from sqlalchemy import event
from sqlalchemy.orm import Session

from rocb.extensions import db, utcnow
from rocb.mail.models import FAILED, QUEUED, OutboxAttachment, OutboxMessage
from rocb.services import ServiceError

log = logging.getLogger(__name__)
_NEW_MAIL = "rocb_outbox_new_mail"
_METHOD_LINE = re.compile(rb"^METHOD:([A-Za-z-]+)\s*$", re.MULTILINE)


class Attachment(NamedTuple):
    filename: str
    mimetype: str
    content: bytes


def local_time(instant: datetime | None, zone: str, fmt: str = "%A %d %B %Y, %H:%M") -> str:
    """An instant in the recipient's zone, with the zone named: 'Monday 29 March 2021, 15:00 (Asia/Bangkok, +07)'."""
    if instant is None:
        return ""
    local = instant.astimezone(ZoneInfo(zone))
    return f"{local.strftime(fmt)} ({zone}, {local.tzname()})"


def calendar_method(content: bytes) -> str | None:
    """The METHOD of an iCalendar object (REQUEST, PUBLISH, CANCEL), or None."""
    found = _METHOD_LINE.search(content)
    return found.group(1).decode().upper() if found else None


def mail_domain() -> str:
    sender = parseaddr(current_app.config.get("MAIL_DEFAULT_SENDER") or "")[1]
    if "@" in sender:
        return sender.rsplit("@", 1)[1]
    return urlsplit(current_app.config["ROCB_BASE_URL"]).hostname or "rocb-ap.org"


def _render(template: str, context: dict) -> tuple[str, str | None]:
    text = render_template(f"mail/{template}.txt", **context)
    try:
        html = render_template(f"mail/{template}.html", **context)
    except TemplateNotFound as error:
        if error.name != f"mail/{template}.html":
            raise  # the HTML part exists but includes a template that does not
        html = None
    return text, html


def queue_message(to: str, subject: str, template: str, context: dict | None = None, *, attachments=(),
                  zone: str | None = None) -> OutboxMessage:
    """Add a message to the outbox in the current transaction; the caller commits it with the change it is about.

    The templates get `context`, plus `zone` (the recipient's IANA zone, UTC by default), `local_time(instant)`
    (formatted in that zone, the zone named) and `base_url`. A template that fails does not fail the caller:
    the message is stored as failed with the error, for staff to see on the Outbox page.
    """
    zone = zone or "UTC"
    full_context = dict(context or {})
    full_context.update(zone=zone, base_url=current_app.config["ROCB_BASE_URL"],
                        local_time=lambda instant, fmt="%A %d %B %Y, %H:%M": local_time(instant, zone, fmt))
    message = OutboxMessage(
        # One line each: a CR or LF in an address or a subject must never become a header of its own.
        message_id=make_msgid(domain=mail_domain()), to_address=" ".join(to.split())[:254],
        subject=" ".join(subject.split())[:300],
        template=template, status=QUEUED, attempts=0, next_attempt_at=utcnow(), created_at=utcnow(),
    )
    try:
        message.body_text, message.body_html = _render(template, full_context)
    except Exception as error:  # noqa: BLE001  (a template error must never fail the request that queued it)
        log.exception("mail template %s failed", template)
        message.body_text, message.body_html = "", None
        message.status = FAILED
        message.last_error = f"The template {template!r} could not be rendered: {type(error).__name__}: {error}"
    if message.status == QUEUED and (" " in message.to_address or "@" not in message.to_address):
        message.status = FAILED
        message.last_error = f"Not an e-mail address: {message.to_address!r}"
    for attachment in attachments:
        attachment = Attachment(*attachment)
        message.attachments.append(OutboxAttachment(
            filename=attachment.filename, mimetype=attachment.mimetype, content=bytes(attachment.content)))
    db.session.add(message)
    if message.status == QUEUED:
        db.session.info[_NEW_MAIL] = True
    return message


@event.listens_for(Session, "after_commit")
def _wake_the_worker(session: Session) -> None:
    """A committed message is handed to the worker at once (the minute sweep would find it anyway)."""
    if not session.info.pop(_NEW_MAIL, False) or not has_app_context():
        return
    from rocb import jobs
    from rocb.mail.jobs import deliver_outbox

    if jobs.EXTENSION not in current_app.extensions:
        return
    try:
        deliver_outbox()
    except Exception:  # noqa: BLE001  (a queue that is down must not fail the request: the sweep delivers later)
        log.exception("could not wake the mail worker; the next sweep delivers the message")


@event.listens_for(Session, "after_rollback")
def _no_new_mail(session: Session) -> None:
    session.info.pop(_NEW_MAIL, None)


def send_again(message: OutboxMessage) -> OutboxMessage:
    """Admins: queue a failed message again (same Message-ID, tries counted afresh). The caller commits."""
    from rocb import audit

    if message.status != FAILED:
        raise ServiceError("Only a failed message can be sent again.")
    if not message.body_text and message.last_error and "template" in message.last_error:
        raise ServiceError("This message could not be rendered: fix the template; it cannot be sent as it is.")
    audit.record("send again", message, {"status": [message.status, QUEUED], "last error": message.last_error})
    message.status, message.attempts, message.next_attempt_at = QUEUED, 0, utcnow()
    message.claimed_at = message.claimed_by = None
    db.session.info[_NEW_MAIL] = True
    return message
