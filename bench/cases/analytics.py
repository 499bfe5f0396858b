"""The analytics page on the demo data sets, as ROCB staff see it (every chart, the gap list, the plan).

Cold: the cache is cleared before each request, so the page fetches its rows, computes the frames, proposes
slots and draws the five charts; the time of each phase comes from the page's Server-Timing header (the
services time them). Warm: the same page again, served from the cache (budget: within 3x of the trivial
route), and the heat map it loads after it. After a change: the first staff request once the worker (its own
process, sharing the cache in Redis) has re-rendered, against the trivial route as the first request after another
change (budget 5x); then the warm page again in that deployment (budget 3x). Queries: the cold page issues the
same number of queries on the 1-year and the 20-year data set.
"""

import multiprocessing
import os
import statistics
import time
from pathlib import Path

from sqlalchemy import event

from bench.run import BENCH_PASSWORD

PATH = "/analytics/"
ROLE = "staff"
PHASES = ("queries", "pandas", "planner", "matplotlib")


def _phases(header: str) -> dict[str, float]:
    found = {}
    for part in filter(None, (p.strip() for p in header.split(","))):
        name, _, duration = part.partition(";dur=")
        found[name] = float(duration)
    return found


def cold_page(ctx, years: int, repeat: int = 3) -> dict:
    """Median time, phase times (ms) and query count of the page with an empty cache."""
    from rocb.analytics import pages
    from rocb.extensions import cache, db

    app, client = ctx.app(years), ctx.client(years, ROLE)
    with app.app_context():
        engine = db.engine
    counter = {"n": 0}

    def count(*_args, **_kwargs):
        counter["n"] += 1

    times, splits, queries = [], [], []
    for _ in range(repeat):
        with app.app_context():
            cache.clear()
        pages._memo.clear()  # the worker's own copies of rendered bodies too: a truly cold page
        counter["n"] = 0
        event.listen(engine, "before_cursor_execute", count)
        try:
            started = time.perf_counter()
            response = client.get(PATH)
            response.get_data()
            times.append(time.perf_counter() - started)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, response.status_code
        splits.append(_phases(response.headers.get("Server-Timing", "")))
        queries.append(counter["n"])
    return {
        "median_ms": statistics.median(times) * 1000,
        "phases": {name: statistics.median(s.get(name, 0.0) for s in splits) for name in PHASES},
        "queries": max(queries),
    }


# The cache the web app and the worker share in the "after a change" case (keys under a prefix of this run, removed).
REDIS_URL = os.environ.get("ROCB_BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")


def _worker(config: dict, pipe) -> None:
    """The job worker, in its own process as deployed: re-renders after each change it is told of."""
    from rocb import create_app
    from rocb.analytics.jobs import refresh_pages

    app = create_app(config)
    while pipe.recv() == "run":
        with app.app_context():
            refresh_pages.run_now()
        pipe.send("done")


def _in_turn(fetch_page, fetch_trivial, repeat: int) -> tuple[float, float]:
    """Median ms of a page and of the trivial route, timed in turn after one of each as warm-up."""
    times, trivial = [], []
    fetch_page(), fetch_trivial()
    for _ in range(repeat):
        for fetch, into in ((fetch_page, times), (fetch_trivial, trivial)):
            started = time.perf_counter()
            fetch()
            into.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, statistics.median(trivial) * 1000


