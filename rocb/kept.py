"""What a worker keeps in its own memory between requests: bounded stores that drop the least recently kept entry.

One store per name and app (`app.extensions`): two apps of one process, as in tests, differ in database and settings.
Used for the kept layouts (rocb/layout.py), the users a session check has read (rocb/auth/sessions.py) and the
analytics page's survey cycles per data version (rocb/analytics/services.py).
"""

from __future__ import annotations

import threading
from typing import Any

from flask import current_app

_PREFIX = "rocb_kept:"
_lock = threading.Lock()  # a re-render thread may keep while the request thread does


def store(name: str) -> dict:
    """This app's store `name` (created empty on first use)."""
    key = _PREFIX + name
    found = current_app.extensions.get(key)
    if found is None:
        found = current_app.extensions.setdefault(key, {})
    return found


def keep(kept: dict, key: Any, value: Any, size: int) -> None:
    """Keep `value` under `key` as the most recent entry of `kept`, dropping the oldest past `size` entries."""
    with _lock:
        kept.pop(key, None)
        kept[key] = value
        while len(kept) > size:
            kept.pop(next(iter(kept)))


def forget_all() -> None:
    """Empty every store of this app (between tests, whose database is emptied and refilled)."""
    for key, found in list(current_app.extensions.items()):
        if key.startswith(_PREFIX):
            found.clear()
