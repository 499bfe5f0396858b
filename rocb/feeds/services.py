"""Calendar feeds: which sessions a feed holds, their FeedEvents, the cached body, and private feed tokens.

Feeds (DESIGN.md "Calendar feeds"):
- public: every public workshop; per administration (invited, attending, hosting or counted in a headcount);
  per regional entity (hosting). No join link in any of them.
- private (/feeds/<token>/calendar.ics): a participant's workshops (every roster that holds the participant's
  e-mail), or a user's: a focal point's administration's workshops and the workshops they attend, staff: all.
  Join links of online and hybrid workshops included; non-public workshops included.
- one workshop, to download: every session, no window, no join link.

Tokens: rocb/feeds/tokens.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import exists, func, literal, or_, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import contains_eager

from rocb import access, params, refresh
from rocb.extensions import cache, db, utcnow
from rocb.feeds.ical import FeedEvent, FeedMeta, build_calendar, feed_window_filter
from rocb.feeds.models import FeedState, FeedToken
from rocb.registry.models import Administration, Fund, Organization, RegionalEntity, Topic
from rocb.versioning import version_and_time
from rocb.workshops.models import (
    Headcount,
    Participant,
    Session,
    Workshop,
    WorkshopParty,
    workshop_funds,
    workshop_invited,
    workshop_organizer_administrations,
    workshop_organizer_entities,
    workshop_organizer_organizations,
    workshop_topics,
)

FEED_DOMAINS = ("workshops", "registry")
CALENDAR_NAME = "ROCB A/P workshops"
# A generous SQL pre-filter; the exact window (12 months; cancelled: until passed) is ical.feed_window_filter's.
_SQL_WINDOW = timedelta(days=370)


@dataclass(frozen=True)
class BuiltFeed:
    """A feed ready to serve: the body and the validators of a conditional GET."""

    body: bytes | None  # None: not read, the client already has it (see build_feed's wants_body)
    etag: str
    last_modified: datetime
    version: str = ""  # the data version the body was built from
    stale: bool = False  # served while the body of a newer version is being built


# ---------------------------------------------------------------- rows -> FeedEvent


def base_url() -> str:
    return current_app.config["ROCB_BASE_URL"].rstrip("/")


def uid_host() -> str:
    """The domain of calendar UIDs: ROCB_UID_DOMAIN, else (as before the setting existed) the host of ROCB_BASE_URL.
    It must not change when the site moves, or every subscribed calendar re-creates every session."""
    return current_app.config.get("ROCB_UID_DOMAIN") or urlsplit(base_url()).hostname or "rocb-ap.org"


@dataclass(frozen=True)
class WorkshopNames:
    """The names a session's description lists: organizers, fund codes, topics."""

    organizers: tuple[str, ...] = ()
    fund: str = ""
    topics: tuple[str, ...] = ()


def _names_of(workshop: Workshop) -> WorkshopNames:
    """From the ORM relationships (one workshop, e.g. its page)."""
    organizers = [e.name for e in workshop.organizer_entities]
    organizers += [o.short_name or o.name for o in workshop.organizer_organizations]
    organizers += [a.name for a in workshop.organizer_administrations]
    return WorkshopNames(tuple(organizers), ", ".join(f.code for f in workshop.funds),
                         tuple(t.name for t in workshop.topics))


def _names_of_many(workshop_ids) -> dict[int, WorkshopNames]:
    """The same for many workshops in ONE query (a UNION ALL over the link tables), in the relationships' order."""
    if not workshop_ids:
        return {}
    ids = sorted(set(workshop_ids))
    part = {  # kind: (link table, model, name column, order column)
        "0entity": (workshop_organizer_entities, RegionalEntity, RegionalEntity.name, RegionalEntity.name),
        "1organization": (workshop_organizer_organizations, Organization,
                          func.coalesce(Organization.short_name, Organization.name), Organization.name),
        "2administration": (workshop_organizer_administrations, Administration, Administration.name,
                            Administration.code),
        "3fund": (workshop_funds, Fund, Fund.code, Fund.code),
        "4topic": (workshop_topics, Topic, Topic.name, Topic.name),
    }
    selects = []
    for kind, (link, model, name, order) in part.items():
        foreign = next(c for c in link.c if c.name != "workshop_id")
        selects.append(
            select(literal(kind).label("kind"), link.c.workshop_id.label("workshop_id"), name.label("name"),
                   order.label("sort"))
            .join(model, model.id == foreign).where(link.c.workshop_id.in_(ids))
        )
    lists: dict[int, dict[str, list[str]]] = {}
    statement = union_all(*selects).subquery()
    for kind, workshop_id, name, _sort in db.session.execute(
        select(statement).order_by(statement.c.workshop_id, statement.c.kind, statement.c.sort)
    ):
        lists.setdefault(workshop_id, {}).setdefault(kind, []).append(name)
    out = {}
    for workshop_id, found in lists.items():
        organizers = found.get("0entity", []) + found.get("1organization", []) + found.get("2administration", [])
        out[workshop_id] = WorkshopNames(tuple(organizers), ", ".join(found.get("3fund", [])),
                                         tuple(found.get("4topic", [])))
    return out


