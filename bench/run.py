"""`make bench`: run every case in bench/cases/ on the deterministic demo data sets and print a table.

Each case module has `run(ctx) -> list[dict]`. Rows carry: case, median_ms, baseline, ratio (to the baseline),
queries (20-year data set), queries_1y, years_ratio (20-year time / 1-year time) and budget. Times are medians of
repeated runs after a warm-up; compare ratios, not absolute times, across machines.
"""

import hashlib
import importlib
import json
import os
import pkgutil
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
RESULTS = ROOT / "bench" / "results"
BENCH_PASSWORD = "bench-password-1"


def _fingerprint() -> str:
    """Data sets are rebuilt when the models, seed files or demo generators change."""
    digest = hashlib.sha256()
    for pattern in ("rocb/**/models.py", "rocb/**/demo.py", "rocb/**/seed.py", "seed/*.csv"):
        for path in sorted(ROOT.glob(pattern)):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# The page cases on PostgreSQL instead of SQLite files: `make bench-pg` sets it to a server's URL (no database);
# each data set is a database `rocb_bench_<years>y_<fingerprint>`, kept between runs like the SQLite files.
# Cases that make a database of their own (mail, certificates, nominations, roster import) stay on SQLite.
POSTGRES = os.environ.get("ROCB_BENCH_POSTGRES")


def _postgres_data_set(years: int) -> tuple[str, bool]:
    """The URL of the data set's database and whether it must be filled (created now, older ones dropped)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"rocb_bench_{years}y_{_fingerprint()}"
    server = create_engine(make_url(POSTGRES).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            names = connection.execute(text("SELECT datname FROM pg_database WHERE datname LIKE :p"),
                                       {"p": f"rocb_bench_{years}y_%"}).scalars().all()
            for old in names:
                if old != name:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)'))
            missing = name not in names
            if missing:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        server.dispose()
    return make_url(POSTGRES).set(database=name).render_as_string(hide_password=False), missing


def _drop_postgres_data_set(uri: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(uri)
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    server.dispose()


class Context:
    def __init__(self, repeat: int = 7):
        self.repeat = repeat
        self._apps = {}
        self._clients = {}

    # -- data sets
    def app(self, years: int):
        if years not in self._apps:
            self._apps[years] = self._build(years)
        return self._apps[years]

    def _build(self, years: int):
        from rocb import create_app
        from rocb.extensions import db
        from rocb.workshops.demo import FIXED_TODAY

        DATA.mkdir(parents=True, exist_ok=True)
        if POSTGRES:
            uri, missing = _postgres_data_set(years)
            path = None
        else:
            path = DATA / f"demo-{years}y-{_fingerprint()}.sqlite"
            uri, missing = f"sqlite:///{path}", not path.exists() or path.stat().st_size == 0
        app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "WTF_CSRF_ENABLED": False,
                          "SECRET_KEY": "bench", "HUEY_SQLITE_FILE": str(DATA / f"huey-{years}y.sqlite"),
                          "HUEY_REDIS_URL": None})  # jobs the cases queue never reach the instance's queue
        if missing:
            started = time.perf_counter()
            with app.app_context():
                db.create_all()
                runner = app.test_cli_runner()
                # Around a fixed today: the same data set, so results compare from one run to the next.
                result = runner.invoke(args=["demo-data", "--years", str(years),
                                             "--today", FIXED_TODAY.isoformat()])
                if result.exit_code != 0:
                    if path is not None:
                        path.unlink(missing_ok=True)
                    else:
                        db.engine.dispose()
                        _drop_postgres_data_set(uri)
                    raise RuntimeError(result.output)
                from rocb.auth.services import create_user

                create_user("bench-staff@rocb-ap.org", "staff", BENCH_PASSWORD)
                create_user("bench-focal@customs.go.th", "focal_point", BENCH_PASSWORD, "TH")
                db.session.commit()
            print(f"  built the {years}-year data set in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        return app

    def client(self, years: int, role: str | None):
        key = (years, role)
        if key not in self._clients:
            client = self.app(years).test_client()
            if role:
                email = {"staff": "bench-staff@rocb-ap.org", "focal_point": "bench-focal@customs.go.th"}[role]
                response = client.post("/login", data={"email": email, "password": BENCH_PASSWORD})
                assert response.status_code == 302, f"bench login failed for {role}"
            self._clients[key] = client
        return self._clients[key]

    # -- measuring
    def timeit(self, fn, repeat: int | None = None) -> float:
        fn()  # warm-up
        times = []
        for _ in range(repeat or self.repeat):
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    def count_queries(self, app, fn) -> int:
        """The number of SQL statements one call of fn sends to app's database."""
        from rocb.extensions import db

        with app.app_context():
            engine = db.engine
        counter = {"n": 0}

        def count(*_args, **_kwargs):
            counter["n"] += 1

        event.listen(engine, "before_cursor_execute", count)
        try:
            fn()
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return counter["n"]

    def page(self, path: str, years: int, role: str | None = None, headers: dict | None = None,
             method: str = "GET") -> dict:
        """Median time, queries and status of a page; and the median of the trivial route (/healthz, anonymous)
        timed in turn with it, so that a ratio compares two figures of the same minutes of a noisy machine."""
        app, client = self.app(years), self.client(years, role)
        status = []

        def fetch():
            response = client.open(path, method=method, headers=headers or {})
            status.append(response.status_code)
            response.get_data()
            response.close()

        fetch()  # warm-up (and caches)
        queries = self.count_queries(app, fetch)
        trivial = self._trivial_fetch(years)
        trivial()
        times, trivial_times = [], []
        for _ in range(self.repeat):
            started = time.perf_counter()
            fetch()
            times.append(time.perf_counter() - started)
            started = time.perf_counter()
            trivial()
            trivial_times.append(time.perf_counter() - started)
        return {"median_ms": statistics.median(times) * 1000, "queries": queries, "status": status[-1],
                "trivial_ms": statistics.median(trivial_times) * 1000}

    def _trivial_fetch(self, years: int):
        client = self.client(years, None)

        def fetch():
            response = client.get("/healthz")
            response.get_data()
            response.close()
        return fetch

    @staticmethod
    def vs_trivial(measured: dict) -> float:
        """A page's time over the trivial route's, both timed in turn (see page)."""
        return measured["median_ms"] / measured["trivial_ms"]

    def compare_years(self, case: str, path: str, role: str | None = None, budget: str = "") -> dict:
        """The usual row of a page: 20-year time, ratio to the trivial route, queries at 1 and 20 years."""
        one, twenty = self.page(path, 1, role), self.page(path, 20, role)
        return {
            "case": case, "median_ms": twenty["median_ms"], "baseline": "trivial route",
            "ratio": self.vs_trivial(twenty), "queries": twenty["queries"],
            "queries_1y": one["queries"], "years_ratio": twenty["median_ms"] / one["median_ms"],
            "budget": budget or "queries equal at 1 and 20 years; years_ratio <= 2",
            "status": twenty["status"],
        }


