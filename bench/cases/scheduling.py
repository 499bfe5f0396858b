"""Scheduling pages on the demo data sets.

- The schedule page of a workshop (its administrations x its sessions, plus Brussels): a fixed number of queries
  at 1 and 20 years, and no slower at 20 years than at 1 (budget: queries equal; years_ratio <= 2). The workshop
  is, in each data set, the public one with the most sessions (then the lowest id): the page's work grows with
  that workshop, not with the size of the record.
- The planner API for all 35 administrations + 3 extra zones over 14 days at 15-minute steps (1,344
  candidates x 38 places), against the trivial route served the same way. The pure search alone is measured
  against a naive zoneinfo search in bench/cases/planner.py.
"""

from sqlalchemy import func, select

PLANNER = ("/api/v1/planner?from=2021-03-22&to=2021-04-04&duration=120&admins=ALL"
           "&zones=Europe/Brussels,Europe/Paris,America/New_York")


def _busiest_workshop(app) -> tuple[int, int]:
    from rocb.extensions import db
    from rocb.workshops.models import Session, Workshop

    with app.app_context():
        row = db.session.execute(
            select(Workshop.id, func.count(Session.id).label("n")).join(Session)
            .where(Workshop.is_public.is_(True)).group_by(Workshop.id)
            .order_by(func.count(Session.id).desc(), Workshop.id).limit(1)
        ).first()
    if row is None:
        raise RuntimeError("the demo data set has no workshop with sessions")
    return row.id, row.n


def run(ctx):
    rows = []
    measured = {}
    for years in (1, 20):
        workshop_id, sessions = _busiest_workshop(ctx.app(years))
        measured[years] = ctx.page(f"/workshops/{workshop_id}/schedule?zones=Europe/Brussels", years), sessions
    (one, s1), (twenty, s20) = measured[1], measured[20]
    rows.append({
        "case": f"workshop schedule page (+Brussels; {s1}/{s20} sessions)", "median_ms": twenty["median_ms"],
        "baseline": "trivial route", "ratio": ctx.vs_trivial(twenty),
        "queries": twenty["queries"], "queries_1y": one["queries"],
        "years_ratio": twenty["median_ms"] / one["median_ms"], "budget": "queries equal; years_ratio <= 2",
        "status": twenty["status"],
    })
    api = ctx.page(PLANNER, 20)
    if api["status"] != 200:
        raise AssertionError(f"planner API answered {api['status']}")
    rows.append({
        "case": "planner API 35 admins+3 zones 14 days", "median_ms": api["median_ms"], "baseline": "trivial route",
        "ratio": ctx.vs_trivial(api), "queries": api["queries"], "queries_1y": None,
        "years_ratio": None, "budget": "fixed queries; reported (the search itself: see planner case)",
        "status": api["status"],
    })
    return rows


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from bench.run import Context

    for row in run(Context(repeat=5)):
        print(row)
