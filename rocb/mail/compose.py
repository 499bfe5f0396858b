"""Building the MIME message of an outbox row, and the addresses SMTP is given.

Addresses beyond ASCII: a domain beyond ASCII (fp@bücher.example) is sent in its ASCII form (IDNA,
fp@xn--bcher-kva.example) and needs nothing of the server; letters beyond ASCII before the @ (josé@customs.go.th)
need a server that offers SMTPUTF8 (RFC 6531): the envelope and the To header then go in UTF-8.
"""

from email import encoders
from email.header import Header
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import format_datetime, formataddr, parseaddr
from typing import NamedTuple

from rocb.mail.models import OutboxMessage
from rocb.mail.services import calendar_method

# Headers as compat32 folds them, lines ended by CRLF as SMTP wants; with 8bit, a header given as UTF-8 bytes
# (surrogate-escaped) is written as those bytes: an SMTPUTF8 message.
SMTP_POLICY = compat32.clone(linesep="\r\n")
SMTPUTF8_POLICY = compat32.clone(linesep="\r\n", cte_type="8bit")


class Address(NamedTuple):
    smtp: str  # what MAIL FROM / RCPT TO and the header carry
    needs_smtputf8: bool


def smtp_address(address: str) -> Address:
    if address.isascii():
        return Address(address, False)
    local, at, domain = address.rpartition("@")
    if at and local.isascii():
        try:
            return Address(f"{local}@{domain.encode('idna').decode('ascii')}", False)
        except UnicodeError:
            pass  # not a name IDNA can write: only SMTPUTF8 can carry it
    return Address(address, True)


def _utf8_header(value: str) -> str:
    """A header value the SMTPUTF8 policy writes as raw UTF-8 (compat32 would make it an RFC 2047 word, which is
    not allowed in an address)."""
    return value.encode("utf-8").decode("ascii", "surrogateescape")


def _header(value: str):
    return value if value.isascii() else Header(value, "utf-8")


def build_email(message: OutboxMessage, sender: str, to: Address) -> Message:
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
    root["To"] = _utf8_header(to.smtp) if to.needs_smtputf8 else to.smtp
    root["Subject"] = _header(message.subject)
    root["Message-ID"] = message.message_id
    root["Date"] = format_datetime(message.created_at)
    root["Auto-Submitted"] = "auto-generated"
    return root


def as_bytes(email: Message, smtputf8: bool) -> bytes:
    return email.as_bytes(policy=SMTPUTF8_POLICY if smtputf8 else SMTP_POLICY)


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
