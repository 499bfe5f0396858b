"""Stale-while-revalidate: a page or feed whose data changed is served as last rendered until the new one is ready.

A cached body carries the data version it was rendered from. When a request finds only a body of an older version,
it serves that body (saying which version it shows) and asks for a re-render with `in_background(...)`; the
re-render is a plain function of the app (see rocb/analytics/pages.py and rocb/feeds/services.py), so a background
job, a command (`flask refresh-pages`) or a thread can run it.

How the re-render runs (setting ROCB_REFRESH):
- "thread" (default): in a thread of the web worker that served the stale body, once per data version across the
  workers (a lock in the shared cache); the next requests get the new body when it is ready.
- "job": the worker's job, enqueued by the commit that changed the data (rocb/analytics/jobs.py), and never a
  thread; "thread" enqueues the job too, the thread being the safety net of a worker that is slow or down.
- "deferred": not in the web process: left to the job queue's worker or `flask refresh-pages` (tests use it to
  check what is served in between).
- "inline" (the default under TESTING): no stale body is served; the request renders the new one itself.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from flask import current_app

from rocb.extensions import cache

log = logging.getLogger("rocb.refresh")
LOCK_SECONDS = 300


def mode() -> str:
    return current_app.config.get("ROCB_REFRESH") or ("inline" if current_app.testing else "thread")


def in_background(lock_key: str, fn: Callable, *args) -> bool:
    """Ask for `fn(*args)` to run outside this request. True: it will (or already does), so serve the stale body;
    False: nothing will, so render in the request."""
    how = mode()
    if how == "inline":
        return False
    if how in ("deferred", "job"):
        return True
    if not cache.add(f"refresh-lock:{lock_key}", 1, timeout=LOCK_SECONDS):
        return True  # another request (maybe in another worker) is re-rendering it already
    app = current_app._get_current_object()

    def run():
        with app.app_context():
            try:
                fn(*args)
            except Exception:  # noqa: BLE001  a failed re-render leaves the last good body in place
                log.exception("re-render of %s failed", lock_key)
            finally:
                cache.delete(f"refresh-lock:{lock_key}")

    # Not a daemon: a worker that is told to stop waits for the render to end (seconds). A daemon thread caught in
    # matplotlib's C++ code when the interpreter shuts down is cut off mid-frame, and the process dies of SIGABRT
    # ("terminate called without an active exception", seen at the end of `make bench-load`).
    threading.Thread(target=run, name=f"refresh {lock_key}", daemon=False).start()
    return True