def feed_event(session: Session, *, private: bool = False, host: str | None = None, base: str | None = None,
               names: WorkshopNames | None = None) -> FeedEvent:
    """One session as a calendar shows it. The join link only when `private` and the workshop is online/hybrid.
    `names`: the workshop's organizers, fund and topics when already fetched (else from its relationships)."""
    workshop = session.workshop
    names = names or _names_of(workshop)
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
        organizers=names.organizers,
        fund=names.fund,
        topics=names.topics,
        mode=workshop.mode,
        join_link=join_link,
        **shape,
    )


def _session_query(*conditions, windowed: bool = True, now: datetime | None = None):
    """Sessions with their workshop, in one query."""
    query = (
        select(Session)
        .join(Session.workshop)
        .options(contains_eager(Session.workshop))
        .where(*conditions)
        .order_by(Session.start_utc, Session.id)
    )
    if windowed:
        query = query.where(Session.end_utc >= (now or utcnow()) - _SQL_WINDOW)
    return query


def _events(conditions, *, private: bool, windowed: bool = True, now: datetime | None = None) -> list[FeedEvent]:
    """The feed's events in two queries: sessions with workshops, then the names their descriptions list."""
    now = now or utcnow()
    sessions = db.session.execute(_session_query(*conditions, windowed=windowed, now=now)).scalars().all()
    names = _names_of_many(s.workshop_id for s in sessions)
    host, base, nothing = uid_host(), base_url(), WorkshopNames()
    events = [feed_event(s, private=private, host=host, base=base, names=names.get(s.workshop_id, nothing))
              for s in sessions]
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
        # Named on the record as attending, presenting, speaking or as a partner (its parties).
        exists().where(WorkshopParty.workshop_id == Workshop.id, WorkshopParty.administration_id == administration_id),
    )


def _attended_by_email(email: str):
    return exists().where(Participant.workshop_id == Workshop.id, func.lower(Participant.email) == email.lower())


@dataclass(frozen=True)
class FeedSpec:
    """What a feed is: its cache key, calendar name, whether private, and how to find its sessions.

    `shared`: the answer is the same for everyone (shared caches may keep it). Not for private feeds, nor for the
    download of a non-public workshop, which only staff get."""

    key: str
    name: str
    private: bool
    conditions: tuple
    windowed: bool = True
    shared: bool = True


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
                    (Session.workshop_id == workshop.id,), windowed=False, shared=workshop.is_public)


def token_feed(token: FeedToken) -> FeedSpec:
    """The private feed a token opens."""
    if token.participant_id is not None:
        person = token.participant
        condition = _attended_by_email(person.email) if person.email else Workshop.id == person.workshop_id
        return FeedSpec(f"participant:{person.id}:{(person.email or '').lower()}",
                        f"{CALENDAR_NAME} — {person.name}", True, (condition,), shared=False)
    user = token.user
    name = f"{CALENDAR_NAME} — {user.name or user.email}"
    if access.is_staff(user):
        return FeedSpec(f"user:{user.id}:staff", name + " (all workshops)", True, (), shared=False)
    conditions = [_attended_by_email(user.email)]
    if user.administration_id is not None:
        conditions.append(_attending(user.administration_id))
    return FeedSpec(f"user:{user.id}:{user.role}:{user.administration_id}:{user.email.lower()}", name, True,
                    (or_(*conditions),), shared=False)


# ---------------------------------------------------------------- building and caching


def _last_modified(spec: FeedSpec, etag: str, changed: datetime | None, now: datetime) -> datetime:
    """When the feed's content (its ETag) was first served, from the database: the same in every process and
    after a restart, and later than any earlier answer whenever the content differs (issue 15).

    A new content is dated by the data change that made it (the data version's time) when that change is newer
    than the stored date, else now (a session left the window, or was deleted); at least a second after the
    stored date, since HTTP dates are whole seconds. Two processes meeting the same new content keep the first
    one's date.
    """
    feed_hash = hashlib.sha256(spec.key.encode()).hexdigest()
    found = db.session.execute(select(FeedState.content_hash, FeedState.changed_at)
                               .where(FeedState.feed_hash == feed_hash)).first()
    if found is not None and found.content_hash == etag:
        return found.changed_at
    moment = (changed or now).replace(microsecond=0)
    if found is not None:
        if moment <= found.changed_at:
            moment = now.replace(microsecond=0)
        moment = max(moment, found.changed_at + timedelta(seconds=1))
    table = FeedState.__table__
    dialect = db.session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = (sqlite if dialect == "sqlite" else postgresql).insert(table).values(
            feed_hash=feed_hash, content_hash=etag, changed_at=moment)
        result = db.session.execute(insert.on_conflict_do_update(
            index_elements=[table.c.feed_hash],
            set_={"content_hash": insert.excluded.content_hash, "changed_at": insert.excluded.changed_at},
            # a new content, and a later date: a slower process never moves the date back
            where=(table.c.content_hash != insert.excluded.content_hash)
            & (table.c.changed_at < insert.excluded.changed_at),
        ))
        if result.rowcount == 0:  # another process stored this content (or a later one) first: its date
            moment = db.session.execute(select(FeedState.changed_at)
                                        .where(FeedState.feed_hash == feed_hash)).scalar_one()
    elif found is None:
        db.session.execute(table.insert().values(feed_hash=feed_hash, content_hash=etag, changed_at=moment))
    else:
        db.session.execute(table.update().where(table.c.feed_hash == feed_hash)
                           .values(content_hash=etag, changed_at=moment))
    db.session.commit()
    return moment


