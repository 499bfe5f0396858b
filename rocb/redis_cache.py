"""The shared cache (REDIS_URL), made safe for Redis to go away.

`FallbackRedisCache` is Flask-Caching's RedisCache whose every call that fails with a Redis error (connection
refused, timeout, Redis restarting) is answered from this worker's own memory instead, with a warning logged once
per outage: pages, feeds, data versions and login throttling keep working, per worker, as without REDIS_URL. Redis
is tried again every CACHE_REDIS_RETRY_SECONDS (default 5); when it answers, the keys written or deleted during the
outage are deleted in Redis (they may hold what was true before it), the local memory is dropped, and Redis is the
cache again. A Redis error never reaches a user.

Selected by config.py as CACHE_TYPE = "rocb.redis_cache.FallbackRedisCache" when REDIS_URL is set.
"""

from __future__ import annotations

import logging
import threading
import time

from flask_caching.backends.rediscache import RedisCache
from flask_caching.backends.simplecache import SimpleCache
from redis.exceptions import RedisError

log = logging.getLogger("rocb.redis_cache")

MAX_PENDING_KEYS = 10_000  # past this many keys changed during an outage, Redis is emptied on recovery instead


class FallbackRedisCache(RedisCache):
    def __init__(self, *args, retry_seconds: float = 5.0, **kwargs):
        super().__init__(*args, **kwargs)
        self.retry_seconds = retry_seconds
        self._local = SimpleCache(threshold=2_000, default_timeout=self.default_timeout)
        self._lock = threading.Lock()
        self._down = False
        self._next_try = 0.0
        self._pending: set[str] | None = set()  # None: too many to list, clear Redis on recovery

    @classmethod
    def factory(cls, app, config, args, kwargs):
        kwargs["retry_seconds"] = float(config.get("CACHE_REDIS_RETRY_SECONDS", 5))
        return super().factory(app, config, args, kwargs)

    @property
    def redis_down(self) -> bool:
        return self._down

    # --- the state of Redis ---------------------------------------------------------------------------------

    def _went_down(self, error: Exception) -> None:
        with self._lock:
            first = not self._down
            self._down = True
            self._next_try = time.monotonic() + self.retry_seconds
        if first:
            log.warning("Redis cache unreachable (%s: %s): this worker caches in its own memory, trying Redis "
                        "again every %g s", error.__class__.__name__, error, self.retry_seconds)

    def _recovered(self) -> None:
        with self._lock:
            if not self._down:
                return
            pending, self._pending = self._pending, set()
            self._down = False
        try:
            if pending is None:
                super().clear()
            elif pending:
                super().delete_many(*pending)
        except RedisError as error:
            self._went_down(error)
            with self._lock:
                self._pending = None if pending is None or self._pending is None else self._pending | pending
            return
        self._local.clear()
        log.warning("Redis cache answers again: this worker uses it again")

    def _remember(self, keys) -> None:
        if self._pending is not None:
            self._pending.update(keys)
            if len(self._pending) > MAX_PENDING_KEYS:
                self._pending = None

    def _call(self, name: str, keys, *args, **kwargs):
        if self._down and time.monotonic() < self._next_try:
            return self._locally(name, keys, *args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except RedisError as error:
            self._went_down(error)
            return self._locally(name, keys, *args, **kwargs)
        if self._down:
            self._recovered()
        return result

    def _locally(self, name: str, keys, *args, **kwargs):
        if name in ("set", "add", "delete", "set_many", "delete_many", "inc", "dec"):
            self._remember(keys)
        elif name == "clear":
            self._pending = None
        return getattr(self._local, name)(*args, **kwargs)

    # --- the cache API, each call through _call --------------------------------------------------------------

    def get(self, key):
        return self._call("get", (key,), key)

    def get_many(self, *keys):
        return self._call("get_many", keys, *keys)

    def get_dict(self, *keys):
        return self._call("get_dict", keys, *keys)

    def has(self, key):
        return self._call("has", (key,), key)

    def set(self, key, value, timeout=None):
        return self._call("set", (key,), key, value, timeout)

    def add(self, key, value, timeout=None):
        return self._call("add", (key,), key, value, timeout)

    def set_many(self, mapping, timeout=None):
        return self._call("set_many", tuple(mapping), mapping, timeout)

    def delete(self, key):
        return self._call("delete", (key,), key)

    def delete_many(self, *keys):
        return self._call("delete_many", keys, *keys)

    def inc(self, key, delta=1):
        return self._call("inc", (key,), key, delta)

    def dec(self, key, delta=1):
        return self._call("dec", (key,), key, delta)

    def clear(self):
        return self._call("clear", ())
