"""Workshops: the list, a workshop page and an administration's participation page at 1 and 20 years (fixed
query count, years_ratio <= 2); a 10,000-row roster import against reading the same file alone (ratio <= 10).
"""

import csv
import io
import statistics
import tempfile
import time

from sqlalchemy import delete, select

ROWS = 10_000
CODES = ("TH", "JP", "KR", "CN", "IN", "FJ", "WS", "AU", "IR", "NP")


def _a_held_workshop(app) -> int:
    from rocb.extensions import db
    from rocb.workshops.models import Participant, Workshop

    with app.app_context():
        return db.session.execute(
            select(Workshop.id).join(Participant).where(Workshop.status == "held", Workshop.source == "demo data")
            .order_by(Workshop.first_day.desc(), Workshop.id).limit(1)).scalar_one()


def _page_rows(ctx) -> list[dict]:
    rows = []
    pages = [("workshop list", lambda y: "/workshops/", None),
             ("workshop page", lambda y: f"/workshops/{_a_held_workshop(ctx.app(y))}", "staff"),
             ("administration participation (TH)", lambda y: "/administrations/TH/participation", "staff")]
    for case, path, role in pages:
        one, twenty = ctx.page(path(1), 1, role), ctx.page(path(20), 20, role)
        rows.append({"case": case, "median_ms": twenty["median_ms"], "baseline": "trivial route",
                     "ratio": ctx.vs_trivial(twenty), "queries": twenty["queries"],
                     "queries_1y": one["queries"], "years_ratio": twenty["median_ms"] / one["median_ms"],
                     "budget": "queries equal at 1 and 20 years; years_ratio <= 2", "status": twenty["status"]})
    return rows


def roster_files(rows: int = ROWS) -> tuple[bytes, bytes]:
    from rocb.workshops.roster import to_csv, to_xlsx

    people = [(f"Participant {i}", f"participant{i}@customs-{CODES[i % 10].lower()}.example", CODES[i % 10],
               "observer" if i % 5 == 0 else "formal participant", True, ("female", "male", None)[i % 3])
              for i in range(rows)]
    return to_csv(people), to_xlsx(people)


def _median(fn, setup, repeat) -> float:
    times = []
    for _ in range(repeat):
        setup()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _import_rows(ctx) -> list[dict]:
    from openpyxl import load_workbook

    from rocb import create_app
    from rocb.cli import run_seed
    from rocb.extensions import db
    from rocb.workshops.imports import import_roster
    from rocb.workshops.models import Participant
    from tests.factories import make_workshop

    csv_bytes, xlsx_bytes = roster_files()
    folder = tempfile.mkdtemp(prefix="rocb-bench-roster-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/roster.sqlite", "TESTING": True})
    repeat = max(3, min(ctx.repeat, 5))
    rows = []
    with app.test_request_context():
        db.create_all()
        run_seed()
        workshop = make_workshop("Bench roster workshop")

        def empty():
            db.session.execute(delete(Participant).where(Participant.workshop_id == workshop.id))
            db.session.commit()

        def read_xlsx():
            book = load_workbook(io.BytesIO(xlsx_bytes), read_only=True, data_only=True)
            list(book.worksheets[0].iter_rows(values_only=True))
            book.close()

        for name, data, baseline, label in (
                ("roster.xlsx", xlsx_bytes, read_xlsx, "openpyxl read alone"),
                ("roster.csv", csv_bytes, lambda: list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig")))),
                 "csv read alone")):
            def run_import(name=name, data=data):
                import_roster(workshop, name, data)
                db.session.commit()

            took = _median(run_import, empty, repeat)
            base = _median(baseline, lambda: None, repeat)
            rows.append({"case": f"roster import {ROWS:,} rows ({name.split('.')[-1]})", "median_ms": took * 1000,
                         "baseline": label, "ratio": took / base, "queries": None,
                         "budget": "ratio <= 10" if name.endswith("xlsx") else "reported (no budget)"})
        empty()
    return rows


def run(ctx) -> list[dict]:
    return _page_rows(ctx) + _import_rows(ctx)


if __name__ == "__main__":  # the import rows alone, without the harness's data sets
    class _Ctx:
        repeat = 3

    for row in _import_rows(_Ctx()):
        print(row)
