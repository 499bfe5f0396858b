"""Data versions: one counter per domain that changes in the same transaction as the records of that domain.

Caches (calendar feeds, charts) key their entries on `data_version(...)`: when a workshop, a survey response
or a registry record changes, the version of its domain changes with it, and every cached body built on the
old data is simply never asked for again. The versions live in the database (table `data_versions`), so every
gunicorn worker sees the same version after a commit; reads go through the cache (see `_all_versions`).

How a write bumps its domain: a SQLAlchemy session listener.
- ORM writes: `after_flush` looks at the objects the flush wrote (new, changed, deleted; a changed
  many-to-many collection marks its parent changed) and bumps the domain of each object's table.
- `session.execute(insert/update/delete(...))` on a model or a link table: `do_orm_execute` bumps the
  domain of the statement's table.
Not seen: SQL sent on a raw connection (`db.engine.begin()`), which no service does.

Domains follow the package that owns the model: rocb.workshops -> "workshops", rocb.surveys -> "surveys",
rocb.registry -> "registry"; a link table belongs to the domain of the model that declares the relationship.
A model can name its domain explicitly with a class attribute `__data_domain__`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import g, has_app_context, has_request_context
from sqlalchemy import String, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from rocb.extensions import UTCDateTime, cache, db, utcnow

# followups and accounts: named by their models (__data_domain__). accounts: users; the session check keeps the
# users it has checked while this version holds (rocb/auth/sessions.py).
DOMAINS = ("workshops", "surveys", "registry", "followups", "accounts")
CACHE_SECONDS = 5
_CACHE_KEY = "rocb:data-versions"
_WRITTEN = "rocb_data_versions_written"  # session.info flag: this transaction bumped a version
_CHANGED = "rocb_data_domains_changed"  # session.info: the domains it bumped
REQUEST_COPY = "rocb_data_versions"  # g: the versions this request read (the session check and the page share them)
_PACKAGE_DOMAINS = {"rocb.workshops": "workshops", "rocb.surveys": "surveys", "rocb.registry": "registry"}


class DataVersion(db.Model):
    """The version of one domain's data: `version` counts the transactions that changed it."""

    __tablename__ = "data_versions"

    domain: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


_READ_VERSIONS = select(DataVersion.__table__.c.domain, DataVersion.__table__.c.version,
                        DataVersion.__table__.c.changed_at)


def data_version(*domains: str) -> str:
    """A string that changes whenever data of any of `domains` changes, e.g. "registry=3.1718..;workshops=12.17..".

    One query. A domain never written yet reads as "0". The time of the last change is part of each version,
    so a database rebuilt from scratch (counters starting again at 1) never matches an old cache key.
    """
    return version_and_time(*domains)[0]


def version_and_time(*domains: str) -> tuple[str, datetime | None]:
    """`data_version(*domains)` and when any of them last changed (None if never)."""
    wanted = sorted(set(domains))
    for domain in wanted:
        if domain not in DOMAINS:
            raise ValueError(f"unknown data domain {domain!r}")
    rows = {domain: (version, changed_at) for domain, version, changed_at in _all_versions() if domain in wanted}
    parts = []
    for domain in wanted:
        row = rows.get(domain)
        parts.append(f"{domain}={row[0]}.{row[1].timestamp():.6f}" if row else f"{domain}=0")
    latest = max((changed_at for _, changed_at in rows.values()), default=None)
    return ";".join(parts), latest


def _all_versions() -> list[tuple[str, int, datetime]]:
    """Every domain's (domain, version, changed_at).

    This is the hot path of every cached page and of a feed's 304, so the table (one row per domain) is kept
    in the shared cache for at most CACHE_SECONDS and dropped at once by the commit of any change. A session
    that has written versions in its open transaction reads its own writes from the database instead.
    With the in-process cache and several workers, another worker sees a change at most CACHE_SECONDS late;
    with the shared cache (REDIS_URL) every worker sees it at once. A request reads them once (the session check
    and the page share one copy, in g), until it commits a change.
    """
    session = db.session()
    written = session.info.get(_WRITTEN)
    in_request = has_request_context()  # not in a job's long app context: it reads the cache each time
    if not written:
        cached = g.get(REQUEST_COPY) if in_request else None
        if cached is None:
            cached = cache.get(_CACHE_KEY)
        if cached is not None:
            if in_request:
                setattr(g, REQUEST_COPY, cached)
            return cached
    if session.in_transaction():  # its own connection, which sees its own writes
        result = session.connection().execute(_READ_VERSIONS).all()
    else:  # a pooled connection, without starting the session's transaction
        with db.engine.connect() as connection:
            result = connection.execute(_READ_VERSIONS).all()
    rows = [(row.domain, row.version, row.changed_at) for row in result]
    if not written:
        cache.set(_CACHE_KEY, rows, timeout=CACHE_SECONDS)
        if in_request:
            setattr(g, REQUEST_COPY, rows)
    return rows


