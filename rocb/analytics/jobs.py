"""The re-render job: after a data change, the worker renders the analytics pages and the public feeds of the new
data version, so that visitors get them warm (they are served the last version meanwhile: rocb/refresh.py)."""

import logging

from flask import current_app

from rocb import jobs, refresh, versioning
from rocb.extensions import cache

log = logging.getLogger(__name__)
DEBOUNCE_SECONDS = 2.0  # default of ROCB_REFRESH_DELAY: a burst of commits is re-rendered once, after it


@jobs.task()
def refresh_pages():
    from rocb.analytics.pages import refresh_after_change
    from rocb.feeds.services import refresh_public_feeds

    done = {"pages": refresh_after_change(), "feeds": refresh_public_feeds()}
    versioning.reread()
    return done


@versioning.on_change
def _enqueue_refresh(domains: set[str]) -> None:
    """Enqueue the re-render when the web app has a queue and re-renders outside requests ("thread" or "job"), after a
    change the pages or the feeds show (not a logout: accounts)."""
    from rocb.analytics.services import DOMAINS
    from rocb.feeds.services import FEED_DOMAINS

    if not domains & {*DOMAINS, *FEED_DOMAINS}:
        return
    if jobs.EXTENSION not in current_app.extensions or refresh.mode() not in ("thread", "job"):
        return
    delay = float(current_app.config.get("ROCB_REFRESH_DELAY", DEBOUNCE_SECONDS))
    if delay > 0 and not cache.add("refresh-pages-queued", 1, timeout=max(1, int(delay))):
        return  # one is queued already and will see this change too
    try:
        refresh_pages.schedule_in(delay)
    except Exception:  # noqa: BLE001  a queue that is down must not fail the commit: requests re-render instead
        log.exception("could not enqueue the re-render of the analytics pages and feeds")
