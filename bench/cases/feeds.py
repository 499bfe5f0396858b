"""Calendar feeds served (issue 5), on the 20-year demo data set.

- cold: /calendar.ics with the cache cleared before each request (queries, mapping rows to events, building),
  against serialising the same events with bare icalendar (DESCRIPTION strings given) — budget ratio <= 1.5;
- warm: the cached body (one query: the data version) against the trivial route — budget 3x;
- 304: a conditional GET with the current ETag against the trivial route — budget 2x;
- queries of a cold build, 1 year against 20 years — budget: equal.
"""

from bench.cases.ical_build import bare_icalendar
from rocb.extensions import cache
from rocb.feeds import services
from rocb.feeds.ical import description_text

PATH = "/calendar.ics"


def _cold(ctx, years):
    """(median seconds of a cold request, queries of one cold request, the events it holds)."""
    app = ctx.app(years)
    client = app.test_client()

    def fetch():
        with app.app_context():
            cache.clear()
        response = client.get(PATH)
        assert response.status_code == 200
        response.get_data()

    with app.app_context(), app.test_request_context():
        events = services._events(services.public_feed().conditions, private=False)
    queries = ctx.count_queries(app, fetch)
    return ctx.timeit(fetch), queries, events


def run(ctx):
    cold_20, queries_20, events = _cold(ctx, 20)
    cold_1, queries_1, _ = _cold(ctx, 1)
    descriptions = [description_text(e, private=False) for e in events]
    bare = ctx.timeit(lambda: bare_icalendar(events, descriptions))
    warm = ctx.page(PATH, 20)
    app = ctx.app(20)
    etag = app.test_client().get(PATH).headers["ETag"]
    not_modified = ctx.page(PATH, 20, headers={"If-None-Match": etag})
    assert not_modified["status"] == 304
    return [
        {"case": f"/calendar.ics cold ({len(events)} sessions)", "median_ms": cold_20 * 1000,
         "baseline": "bare icalendar, same events", "ratio": cold_20 / bare, "queries": queries_20,
         "queries_1y": queries_1, "years_ratio": cold_20 / cold_1,
         "budget": "ratio <= 1.5; queries equal at 1 and 20 years"},
        {"case": "/calendar.ics warm (cached)", "median_ms": warm["median_ms"], "baseline": "trivial route",
         "ratio": ctx.vs_trivial(warm), "queries": warm["queries"], "budget": "ratio <= 3"},
        {"case": "/calendar.ics 304 (If-None-Match)", "median_ms": not_modified["median_ms"],
         "baseline": "trivial route", "ratio": ctx.vs_trivial(not_modified),
         "queries": not_modified["queries"], "budget": "ratio <= 2"},
        ctx.compare_years("/administrations/TH/calendar.ics warm", "/administrations/TH/calendar.ics"),
    ]
