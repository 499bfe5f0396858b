"""The user of a session cookie, checked on every request without a query while no account has changed.

A cookie carries '<user id>.<session token>'; the token changes at a logout, a password change and a deactivation,
so every earlier copy of the cookie stops matching (issue 18). Every write to a user (those, a new role, a new
administration) also changes the "accounts" data version in the same transaction (rocb/versioning.py), so this
worker keeps the users it has checked, each with the accounts version it was read at, and uses that copy only while
the version is unchanged. The request reads the versions anyway (one cache read, shared with the page).

How late another worker learns of a change is how late it sees any data version: at once with the shared cache
(REDIS_URL; within versioning.CACHE_SECONDS, 5 s, should a worker re-read the versions from the database at that
very moment and store them after the commit dropped them), within 5 s with per-worker caches or while Redis is down.
The worker that commits the change sees it at once. A change made in SQL outside the app changes no version: a kept
user is read again after KEEP_SECONDS.
"""

from __future__ import annotations

import time

from sqlalchemy import inspect
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from rocb.auth.models import User
from rocb.extensions import db
from rocb.kept import keep, store
from rocb.versioning import data_version

KEPT_USERS = 2_000  # users kept per worker (the office and every focal point fit many times over)
# A kept user is read again after this long even if the version holds: a change made in SQL outside the app (which
# changes no version) is seen within a minute too.
KEEP_SECONDS = 60


def _kept() -> dict[int, tuple[str, float, User]]:
    """{user id: (accounts version, read at (monotonic), a detached copy of the row)}"""
    return store("session users")


def user_of_session(session_id: str) -> User | None:
    """The active user whose current session token the cookie carries, else None (anonymous)."""
    user_id, _, token = session_id.partition(".")
    if not (user_id.isascii() and user_id.isdigit() and len(user_id) < 10 and token):
        return None
    version = data_version("accounts")
    kept = _kept().get(int(user_id))
    if (kept is not None and kept[0] == version and time.monotonic() - kept[1] < KEEP_SECONDS
            and _valid(kept[2], token)):
        # A copy of the row as it is in this version, attached to this request's session without a query (what it
        # lazy-loads, e.g. the administration, it loads from there).
        return db.session.merge(kept[2], load=False)
    # Not kept, kept at another version or too long ago, or a token the copy does not match: the database decides
    # (a cookie may carry a session begun in another worker since this one's copy of the versions).
    user = db.session.get(User, int(user_id))
    if not _valid(user, token):
        return None
    if not db.session.is_modified(user):
        keep(_kept(), user.id, (version, time.monotonic(), _detached_copy(user)), KEPT_USERS)
    return user


def _valid(user: User | None, token: str) -> bool:
    return user is not None and user.active and user.session_matches(token)


def _detached_copy(user: User) -> User:
    """The row's columns in a new detached User: each request merges it into its own session, never shares it."""
    mapper = inspect(User)
    copy = mapper.class_manager.new_instance()
    for column in mapper.column_attrs:
        set_committed_value(copy, column.key, getattr(user, column.key))
    make_transient_to_detached(copy)
    return copy
