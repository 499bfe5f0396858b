"""Stale-while-revalidate: after a change, the analytics page and the public feeds answer with the last good
version (saying which one) until the re-render, run the way a background job or `flask refresh-pages` runs it,
has stored the new one; nobody waits for the cold computation except the very first visitor."""

from datetime import date, timedelta

import pytest

from rocb.analytics import charts, pages
from rocb.extensions import cache, db
from rocb.feeds import services as feed_services
from tests.analytics.records import hand_checked, workshop
from tests.feeds.rows import add_session, add_workshop, in_days


@pytest.fixture
def deferred(app):
    """Re-renders left to the worker (as in production with a job queue), not done in the request."""
    app.config["ROCB_REFRESH"] = "deferred"
    pages._memo.clear()
    yield app
    app.config.pop("ROCB_REFRESH")
    pages._memo.clear()


def draws(monkeypatch) -> list:
    calls = []
    real = charts.render
    monkeypatch.setattr(charts, "render", lambda fig, *a, **k: calls.append(fig.get_suptitle()) or real(fig, *a, **k))
    return calls


def version_line(html: str) -> str:
    start = html.index('data-testid="data-version"')
    return html[start:html.index("</p>", start)]


def test_after_a_change_the_page_serves_the_last_version_until_the_worker_rendered_the_new_one(
        deferred, staff_client, monkeypatch):
    hand_checked()
    first = staff_client.get("/analytics/?cycle=2021")
    assert first.status_code == 200 and "being taken in" not in version_line(first.get_data(as_text=True))
    old_label = first.headers["X-Data-Version"]

    workshop("Second valuation workshop", date(2021, 11, 8), ["valuation"], people=[("JP", "formal participant", True)])
    db.session.commit()
    calls = draws(monkeypatch)

    stale = staff_client.get("/analytics/?cycle=2021")
    html = stale.get_data(as_text=True)
    assert stale.status_code == 200 and calls == []  # nothing computed in the request
    assert stale.headers["X-Data-Version"] == old_label + " (stale, being updated)"
    assert old_label in version_line(html) and "Newer changes are being taken in" in version_line(html)
    assert "<td>Customs Valuation</td><td>Japan</td>" in html  # the gap list of before the change

    assert pages.refresh_page({"cycle": 2021}, staff=True) is not None  # the worker's job (Filters.args())
    assert calls  # the worker drew the charts
    calls.clear()
    fresh = staff_client.get("/analytics/?cycle=2021")
    html = fresh.get_data(as_text=True)
    assert calls == [] and fresh.headers["X-Data-Version"] != old_label
    assert "being updated" not in fresh.headers["X-Data-Version"] and "being taken in" not in version_line(html)
    assert "<td>Customs Valuation</td><td>Japan</td>" not in html  # Japan is now reached


def test_the_first_visitor_of_a_filter_choice_gets_the_current_figures(deferred, client, seeded):
    hand_checked()
    page = client.get("/analytics/?cycle=2021&subregion=ASEAN")
    assert page.status_code == 200 and "being taken in" not in version_line(page.get_data(as_text=True))


def test_refresh_pages_command_renders_the_default_pages_and_the_public_feeds(deferred, seeded):
    hand_checked()
    result = deferred.test_cli_runner().invoke(args=["refresh-pages"])
    assert result.exit_code == 0, result.output
    assert "Re-rendered 2 analytics pages" in result.output and "public feeds" in result.output


