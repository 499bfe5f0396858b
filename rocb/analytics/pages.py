"""The analytics page's body (filters, charts, tables), rendered once per data version and served
stale-while-revalidate (rocb/refresh.py).

One cache entry per filter choice, quarter, audience (staff or public) and part (the page, and each chart loaded
after it: the heat map) holds the last rendered `Body` with the data version it was rendered from; the parts are
rendered together. A request for the current version gets it at once. After a change, requests get
the last body, marked with its version and "being updated", while `refresh_page` renders the new one outside the
request; only the very first request of a filter choice, when nothing was ever rendered, renders in the request.

`refresh_page(args, staff)` and `refresh_after_change()` are plain functions of the app: a background job, the
command `flask refresh-pages` or a thread calls them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime

from flask import current_app, render_template

from rocb import refresh
from rocb.analytics import services
from rocb.analytics.planning import next_quarter
from rocb.extensions import cache, utcnow
from rocb.kept import keep
from rocb.versioning import version_and_time

BODY_SECONDS = 30 * 24 * 3600  # the last good body is kept long after its version: it is what a change serves
_MEMO_SIZE = 16
_memo: dict[str, Body] = {}  # this worker's copies of recent bodies: a warm page unpickles nothing


@dataclass(frozen=True)
class Body:
    version: str
    html: bytes  # encoded once: a warm page sends these bytes as they are
    as_of: datetime | None  # when the data it shows last changed
    stale: bool = False  # set on the copy served while a newer version is being rendered

    @property
    def label(self) -> str:
        """A short name of the data version, shown on the page."""
        return hashlib.sha256(self.version.encode()).hexdigest()[:8]


PAGE = "page"  # the part that is the page; the others are the charts loaded after it (ChartSpec.later), by name


def _key(filters: services.Filters, audience: str, today: date, part: str = PAGE) -> str:
    # Each part apart: a request for the page fetches (from Redis, after a change) only the page's bytes.
    return f"analytics:{part}:{filters.key()}:{next_quarter(today)[0].isoformat()}:{audience}"


def _remember(key: str, body: Body) -> None:
    keep(_memo, key, body, _MEMO_SIZE)


def render_body(version: str, options: services.Options, filters: services.Filters, staff: bool, today: date,
                timings: services.Timings) -> dict[str, Body]:
    """Render and store the page and its later parts of this version, by part (needs a request context for the
    links: see refresh_page)."""
    specs = services.visible_charts(staff, filters)
    result = services.analysis(version, filters, timings, today)
    rendered = services.charts_of(version, filters, [spec.name for spec in specs], timings, today)
    from rocb.analytics.views import TABLE_COLUMNS, draft_workshop_url, propose_workshop_url

    as_of = version_and_time(*services.DOMAINS)[1]
    html = render_template("analytics/_content.html", options=options, specs=specs, result=result, charts=rendered,
                           staff=staff, filters=filters, draft_workshop_url=draft_workshop_url, columns=TABLE_COLUMNS,
                           propose_workshop_url=propose_workshop_url)
    parts = {PAGE: Body(version, html.encode(), as_of)}
    for spec in specs:
        if spec.later:
            part = render_template("analytics/_section.html", spec=spec, chart=rendered[spec.name], result=result,
                                   filters=filters, columns=TABLE_COLUMNS)
            parts[spec.name] = Body(version, part.encode(), as_of)
    audience = "staff" if staff else "public"
    keyed = {_key(filters, audience, today, part): body for part, body in parts.items()}
    cache.set_many(keyed, timeout=BODY_SECONDS)
    for key, body in keyed.items():
        _remember(key, body)
    return parts


def body_for(choice: services.FilterChoice, staff: bool, timings: services.Timings, part: str = PAGE) -> Body | None:
    """The body a request gets: the current one, else the last one while the new one renders elsewhere. None for a
    part this choice has not (e.g. the heat map without a survey cycle)."""
    today = utcnow().date()
    audience = "staff" if staff else "public"
    key = _key(choice.filters, audience, today, part)
    body = _memo.get(key)
    if body is None or body.version != choice.version:
        body = cache.get(key) or body  # another worker may have rendered the current one
    if body is not None and body.version == choice.version:
        _remember(key, body)
        return body
    page_key = _key(choice.filters, audience, today)  # one re-render of every part, whichever part asks first
    if body is not None and refresh.in_background(f"{page_key}:{choice.version}", refresh_page,
                                                  choice.filters.args(), staff, True):
        return replace(body, stale=True)
    return render_body(choice.version, choice.options, choice.filters, staff, today, timings).get(part)


def refresh_page(args: dict, staff: bool, locked: bool = False) -> Body | None:
    """Render the body of the current data version for these filters (query arguments) and audience, outside any
    request. None when the filters no longer name anything (e.g. a deleted cycle)."""
    base = current_app.config["ROCB_BASE_URL"]
    with current_app.test_request_context("/analytics/", base_url=base):
        timings = services.Timings()
        choice = services.choose_filters({name: str(value) for name, value in args.items()}, timings)
        if choice.errors:
            return None
        today = utcnow().date()
        audience = "staff" if staff else "public"
        key = _key(choice.filters, audience, today)
        parts = [PAGE, *(spec.name for spec in services.visible_charts(staff, choice.filters) if spec.later)]
        current = cache.get_many(*(_key(choice.filters, audience, today, part) for part in parts))
        if all(body is not None and body.version == choice.version for body in current):
            return current[0]  # rendered already (by a request, a thread or another worker), every part of it
        lock = f"refresh-lock:{key}:{choice.version}"
        if locked:  # the caller (rocb.refresh's thread) holds the lock
            return render_body(choice.version, choice.options, choice.filters, staff, today, timings)[PAGE]
        if not cache.add(lock, 1, timeout=refresh.LOCK_SECONDS):
            return None  # a thread of a web worker is rendering it right now
        try:
            return render_body(choice.version, choice.options, choice.filters, staff, today, timings)[PAGE]
        finally:
            cache.delete(lock)


def refresh_after_change() -> int:
    """Re-render what most people open after a change: the default page for staff and for the public."""
    return sum(refresh_page({}, staff) is not None for staff in (True, False))