def _fmt(value, digits=2):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def main(argv: list[str]) -> int:
    only = set(argv)
    ctx = Context(repeat=int(os.environ.get("BENCH_REPEAT", "7")))
    import bench.cases as cases_package

    rows = []
    for info in pkgutil.iter_modules(cases_package.__path__):
        if only and info.name not in only:
            continue
        module = importlib.import_module(f"bench.cases.{info.name}")
        if not hasattr(module, "run"):
            continue
        print(f"running {info.name} ...", file=sys.stderr)
        for row in module.run(ctx):
            row.setdefault("module", info.name)
            rows.append(row)
    header = ("case", "median ms", "baseline", "ratio", "queries 20y", "queries 1y", "20y/1y", "budget")
    table = [header] + [(
        r["case"], _fmt(r.get("median_ms"), 1), r.get("baseline") or "-", _fmt(r.get("ratio")),
        _fmt(r.get("queries")), _fmt(r.get("queries_1y")), _fmt(r.get("years_ratio")), r.get("budget") or "-",
    ) for r in rows]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
    for n, row in enumerate(table):
        print("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)))
        if n == 0:
            print("  ".join("-" * w for w in widths))
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "latest-postgresql.json" if POSTGRES else "latest.json"
    (RESULTS / name).write_text(json.dumps(rows, indent=2, default=str))
    print(f"(pages on {'PostgreSQL' if POSTGRES else 'SQLite'}; written to bench/results/{name})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
