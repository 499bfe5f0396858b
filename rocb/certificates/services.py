"""Use cases of certificates: who is eligible, issue (a code, once), render, the ZIP of a workshop, send by mail.

Each write checks first, writes, audits; the caller commits."""

import hashlib
import hmac
import io
import re
import secrets
import zipfile
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rocb import audit
from rocb.certificates.models import Certificate
from rocb.certificates.render import CertificateData, render, render_many
from rocb.certificates.rules import refusal
from rocb.extensions import db, utcnow
from rocb.mail.services import Attachment, queue_message
from rocb.services import ServiceError
from rocb.workshops.models import Participant, Workshop
from rocb.workshops.presence import rates_of
from rocb.workshops.rates import Rate
from rocb.workshops.report import date_range

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud or typed from paper


@dataclass
class Standing:
    participant: Participant
    rate: Rate | None
    refusal: str | None
    certificate: Certificate | None


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def normal_code(code: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", code.upper())


def standings(workshop: Workshop) -> list[Standing]:
    """Every participant of the workshop with their attendance rate, why not (if not) and their certificate."""
    rates = rates_of(workshop)
    people = db.session.execute(select(Participant).where(Participant.workshop_id == workshop.id)
                                .options(selectinload(Participant.administration))
                                .order_by(Participant.name)).scalars().all()
    issued = {c.participant_id: c for c in db.session.execute(
        select(Certificate).join(Participant).where(Participant.workshop_id == workshop.id)).scalars()}
    out = []
    for p in people:
        rate = rates.by_participant.get(p.id) if rates else None
        out.append(Standing(p, rate, refusal(workshop.status, p.attended, rate, workshop.certificate_min_percent),
                            issued.get(p.id)))
    return out


def set_rule(workshop: Workshop, min_percent) -> None:
    if not isinstance(min_percent, int) or not 1 <= min_percent <= 100:
        raise ServiceError({"min_percent": "Give a share of the sessions between 1 and 100 %."})
    changes = audit.changes_of({"certificate_min_percent": min_percent}, workshop, ("certificate_min_percent",))
    workshop.certificate_min_percent = min_percent
    audit.record("certificate rule", workshop, changes)


def _issue(standing: Standing) -> Certificate:
    if standing.refusal:
        raise ServiceError(f"No certificate for {standing.participant.name}: {standing.refusal}")
    if standing.certificate is None:
        code = new_code()
        while db.session.execute(select(Certificate.id).where(Certificate.code == code)).first():
            code = new_code()
        standing.certificate = Certificate(participant_id=standing.participant.id, code=code, issued_at=utcnow())
        db.session.add(standing.certificate)
        audit.record("certificate issued", standing.participant, {"code": code})
    return standing.certificate


def issue_for(workshop: Workshop, participant_id: int) -> tuple[Standing, Certificate]:
    """The certificate of one participant (issued now if it was not): refused with the reason below the rule."""
    for s in standings(workshop):
        if s.participant.id == participant_id:
            return s, _issue(s)
    raise ServiceError("This person is not a participant of this workshop.")


def issue_all(workshop: Workshop) -> list[Standing]:
    """Issue the certificates of everyone who met the rule; returns their standings."""
    eligible = [s for s in standings(workshop) if not s.refusal]
    for s in eligible:
        _issue(s)
    return eligible


def holder_key(code: str) -> str:
    """The secret part of the holder's download link: the code alone (printed on the paper) opens only the
    verification page, never the PDF with the administration's name."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"certificate:" + code.encode(), hashlib.sha256).hexdigest()[:24]


def holder_url(code: str) -> str:
    return verify_url(code) + "/pdf?key=" + holder_key(code)


def verify_url(code: str) -> str:
    return current_app.config["ROCB_BASE_URL"].rstrip("/") + "/certificates/" + code


def certificate_data(workshop: Workshop, standing: Standing) -> CertificateData:
    p, cert = standing.participant, standing.certificate
    organizers = ([str(x) for x in workshop.organizer_entities] + [str(x) for x in workshop.organizer_organizations]
                  + [x.name for x in workshop.organizer_administrations]) or [current_app.config["ROCB_OFFICE_NAME"]]
    rate = standing.rate
    return CertificateData(
        holder=p.name, administration=p.administration.name if p.administration else None,
        workshop_title=workshop.title, dates=dates_of(workshop), organizers=organizers,
        funds=[f.name for f in workshop.funds],
        attendance=f"{rate.attended} of {rate.possible} sessions" if rate and rate.possible else "",
        code=cert.code, verify_url=verify_url(cert.code),
        signatory=current_app.config["CERTIFICATE_SIGNATORY"],
        signatory_title=current_app.config["CERTIFICATE_SIGNATORY_TITLE"],
        issued_on=f"{cert.issued_at.day} {cert.issued_at:%B %Y}")


def dates_of(workshop: Workshop) -> str:
    return date_range(workshop.first_day, workshop.last_day) if workshop.first_day else ""


def pdf_of(workshop: Workshop, standing: Standing) -> bytes:
    return render(certificate_data(workshop, standing))


def file_name(standing: Standing) -> str:
    safe = re.sub(r"[^\w.-]+", "-", standing.participant.name, flags=re.UNICODE).strip("-") or "participant"
    return f"certificate-{safe}-{standing.certificate.code}.pdf"


def zip_of(workshop: Workshop) -> bytes:
    """Every certificate of the workshop (issued now for who met the rule and had none) as one ZIP."""
    eligible = issue_all(workshop)
    if not eligible:
        raise ServiceError("Nobody met the attendance rule of this workshop: there is no certificate to download.")
    pdfs = render_many([certificate_data(workshop, s) for s in eligible])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for s, pdf in zip(eligible, pdfs, strict=True):
            archive.writestr(file_name(s), pdf)
    return buffer.getvalue()


def send_all(workshop: Workshop) -> int:
    """Mail each eligible participant with an address their certificate (PDF attached, and its link)."""
    sent = 0
    eligible = [s for s in issue_all(workshop) if s.participant.email]
    pdfs = render_many([certificate_data(workshop, s) for s in eligible])
    for s, pdf in zip(eligible, pdfs, strict=True):
        queue_message(s.participant.email, f"Your certificate of participation: {workshop.title}", "certificate",
                      {"name": s.participant.name, "workshop": workshop, "dates": dates_of(workshop),
                       "url": verify_url(s.certificate.code), "pdf_url": holder_url(s.certificate.code)},
                      attachments=[Attachment(file_name(s), "application/pdf", pdf)])
        sent += 1
    audit.record("certificates sent", workshop, {"messages": sent})
    return sent


def by_code(code: str) -> tuple[Workshop, Standing] | None:
    """The certificate with this code (dashes and case aside), or None."""
    code = normal_code(code)
    if len(code) != 10:
        return None
    cert = db.session.execute(select(Certificate).where(Certificate.code == f"{code[:5]}-{code[5:]}")
                              .options(selectinload(Certificate.participant))).scalar_one_or_none()
    if cert is None or cert.participant is None:  # SQLite keeps the row of a removed participant (no FK cascade)
        return None
    workshop = db.session.get(Workshop, cert.participant.workshop_id)
    for s in standings(workshop):
        if s.participant.id == cert.participant_id:
            return workshop, s
    return None
