"""The analytics page on the demo data sets, as ROCB staff see it (every chart, the gap list, the plan).

Cold: the cache is cleared before each request, so the page fetches its rows, computes the frames, proposes
slots and draws the five charts; the time of each phase comes from the page's Server-Timing header (the
services time them). Warm: the same page again, served from the cache (budget: within 3x of the trivial
route). Queries: the cold page issues the same number of queries on the 1-year and the 20-year data set.
"""

import statistics
import time

from sqlalchemy import event

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


def after_change(ctx, years: int, repeat: int = 5) -> float:
    """Median time of the first staff request of the page after a data change, once the worker's job has run
    (rocb.analytics.jobs.refresh_pages: the analytics pages and the public feeds of the new version)."""
    from rocb.analytics.jobs import refresh_pages
    from rocb.extensions import db
    from rocb.registry.models import Administration

    app, client = ctx.app(years), ctx.client(years, ROLE)
    client.get(PATH)  # a page of the version before
    times = []
    for n in range(repeat):
        with app.app_context():
            fiji = db.session.execute(db.select(Administration).filter_by(code="FJ")).scalar_one()
            fiji.name = "Fiji" if n % 2 else "Republic of Fiji"  # a registry change: a new data version
            db.session.commit()
            refresh_pages.run_now()  # the worker
        started = time.perf_counter()
        response = client.get(PATH)
        response.get_data()
        times.append(time.perf_counter() - started)
        assert response.status_code == 200 and "stale" not in response.headers["X-Data-Version"]
    return statistics.median(times) * 1000


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
    trivial = ctx.trivial_ms(20)
    rows.append({
        "case": "analytics page warm (cached), staff, 20 years",
        "median_ms": warm["median_ms"], "baseline": "trivial route", "ratio": warm["median_ms"] / trivial,
        "queries": warm["queries"], "queries_1y": warm_1y["queries"],
        "years_ratio": warm["median_ms"] / warm_1y["median_ms"], "budget": "ratio <= 3; queries equal",
        "status": warm["status"],
    })
    public = ctx.page(PATH, 20)
    rows.append({
        "case": "analytics page warm (cached), public, 20 years",
        "median_ms": public["median_ms"], "baseline": "trivial route", "ratio": public["median_ms"] / trivial,
        "queries": public["queries"], "budget": "ratio <= 3", "status": public["status"],
    })
    after = after_change(ctx, 20)
    rows.append({
        "case": "analytics page right after a change, worker having run, staff, 20 years",
        "median_ms": after, "baseline": "trivial route", "ratio": after / trivial, "queries": None,
        "budget": "ratio <= 5",
    })
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