def after_change(ctx, years: int, repeat: int = 5) -> dict[str, tuple[float, float]]:
    """Median time of the first staff request of the page after a data change, once the worker's job has run
    (rocb.analytics.jobs.refresh_pages: the analytics pages and the public feeds of the new version), and of the
    trivial route as the first request after another such change. As deployed: the web app and the worker are two
    processes sharing the cache in Redis; the web app only serves what the worker rendered (ROCB_REFRESH=deferred).
    Then the warm page for staff and for the public in that same deployment, each in turn with the trivial route.
    {"after change" | "warm staff" | "warm public": (page ms, trivial ms)}."""
    import redis

    from rocb import create_app
    from rocb.extensions import db
    from rocb.registry.models import Administration

    prefix = f"rocb-bench-{os.getpid()}:"
    with ctx.app(years).app_context():
        uri = db.engine.url.render_as_string(hide_password=False)
    config = {"SQLALCHEMY_DATABASE_URI": uri, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "bench",
              "CACHE_TYPE": "rocb.redis_cache.FallbackRedisCache", "CACHE_REDIS_URL": REDIS_URL,
              "CACHE_KEY_PREFIX": prefix, "ROCB_REFRESH": "deferred", "HUEY_REDIS_URL": None,
              "HUEY_SQLITE_FILE": str(Path(ctx.app(years).instance_path) / "bench-after-change-huey.sqlite")}
    app = create_app(config)
    client, visitor = app.test_client(), app.test_client()
    login = client.post("/login", data={"email": "bench-staff@rocb-ap.org", "password": BENCH_PASSWORD})
    assert login.status_code == 302, "bench login failed"
    spawn = multiprocessing.get_context("spawn")
    ours, theirs = spawn.Pipe()
    worker = spawn.Process(target=_worker, args=(config, theirs), daemon=True)
    worker.start()
    times, trivial = [], []
    try:
        client.get(PATH)  # a page of the version before
        for n in range(2 * repeat):
            with app.app_context():
                fiji = db.session.execute(db.select(Administration).filter_by(code="FJ")).scalar_one()
                fiji.name = "Fiji" if n % 2 else "Republic of Fiji"  # a registry change: a new data version
                db.session.commit()
            ours.send("run")
            assert ours.recv() == "done"
            # In turn, the page or the trivial route is the first request after the worker ran: the web process
            # has waited idle meanwhile, and both are compared in that same state.
            started = time.perf_counter()
            response = (client if n % 2 == 0 else visitor).get(PATH if n % 2 == 0 else "/healthz")
            response.get_data()
            (times if n % 2 == 0 else trivial).append(time.perf_counter() - started)
            assert response.status_code == 200
            assert n % 2 or "stale" not in response.headers["X-Data-Version"]
        found = {"after change": (statistics.median(times) * 1000, statistics.median(trivial) * 1000)}
        for name, viewer in (("warm staff", client), ("warm public", visitor)):
            found[name] = _in_turn(lambda viewer=viewer: viewer.get(PATH).get_data(),
                                   lambda: visitor.get("/healthz").get_data(), ctx.repeat)
    finally:
        ours.send("stop")
        worker.join(timeout=30)
        with app.app_context():
            db.engine.dispose()
        store = redis.Redis.from_url(REDIS_URL)
        for key in store.scan_iter(f"{prefix}*"):
            store.delete(key)
    return found


def run(ctx):
    one, twenty = cold_page(ctx, 1), cold_page(ctx, 20)
    rows = [{
        "case": "analytics page cold (cache cleared), staff, 20 years",
        "median_ms": twenty["median_ms"], "baseline": "analytics page cold, 1 year",
        "ratio": twenty["median_ms"] / one["median_ms"], "queries": twenty["queries"],
        "queries_1y": one["queries"], "years_ratio": twenty["median_ms"] / one["median_ms"],
        "budget": "queries equal at 1 and 20 years",
    }]
    for name in PHASES:
        rows.append({
            "case": f"  of which {name} (20 years; 1 year: {one['phases'][name]:.0f} ms)",
            "median_ms": twenty["phases"][name], "baseline": "analytics page cold",
            "ratio": twenty["phases"][name] / twenty["median_ms"], "queries": None, "budget": None,
        })
    warm = ctx.page(PATH, 20, ROLE)
    warm_1y = ctx.page(PATH, 1, ROLE)
    rows.append({
        "case": "analytics page warm (cached), staff, 20 years",
        "median_ms": warm["median_ms"], "baseline": "trivial route", "ratio": ctx.vs_trivial(warm),
        "queries": warm["queries"], "queries_1y": warm_1y["queries"],
        "years_ratio": warm["median_ms"] / warm_1y["median_ms"], "budget": "ratio <= 3; queries equal",
        "status": warm["status"],
    })
    public = ctx.page(PATH, 20)
    rows.append({
        "case": "analytics page warm (cached), public, 20 years",
        "median_ms": public["median_ms"], "baseline": "trivial route", "ratio": ctx.vs_trivial(public),
        "queries": public["queries"], "budget": "ratio <= 3", "status": public["status"],
    })
    later = ctx.page("/analytics/sections/heat-map", 20, ROLE)
    rows.append({
        "case": "  its heat map, loaded after the page, staff", "median_ms": later["median_ms"],
        "baseline": "trivial route", "ratio": ctx.vs_trivial(later), "queries": later["queries"],
        "budget": "reported", "status": later["status"],
    })
    case = "analytics page right after a change, worker (own process, Redis) having run, staff, 20 years"
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as error:  # noqa: BLE001  the row says why it was not measured
        rows.append({"case": f"{case}: not measured, no Redis at {REDIS_URL} ({error.__class__.__name__})",
                     "median_ms": None, "baseline": None, "ratio": None, "queries": None, "budget": "ratio <= 5"})
    else:
        found = after_change(ctx, 20)
        after, trivial = found["after change"]
        rows.append({"case": case, "median_ms": after, "baseline": "trivial route, first after a change",
                     "ratio": after / trivial, "queries": None, "budget": "ratio <= 5"})
        for name in ("warm staff", "warm public"):
            page, trivial = found[name]
            rows.append({"case": f"  analytics page {name.replace('warm ', 'warm, ')}, as deployed (cache in Redis)",
                         "median_ms": page, "baseline": "trivial route", "ratio": page / trivial, "queries": None,
                         "budget": "ratio <= 3"})
    api = ctx.compare_years("analytics JSON needs-vs-delivery (warm)", "/api/v1/analytics/needs-vs-delivery")
    rows.append(api)
    return rows


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from bench.run import Context

    for row in run(Context(repeat=5)):
        print(row)