def test_a_public_feed_serves_its_last_body_until_rebuilt(deferred, seeded, client):
    shop = add_workshop("Regional workshop on AEO")
    add_session(shop, (in_days(10), in_days(10) + timedelta(hours=2)))
    db.session.commit()
    first = client.get("/calendar.ics")
    assert "Regional workshop on AEO" in first.get_data(as_text=True) and "X-Data-Stale" not in first.headers

    shop.title = "Regional workshop on AEO and mutual recognition"
    db.session.commit()
    stale = client.get("/calendar.ics")
    assert stale.status_code == 200 and stale.headers["X-Data-Stale"] == "being updated"
    assert stale.headers["ETag"] == first.headers["ETag"]
    assert "mutual recognition" not in stale.get_data(as_text=True)
    # A calendar client holding the last body is told it has not changed until the new one is ready.
    assert client.get("/calendar.ics", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304

    assert feed_services.refresh_feed("public") is not None  # the worker's job
    fresh = client.get("/calendar.ics")
    assert "mutual recognition" in fresh.get_data(as_text=True) and "X-Data-Stale" not in fresh.headers
    assert fresh.headers["ETag"] != first.headers["ETag"]


def test_private_feeds_are_never_served_stale(deferred, seeded):
    shop = add_workshop("Regional workshop on AEO")
    add_session(shop, (in_days(10), in_days(10) + timedelta(hours=2)))
    db.session.commit()
    spec = feed_services.FeedSpec("user:1:staff", "ROCB A/P workshops — staff", True, ())
    assert b"Regional workshop on AEO" in feed_services.build_feed(spec).body
    shop.title = "Regional workshop on Single Window"
    db.session.commit()
    built = feed_services.build_feed(spec)
    assert b"Single Window" in built.body and not built.stale


@pytest.fixture
def queued(app, monkeypatch):
    """Re-renders enqueued at once on each change, for the worker (run_burst) to run."""
    monkeypatch.setitem(app.config, "ROCB_REFRESH", "job")
    monkeypatch.setitem(app.config, "ROCB_REFRESH_DELAY", 0)
    pages._memo.clear()
    yield app
    pages._memo.clear()


def test_a_change_enqueues_the_re_render_and_the_worker_makes_the_page_current(queued, staff_client):
    from rocb.jobs import run_burst

    hand_checked()
    run_burst(queued, periodic_jobs=False)  # the re-render of the seed and survey commits
    label = staff_client.get("/analytics/").headers["X-Data-Version"]
    workshop("Second valuation workshop", date(2021, 11, 8), ["valuation"],
             people=[("JP", "formal participant", True)])
    db.session.commit()  # enqueues the re-render
    assert staff_client.get("/analytics/").headers["X-Data-Version"] == label + " (stale, being updated)"
    assert run_burst(queued, periodic_jobs=False) >= 1  # the worker
    fresh = staff_client.get("/analytics/").headers["X-Data-Version"]
    assert fresh != label and "stale" not in fresh


def test_the_heat_map_loaded_after_the_page_follows_it_through_a_change(deferred, staff_client):
    hand_checked()
    page = staff_client.get("/analytics/?cycle=2021")
    heat = staff_client.get("/analytics/sections/heat-map?cycle=2021")
    assert heat.headers["X-Data-Version"] == page.headers["X-Data-Version"]

    workshop("Second valuation workshop", date(2021, 11, 8), ["valuation"], people=[("JP", "formal participant", True)])
    db.session.commit()
    stale = staff_client.get("/analytics/sections/heat-map?cycle=2021")
    assert stale.headers["X-Data-Version"] == page.headers["X-Data-Version"] + " (stale, being updated)"

    pages.refresh_page({"cycle": 2021}, staff=True)  # the worker
    fresh_page = staff_client.get("/analytics/?cycle=2021").headers["X-Data-Version"]
    fresh_heat = staff_client.get("/analytics/sections/heat-map?cycle=2021").headers["X-Data-Version"]
    assert fresh_heat == fresh_page and "stale" not in fresh_heat


def test_the_worker_renders_again_when_the_cache_lost_only_the_heat_map(deferred, staff_client):
    hand_checked()
    staff_client.get("/analytics/?cycle=2021")
    page_key = next(key for key in pages._memo if key.startswith("analytics:page:") and key.endswith(":staff"))
    heat_key = page_key.replace("analytics:page:", "analytics:heat-map:", 1)
    cache.delete(heat_key)  # evicted (SimpleCache keeps 500 entries; Redis may evict too)
    pages._memo.clear()

    assert pages.refresh_page({"cycle": 2021}, staff=True) is not None  # the worker
    assert cache.get(heat_key) is not None  # the heat map is there again, not left for a visitor to wait for


def test_a_logout_queues_no_re_render(queued, staff_client):
    """Accounts are on no analytics page and in no public feed: a logout (a write to a user) renders nothing again."""
    from rocb.jobs import run_burst

    hand_checked()
    run_burst(queued, periodic_jobs=False)
    staff_client.post("/logout")
    assert run_burst(queued, periodic_jobs=False) == 0