def latest_feed_date() -> datetime | None:
    """The latest Last-Modified any feed has been given (read before a restore replaces it)."""
    return db.session.execute(select(func.max(FeedState.changed_at))).scalar()


def forget_feed_dates() -> None:
    """After a restore the stored dates are the backup's, older than what clients were last told: forget them, so
    each feed is dated anew (by the data versions, which restart_clocks dates now)."""
    db.session.execute(FeedState.__table__.delete())
    db.session.commit()


def build_feed(spec: FeedSpec, now: datetime | None = None,
               wants_body: Callable[[str, datetime], bool] | None = None) -> BuiltFeed:
    """The feed's body, from the cache when its data has not changed.

    Cache key: the feed, the data version of workshops and registry, the day (the window moves with time) and the
    addresses the body names. The data version is read BEFORE the rows, so a body is never stored under a version
    newer than its data. The bytes depend only on the feed's events (DTSTAMP is each event's LAST-MODIFIED), so
    the same content always has the same ETag; Last-Modified is when that content was first served
    (`_last_modified`, kept in the database).
    `wants_body(etag, last_modified)`: when it answers False for the cached validators (the client already
    has this version: a 304), the body is not even read from the cache and `BuiltFeed.body` is None.
    """
    now = now or utcnow()
    version, changed = version_and_time(*FEED_DOMAINS)
    key = _cache_key(spec, version, now)
    validators = cache.get(key + ":validators")
    if validators is not None:
        if wants_body is not None and not wants_body(*validators):
            return BuiltFeed(None, *validators)
        body = cache.get(key + ":body")
        if body is not None:
            return BuiltFeed(body, *validators)
    if spec.shared and not spec.private:  # stale-while-revalidate: the last good body while a new one builds
        last = cache.get(_last_key(spec))
        if last is not None and refresh.in_background(key, refresh_feed, spec.key):
            return BuiltFeed(last.body, last.etag, last.last_modified, last.version, stale=True)
    return _build(spec, now, version, changed, key)


def _cache_key(spec: FeedSpec, version: str, now: datetime) -> str:
    return f"feed:{spec.key}:{version}:{now:%Y-%m-%d}:{base_url()}:{uid_host()}"


def _last_key(spec: FeedSpec) -> str:
    return f"feed-last:{spec.key}:{base_url()}:{uid_host()}"


def refresh_feed(spec_key: str) -> BuiltFeed | None:
    """Build and store the current body of a public feed, named by its key ("public", "administration:<id>",
    "entity:<id>", "workshop:<id>"), outside any request: for a background job or `flask refresh-pages`."""
    kind, _, ident = spec_key.partition(":")
    model = {"administration": Administration, "entity": RegionalEntity, "workshop": Workshop}.get(kind)
    if kind == "public":
        spec = public_feed()
    elif (model is not None and (number := params.whole_number(ident)) is not None
          and (record := db.session.get(model, number)) is not None):
        spec = {"administration": administration_feed, "entity": entity_feed, "workshop": workshop_feed}[kind](record)
    else:
        return None
    now = utcnow()
    version, changed = version_and_time(*FEED_DOMAINS)
    key = _cache_key(spec, version, now)
    if cache.get(key + ":validators") is not None:
        return cache.get(_last_key(spec))  # built already (by a request or another worker)
    return _build(spec, now, version, changed, key)


def refresh_public_feeds() -> int:
    """Rebuild the public feed and those of every administration and hosting entity (after a change)."""
    keys = ["public"] + [f"administration:{i}" for i in db.session.execute(select(Administration.id)).scalars()]
    keys += [f"entity:{i}" for i in db.session.execute(select(RegionalEntity.id)).scalars()]
    return sum(refresh_feed(k) is not None for k in keys)


def _build(spec: FeedSpec, now: datetime, version: str, changed: datetime | None, key: str) -> BuiltFeed:
    events = _events(spec.conditions, private=spec.private, windowed=spec.windowed, now=now)
    body = build_calendar(FeedMeta(name=spec.name, private=spec.private), events)
    etag = hashlib.sha256(body).hexdigest()[:32]
    last_modified = _last_modified(spec, etag, changed, now)
    cache.set(key + ":body", body)
    cache.set(key + ":validators", (etag, last_modified))
    built = BuiltFeed(body, etag, last_modified, version)
    if spec.shared and not spec.private:
        cache.set(_last_key(spec), built, timeout=30 * 24 * 3600)
    return built


__all__ = (
    "BuiltFeed", "FeedSpec", "WorkshopNames", "administration_feed", "build_feed", "entity_feed", "feed_event",
    "public_feed", "refresh_feed", "refresh_public_feeds", "token_feed", "workshop_feed",
)
