"""The site's layout (menu, account, display zone, footer) around a page body rendered and cached elsewhere, kept
per viewer in this worker's memory.

The analytics page's body is rendered once per data version (rocb/analytics/pages.py); rendering the layout around
it each time cost more than the rest of a warm request (some thirty `url_for` calls and the account menu). The
layout changes only with who is looking, in which zone and on which page, so it is rendered once per viewer with
markers where the page's own parts go, split at the markers, encoded, and kept for a few minutes.

A request with messages to flash renders the layout anew (the messages are shown once) and keeps nothing.
"""

from __future__ import annotations

import time

from flask import render_template, request, session
from flask_login import current_user
from markupsafe import Markup

from rocb import kept as worker_memory
from rocb.web import display_zone, display_zone_source

# Well under Flask-WTF's CSRF time limit (1 h): the logout form's token in a kept layout is still accepted.
KEEP_SECONDS = 600
SIZE = 256  # viewers x pages kept per worker (a layout is about 10 kB)


def _viewer() -> tuple | None:
    """Everything the layout shows that depends on the request; None when it must be rendered anew."""
    if session.get("_flashes"):
        return None
    who = None
    if current_user.is_authenticated:
        administration = current_user.administration
        who = (current_user.get_id(), current_user.role, current_user.email,  # get_id() ends with the session token
               administration.name if administration is not None else None)
    return (request.path, request.method, display_zone(), display_zone_source(), who, session.get("csrf_token"))


def parts(template: str, slots: tuple[str, ...]) -> tuple[bytes, ...]:
    """`template` rendered around its slots (each given to it as a variable holding a marker), as the UTF-8 pieces
    between them: len(slots) + 1 pieces. The template's other content must not vary between requests of a viewer."""
    viewer, kept = _viewer(), worker_memory.store("layouts")  # {key: (kept at (monotonic), pieces)}
    key = (template, slots, viewer)
    now = time.monotonic()
    if viewer is not None:
        found = kept.get(key)
        if found is not None and now - found[0] < KEEP_SECONDS:
            worker_memory.keep(kept, key, found, SIZE)  # the most recently used, last to go
            return found[1]
    markers = {name: f"<!--rocb:slot:{name}-->" for name in slots}
    html = render_template(template, **{name: Markup(marker) for name, marker in markers.items()})
    pieces = []
    for name in slots:
        before, found, html = html.partition(markers[name])
        if not found:
            raise ValueError(f"{template} does not show the slot {name!r}")
        pieces.append(before.encode())
    pieces.append(html.encode())
    result = tuple(pieces)
    if viewer is not None:
        worker_memory.keep(kept, key, (now, result), SIZE)
    return result
