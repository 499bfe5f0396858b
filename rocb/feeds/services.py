"""Calendar feeds: which sessions a feed holds, their FeedEvents, the cached body, and private feed tokens.

Feeds (DESIGN.md "Calendar feeds"):
- public: every public workshop; per administration (invited, attending, hosting or counted in a headcount);
  per regional entity (hosting). No join link in any of them.
- private (/feeds/<token>/calendar.ics): a participant's workshops (every roster that holds the participant's
  e-mail), or a user's: a focal point's administration's workshops and the workshops they attend, staff: all.
  Join links of online and hybrid workshops included; non-public workshops included.
- one workshop, to download: every session, no window, no join link.

Tokens. A feed link carries a token of 256 bits; the database keeps its sha256 (looked up) and a salt. The token
is HMAC-SHA256(SECRET_KEY, salt), so that staff can export a roster's links again and a user can see their
link on "My calendar" any time, while a database dump alone gives no link. If SECRET_KEY changes, stored
hashes no longer match the tokens the app would show: `feed_link` notices and rotates (old links keep
working until then: verification never needs the key). Rotating revokes the old token (its link answers 404)
and makes a new one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from rocb import access, audit
from rocb.extensions import cache, db, utcnow
from rocb.feeds.ical import FeedEvent, FeedMeta, build_calendar, feed_window_filter
from rocb.feeds.models import FeedToken
from rocb.registry.models import Administration, RegionalEntity
from rocb.versioning import version_and_time
from rocb.workshops.models import Headcount, Participant, Session, Workshop, workshop_invited

FEED_DOMAINS = ("workshops", "registry")
CALENDAR_NAME = "ROCB A/P workshops"
# A generous SQL pre-filter; the exact window (12 months, cancelled 30 days) is ical.feed_window_filter's.
_SQL_WINDOW = timedelta(days=370)
_DUMMY_HASH = "0" * 64


@dataclass(frozen=True)
class BuiltFeed:
    """A feed ready to serve: the body and the validators of a conditional GET."""

    body: bytes
    etag: str
    last_modified: datetime


# ---------------------------------------------------------------- rows -> FeedEvent


def base_url() -> str:
    return current_app.config["ROCB_BASE_URL"].rstrip("/")


def uid_host() -> str:
    return urlsplit(base_url()).hostname or "rocb-ap.org"


def _organizers(workshop: Workshop) -> tuple[str, ...]:
    names = [e.name for e in workshop.organizer_entities]
    names += [o.short_name or o.name for o in workshop.organizer_organizations]
    names += [a.name for a in workshop.organizer_administrations]
    return tuple(names)


def feed_event(session: Session, *, private: bool = False, host: str | None = None, base: str | None = None
               ) -> FeedEvent:
    """One session as a calendar shows it. The join link only when `private` and the workshop is online/hybrid."""
    workshop = session.workshop
    base = base or base_url()
    title = workshop.title + (f": {session.title}" if session.title else "")
    if session.cancelled:
        status, last_modified = "cancelled", session.updated_at
    elif workshop.status == "cancelled":
        status, last_modified = "cancelled", workshop.updated_at
    else:
        status, last_modified = workshop.status, max(session.updated_at, workshop.updated_at)
    shape: dict = {}
    if session.all_day:
        first = session.local_start.date()
        last = max(first, (session.local_end - timedelta(microseconds=1)).date())  # local_end is exclusive
        shape = {"first_day": first, "last_day": last}
    else:
        shape = {"start_utc": session.start_utc, "end_utc": session.end_utc}
    join_link = workshop.join_link if private and workshop.mode in ("online", "hybrid") else None
    return FeedEvent(
        uid=f"{session.uid}@{host or uid_host()}",
        sequence=session.sequence,
        status=status,
        title=title,
        reference_zone=session.zone or workshop.reference_zone,
        location=workshop.venue_city or "Online",
        url=f"{base}/workshops/{workshop.id}",
        created=session.created_at,
        last_modified=last_modified,
        organizers=_organizers(workshop),
        fund=", ".join(f.code for f in workshop.funds),
        topics=tuple(t.name for t in workshop.topics),
        mode=workshop.mode,
        join_link=join_link,
        **shape,
    )


def _session_query(*conditions, windowed: bool = True, now: datetime | None = None):
    """Sessions with everything the events need, in a fixed number of queries (1 + one per collection)."""
    query = (
        select(Session)
        .join(Session.workshop)
        .options(
            selectinload(Session.workshop).options(
                selectinload(Workshop.topics),
                selectinload(Workshop.funds),
                selectinload(Workshop.organizer_entities),
                selectinload(Workshop.organizer_organizations),
                selectinload(Workshop.organizer_administrations),
            )
        )
        .where(*conditions)
        .order_by(Session.start_utc, Session.id)
    )
    if windowed:
        query = query.where(Session.end_utc >= (now or utcnow()) - _SQL_WINDOW)
    return query


def _events(conditions, *, private: bool, windowed: bool = True, now: datetime | None = None) -> list[FeedEvent]:
    now = now or utcnow()
    sessions = db.session.execute(_session_query(*conditions, windowed=windowed, now=now)).scalars().all()
    host, base = uid_host(), base_url()
    events = [feed_event(s, private=private, host=host, base=base) for s in sessions]
    return feed_window_filter(events, now) if windowed else events


# ---------------------------------------------------------------- which workshops a feed holds


def _attending(administration_id: int):
    """Workshops an administration was invited to, attends (named or counted), or hosts."""
    return or_(
        Workshop.host_administration_id == administration_id,
        exists().where(workshop_invited.c.workshop_id == Workshop.id,
                       workshop_invited.c.administration_id == administration_id),
        exists().where(Participant.workshop_id == Workshop.id, Participant.administration_id == administration_id),
        exists().where(Headcount.workshop_id == Workshop.id, Headcount.administration_id == administration_id),
    )


def _attended_by_email(email: str):
    return exists().where(Participant.workshop_id == Workshop.id, func.lower(Participant.email) == email.lower())


@dataclass(frozen=True)
class FeedSpec:
    """What a feed is: its cache key, calendar name, whether private, and how to find its sessions."""

    key: str
    name: str
    private: bool
    conditions: tuple
    windowed: bool = True


def public_feed() -> FeedSpec:
    return FeedSpec("public", CALENDAR_NAME, False, (Workshop.is_public.is_(True),))


def administration_feed(administration: Administration) -> FeedSpec:
    return FeedSpec(f"administration:{administration.id}", f"{CALENDAR_NAME} — {administration.name}", False,
                    (Workshop.is_public.is_(True), _attending(administration.id)))


def entity_feed(entity: RegionalEntity) -> FeedSpec:
    return FeedSpec(f"entity:{entity.id}", f"{CALENDAR_NAME} — hosted by {entity.name}", False,
                    (Workshop.is_public.is_(True), Workshop.host_entity_id == entity.id))


def workshop_feed(workshop: Workshop) -> FeedSpec:
    return FeedSpec(f"workshop:{workshop.id}", f"{workshop.title} ({CALENDAR_NAME})", False,
                    (Session.workshop_id == workshop.id,), windowed=False)


def token_feed(token: FeedToken) -> FeedSpec:
    """The private feed a token opens."""
    if token.participant_id is not None:
        person = token.participant
        condition = _attended_by_email(person.email) if person.email else Workshop.id == person.workshop_id
        return FeedSpec(f"participant:{person.id}:{(person.email or '').lower()}",
                        f"{CALENDAR_NAME} — {person.name}", True, (condition,))
    user = token.user
    name = f"{CALENDAR_NAME} — {user.name or user.email}"
    if access.is_staff(user):
        return FeedSpec(f"user:{user.id}:staff", name + " (all workshops)", True, ())
    conditions = [_attended_by_email(user.email)]
    if user.administration_id is not None:
        conditions.append(_attending(user.administration_id))
    return FeedSpec(f"user:{user.id}:{user.role}:{user.administration_id}:{user.email.lower()}", name, True,
                    (or_(*conditions),))


# ---------------------------------------------------------------- building and caching


def build_feed(spec: FeedSpec, now: datetime | None = None) -> BuiltFeed:
    """The feed's body, from the cache when its data has not changed.

    Cache key: the feed, the data version of workshops and registry, and the day (the window moves with time).
    The data version is read BEFORE the rows, so a body is never stored under a version newer than its data.
    DTSTAMP is the time of the last change, so the same data always gives the same bytes and the same ETag.
    """
    now = now or utcnow()
    version, changed = version_and_time(*FEED_DOMAINS)
    changed = changed or datetime(2000, 1, 1, tzinfo=UTC)
    key = f"feed:{spec.key}:{version}:{now:%Y-%m-%d}:{base_url()}"
    built = cache.get(key)
    if built is not None:
        return built
    events = _events(spec.conditions, private=spec.private, windowed=spec.windowed, now=now)
    body = build_calendar(FeedMeta(name=spec.name, dtstamp=changed, private=spec.private), events)
    etag = hashlib.sha256(body).hexdigest()[:32]
    newest = max((e.last_modified for e in events), default=changed).replace(microsecond=0)  # HTTP dates: seconds
    # A session deleted, or one leaving the window, changes the body but no event's time: keep
    # Last-Modified moving forward for clients that only send If-Modified-Since.
    previous = cache.get(f"feed-validators:{spec.key}")
    if previous and previous[0] != etag and newest <= previous[1]:
        newest = min(now, max(changed, previous[1] + timedelta(seconds=1))).replace(microsecond=0)
    built = BuiltFeed(body=body, etag=etag, last_modified=newest)
    cache.set(key, built)
    cache.set(f"feed-validators:{spec.key}", (etag, built.last_modified))
    return built


# ---------------------------------------------------------------- tokens


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
    """The active token of a link, or None. Unknown, revoked and malformed tokens all take this one path:
    hash, one lookup by hash, a constant-time comparison (against a dummy when nothing was found)."""
    digest = _hash(raw[:200])
    token = db.session.execute(
        select(FeedToken).where(FeedToken.token_hash == digest)
        .options(selectinload(FeedToken.participant), selectinload(FeedToken.user))
    ).scalar_one_or_none()
    matches = hmac.compare_digest(token.token_hash if token else _DUMMY_HASH, digest)
    if token is None or not matches or token.revoked_at is not None:
        return None
    if token.user is not None and not token.user.active:
        return None
    return token


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
    "BuiltFeed", "FeedSpec", "administration_feed", "build_feed", "entity_feed", "feed_event", "feed_link",
    "find_token", "public_feed", "roster_feed_links", "rotate", "rotate_for_participant", "rotate_for_user",
    "token_feed", "token_for_participant", "token_for_user", "webcal", "workshop_feed",
)
