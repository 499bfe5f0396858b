"""Private feed tokens: made, found, shown again, rotated, and a roster's links exported.

A feed link carries a token of 256 bits; the database keeps its sha256 (looked up) and a salt. The token is
HMAC-SHA256(SECRET_KEY, salt), so that staff can export a roster's links again and a user can see their link
on "My calendar" any time, while a database dump alone gives no link. If SECRET_KEY changes, stored hashes no
longer match the tokens the app would show: the next time a link is shown, the token is rotated (old links keep
working until then: checking a token never needs the key). Rotating revokes the old token (its link answers
404) and makes a new one.

A participant is a row of one workshop's roster; their feed holds every roster with the same e-mail, and one
token serves all those rows (one person, one link).
"""

import base64
import hashlib
import hmac
import secrets

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from rocb import audit
from rocb.auth.models import User
from rocb.extensions import db, utcnow
from rocb.feeds.models import FeedToken
from rocb.feeds.services import base_url
from rocb.workshops.models import Participant, Workshop

_DUMMY_HASH = "0" * 64


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _derive(salt: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, b"rocb-feed-token:" + salt.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _new_token(**owner) -> FeedToken:
    salt = secrets.token_urlsafe(32)
    token = FeedToken(salt=salt, token_hash=_hash(_derive(salt)), **owner)
    db.session.add(token)
    return token


def find_token(raw: str) -> FeedToken | None:
    """The active token of a link, or None. Unknown, revoked, malformed tokens and those of a deactivated user
    all take this one path and cost the same: hash, one lookup that only finds an active token of an active owner
    (so a once-valid token finds nothing, like an unknown one), a constant-time comparison against a dummy when
    nothing was found. Only a token that works loads its owner."""
    digest = _hash(raw[:200])
    token = db.session.execute(
        select(FeedToken).outerjoin(User, FeedToken.user_id == User.id)
        .where(FeedToken.token_hash == digest, FeedToken.revoked_at.is_(None),
               or_(FeedToken.user_id.is_(None), User.active.is_(True)))
        .options(selectinload(FeedToken.participant), selectinload(FeedToken.user))
    ).scalar_one_or_none()
    matches = hmac.compare_digest(token.token_hash if token else _DUMMY_HASH, digest)
    return token if token is not None and matches else None


def _active_token(**owner) -> FeedToken | None:
    (column, value), = owner.items()
    return db.session.execute(
        select(FeedToken).where(getattr(FeedToken, column) == value, FeedToken.revoked_at.is_(None))
        .order_by(FeedToken.id.desc()).limit(1)
    ).scalar_one_or_none()


def _usable(token: FeedToken | None) -> bool:
    # False after a change of SECRET_KEY: the link the app would show no longer matches the stored hash
    return token is not None and _hash(_derive(token.salt)) == token.token_hash


def token_for_user(user) -> FeedToken:
    """The user's active token, made on first use. The caller commits."""
    token = _active_token(user_id=user.id)
    return token if _usable(token) else rotate(token, user_id=user.id)


def _participant_tokens(participants) -> tuple[dict, dict]:
    """Active tokens of these participants, by participant id and by e-mail (one query)."""
    ids = [p.id for p in participants]
    emails = sorted({p.email.lower() for p in participants if p.email})
    rows = db.session.execute(
        select(FeedToken, Participant.email).join(FeedToken.participant)
        .where(FeedToken.revoked_at.is_(None),
               or_(Participant.id.in_(ids), func.lower(Participant.email).in_(emails)))
        .order_by(FeedToken.id)
    ).all()
    by_id = {token.participant_id: token for token, _ in rows}
    by_email = {email.lower(): token for token, email in rows if email}
    return by_id, by_email


def token_for_participant(participant: Participant, known: tuple[dict, dict] | None = None) -> FeedToken:
    """The participant's active token, shared by every roster row with the same e-mail (one person, one link),
    made on first use. The caller commits."""
    by_id, by_email = known or _participant_tokens([participant])
    token = by_id.get(participant.id) or (by_email.get(participant.email.lower()) if participant.email else None)
    if _usable(token):
        return token
    token = rotate(token, participant_id=participant.id)
    by_id[participant.id] = token
    if participant.email:
        by_email[participant.email.lower()] = token
    return token


def tokens_for_participants(participants) -> dict[int, FeedToken]:
    """{participant id: active token} of many participants (one query; the missing ones made in one flush, with
    one audit entry). The caller commits."""
    by_id, by_email = _participant_tokens(participants)
    out, made = {}, []
    for p in participants:
        token = by_id.get(p.id) or (by_email.get(p.email.lower()) if p.email else None)
        if not _usable(token):
            if token is not None:
                token.revoked_at = utcnow()
            token = _new_token(participant_id=p.id)
            made.append(p.id)
            by_id[p.id] = token
            if p.email:
                by_email[p.email.lower()] = token
        out[p.id] = token
    if made:
        db.session.flush()
        audit.record("create", out[made[0]], {"participants": made})
    return out


def rotate(old: FeedToken | None, **owner) -> FeedToken:
    """Revoke `old` (its link then answers 404) and give the owner a new token. The caller commits."""
    if old is not None:
        old.revoked_at = utcnow()
        owner = {"participant_id": old.participant_id} if old.participant_id else {"user_id": old.user_id}
    token = _new_token(**owner)
    db.session.flush()
    audit.record("rotate" if old is not None else "create", token)
    return token


def rotate_for_user(user) -> FeedToken:
    """The user (or staff): a new private link; the old one answers 404. The caller commits."""
    return rotate(_active_token(user_id=user.id), user_id=user.id)


def rotate_for_participant(participant: Participant) -> FeedToken:
    """Staff: a new link for the participant; the old link (shared by their other roster rows) stops working."""
    by_id, by_email = _participant_tokens([participant])
    current = by_id.get(participant.id) or (by_email.get(participant.email.lower()) if participant.email else None)
    return rotate(current, participant_id=participant.id)


def feed_link(token: FeedToken) -> str:
    """The https address of a token's private feed."""
    return f"{base_url()}/feeds/{_derive(token.salt)}/calendar.ics"


def webcal(url: str) -> str:
    """webcal:// for calendar apps that subscribe on a click (Apple Calendar, Outlook)."""
    return "webcal://" + url.split("://", 1)[1] if "://" in url else url


def roster_feed_links(workshop: Workshop) -> list[dict]:
    """One row per participant of the roster with their private feed link (tokens made as needed; caller commits).

    Queries: the roster, its administrations and organizations, the existing tokens; plus one insert per
    participant who has no link yet.
    """
    participants = db.session.execute(
        select(Participant).where(Participant.workshop_id == workshop.id)
        .options(selectinload(Participant.administration), selectinload(Participant.organization))
        .order_by(Participant.name, Participant.id)
    ).scalars().all()
    known = _participant_tokens(participants)
    rows = []
    for participant in participants:
        link = feed_link(token_for_participant(participant, known))
        rows.append({
            "name": participant.name,
            "email": participant.email or "",
            "administration": participant.administration.code if participant.administration else "",
            "organization": participant.organization.name if participant.organization else "",
            "role": participant.role,
            "feed_link": link,
            "subscribe_link": webcal(link),
        })
    audit.record("export", workshop, {"feed links": len(rows)})
    return rows


__all__ = (
    "feed_link", "find_token", "roster_feed_links", "rotate", "rotate_for_participant", "rotate_for_user",
    "token_for_participant", "token_for_user", "webcal",
)