def reread() -> None:
    """Read the versions from the database into the cache now (the re-render job, after rendering for seconds: the
    next visitor finds them there instead of a cache entry that expired while the job worked)."""
    session = db.session()
    if session.info.get(_WRITTEN):
        return  # its own uncommitted writes: not for other sessions to see
    cache.delete(_CACHE_KEY)
    g.pop(REQUEST_COPY, None)
    _all_versions()


_on_change: list[Callable[[set[str]], None]] = []


def on_change(fn: Callable[[set[str]], None]) -> Callable[[set[str]], None]:
    """Register `fn(domains)`, called after every commit that changed data versions (in the app context)."""
    _on_change.append(fn)
    return fn


@event.listens_for(Session, "after_commit")
def _forget_cached_versions(session: Session) -> None:
    domains = session.info.pop(_CHANGED, set())
    if session.info.pop(_WRITTEN, False) and has_app_context():
        cache.delete(_CACHE_KEY)
        g.pop(REQUEST_COPY, None)
        for fn in _on_change:
            fn(domains)


@event.listens_for(Session, "after_rollback")
def _nothing_written(session: Session) -> None:
    session.info.pop(_WRITTEN, None)
    session.info.pop(_CHANGED, None)


_table_domains: dict[str, str] | None = None


def _domain_of_class(cls) -> str | None:
    explicit = getattr(cls, "__data_domain__", None)
    if explicit:
        return explicit
    module = cls.__module__
    for package, domain in _PACKAGE_DOMAINS.items():
        if module == package or module.startswith(package + "."):
            return domain
    return None


def table_domains() -> dict[str, str]:
    """{table name: domain} for every mapped table and link table that belongs to a domain."""
    global _table_domains
    if _table_domains is None:
        found: dict[str, str] = {}
        for mapper in db.Model.registry.mappers:
            domain = _domain_of_class(mapper.class_)
            if domain is None:
                continue
            for table in mapper.tables:
                found[table.name] = domain
            for relationship in mapper.relationships:
                if relationship.secondary is not None:
                    found.setdefault(relationship.secondary.name, domain)
        _table_domains = found
    return _table_domains


def _bump(session: Session, domains: set[str]) -> None:
    if not domains:
        return
    session.info[_WRITTEN] = True
    session.info.setdefault(_CHANGED, set()).update(domains)
    connection = session.connection()
    dialect = connection.dialect.name
    table = DataVersion.__table__
    now = utcnow()
    for domain in sorted(domains):  # one order everywhere: two transactions never wait on each other in a cycle
        values = {"domain": domain, "version": 1, "changed_at": now}
        if dialect in ("sqlite", "postgresql"):
            insert = (sqlite if dialect == "sqlite" else postgresql).insert(table).values(**values)
            statement = insert.on_conflict_do_update(
                index_elements=[table.c.domain],
                set_={"version": table.c.version + 1, "changed_at": now},
            )
            connection.execute(statement)
        else:  # another database: update, else insert
            updated = connection.execute(
                table.update().where(table.c.domain == domain).values(version=table.c.version + 1, changed_at=now)
            )
            if updated.rowcount == 0:
                connection.execute(table.insert().values(**values))


def _domain_of_object(obj) -> str | None:
    table = getattr(type(obj), "__tablename__", None)
    return table_domains().get(table) if table else None


@event.listens_for(Session, "after_flush")
def _bump_after_flush(session: Session, flush_context) -> None:
    # In after_flush the session still lists what this flush wrote (new / dirty / deleted).
    domains = set()
    for obj in list(session.new) + list(session.deleted):
        domain = _domain_of_object(obj)
        if domain:
            domains.add(domain)
    for obj in session.dirty:
        domain = _domain_of_object(obj)
        if domain and domain not in domains and session.is_modified(obj):
            domains.add(domain)
    _bump(session, domains)


@event.listens_for(Session, "do_orm_execute")
def _bump_on_bulk_statement(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    domain = table_domains().get(getattr(table, "name", None) or "")
    if domain:
        _bump(state.session, {domain})


def restart_clocks(not_before: datetime | None = None) -> None:
    """After a restore: every domain changed now, or just after `not_before` (the latest date the replaced data had
    served, if later), a whole second ahead as HTTP dates are whole seconds; so no cache key and no date served
    before the restore is met again, and what is dated by a data change is dated after all of them."""
    from datetime import timedelta

    moment = max(utcnow().replace(microsecond=0), not_before or utcnow()) + timedelta(seconds=1)
    db.session.execute(DataVersion.__table__.update().values(changed_at=moment))
    present = set(db.session.scalars(select(DataVersion.domain)))
    for domain in DOMAINS:  # a domain never written yet reads "0" before and after: it must change too (accounts)
        if domain not in present:
            db.session.add(DataVersion(domain=domain, version=0, changed_at=moment))
    db.session.commit()
    cache.delete(_CACHE_KEY)


__all__ = ("DOMAINS", "DataVersion", "data_version", "restart_clocks", "table_domains", "version_and_time")
