"""`make bench-load`: the app served the way it is deployed, under concurrent use, bounded in requests and time.

gunicorn with 4 workers on PostgreSQL and Redis, on the loopback interface only. Client threads play:
anonymous visitors (dashboard, workshop list and pages, administrations, calendar, analytics), calendar clients
(feeds, then conditional requests answered 304), the planner API, staff behind a login (workshop pages, users,
analytics) and focal points saving their administration's survey response (GET the form, POST it back, each
focal point of another administration). One more thread asks /healthz of the same gunicorn through the same run:
the yardstick. Reports requests/s, p50/p95/p99 and errors per kind of request; budget: 0 errors, and the p95 of
pages within 10x the p95 of /healthz.

Settings (environment): ROCB_BENCH_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/rocb_bench_load,
emptied and filled with the demo data), ROCB_BENCH_REDIS_URL (default redis://127.0.0.1:6379/11, flushed),
ROCB_BENCH_YEARS (2), ROCB_BENCH_SECONDS (40), ROCB_BENCH_MAX_REQUESTS (4000), ROCB_BENCH_USERS (6).
"""

import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PASSWORD = "bench-load-password-1"
DATABASE_URL = os.environ.get("ROCB_BENCH_DATABASE_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/rocb_bench_load")
REDIS_URL = os.environ.get("ROCB_BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
YEARS = int(os.environ.get("ROCB_BENCH_YEARS", "2"))
SECONDS = float(os.environ.get("ROCB_BENCH_SECONDS", "40"))
MAX_REQUESTS = int(os.environ.get("ROCB_BENCH_MAX_REQUESTS", "4000"))
USERS = int(os.environ.get("ROCB_BENCH_USERS", "6"))
WORKERS = 4
FOCAL_CODES = ["TH", "JP", "KR", "IN", "AU", "WS", "MY", "ID"]
PAGE_KINDS = ("anonymous page", "staff page")


# --- the data set -----------------------------------------------------------------------------------------


def _ensure_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() != "postgresql":
        return
    server = create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": u.database}).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{u.database}"'))
    server.dispose()


def build_data() -> dict:
    """Empty the database, load the demo data, add an open survey cycle, a staff user and focal points."""
    from rocb import create_app
    from rocb.auth.services import create_user
    from rocb.extensions import db
    from rocb.surveys import services as surveys
    from rocb.surveys.models import SurveyCycle
    from rocb.workshops.demo import FIXED_TODAY
    from rocb.workshops.models import Workshop

    _ensure_database(DATABASE_URL)
    app = create_app({"SQLALCHEMY_DATABASE_URI": DATABASE_URL, "CACHE_TYPE": "NullCache",
                      "CACHE_NO_NULL_WARNING": True})
    started = time.perf_counter()
    with app.app_context():
        db.drop_all()
        db.create_all()
        # Around a fixed today: the same data set every run.
        result = app.test_cli_runner().invoke(args=["demo-data", "--years", str(YEARS),
                                                    "--today", FIXED_TODAY.isoformat()])
        if result.exit_code != 0:
            raise RuntimeError(result.output)
        year = max(db.session.execute(db.select(SurveyCycle.year)).scalars()) + 1
        now = datetime.now(UTC)
        topics = [c.code for c in db.session.execute(db.select(SurveyCycle)).scalars().first().topics][:6]
        surveys.create_cycle({"year": year, "title": f"Bench survey {year}", "opens_at": now - timedelta(days=5),
                              "closes_at": now + timedelta(days=30), "topic_codes": topics})
        create_user("bench-staff@rocb-ap.org", "staff", PASSWORD)
        for code in FOCAL_CODES:
            create_user(f"bench-focal-{code.lower()}@customs.example.org", "focal_point", PASSWORD, code)
        db.session.commit()
        workshop_ids = list(db.session.execute(db.select(Workshop.id).where(Workshop.is_public)).scalars())
        day = db.session.execute(db.select(db.func.max(Workshop.first_day))).scalar_one()
    with app.app_context():
        db.engine.dispose()
    print(f"  demo data of {YEARS} years on {DATABASE_URL.split('@')[-1]} in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
    return {"survey_year": year, "workshop_ids": workshop_ids, "last_day": day}


# --- gunicorn ---------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prerender(port: int) -> None:
    """What the worker does after a change (`flask refresh-pages`): the analytics pages and public feeds rendered
    into the shared cache before the first visitor."""
    import redis

    from rocb import create_app
    from rocb.analytics.pages import refresh_after_change
    from rocb.extensions import db
    from rocb.feeds.services import refresh_public_feeds

    redis.Redis.from_url(REDIS_URL).flushdb()
    app = create_app({"SQLALCHEMY_DATABASE_URI": DATABASE_URL, "CACHE_TYPE": "rocb.redis_cache.FallbackRedisCache",
                      "CACHE_REDIS_URL": REDIS_URL, "ROCB_BASE_URL": f"http://127.0.0.1:{port}"})
    started = time.perf_counter()
    with app.app_context():
        pages, feeds = refresh_after_change(), refresh_public_feeds()
        db.engine.dispose()
    print(f"  pre-rendered {pages} analytics pages and {feeds} feeds in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "REDIS_URL": REDIS_URL, "SECRET_KEY": "bench-load-secret",
           "ROCB_ENV": "development", "ROCB_BASE_URL": f"http://127.0.0.1:{port}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
         "--access-logfile", "-" if os.environ.get("ROCB_BENCH_ACCESS_LOG") else "/dev/null",
         "--log-level", "warning", "app:app"], cwd=ROOT, env=env)
    deadline = time.monotonic() + 180  # four workers import pandas and matplotlib: slow on a busy machine
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except requests.RequestException:  # not listening yet, or the workers still booting
            time.sleep(0.2)
    process.terminate()
    process.wait(timeout=30)
    raise RuntimeError("gunicorn did not answer /healthz within 180 s")


# --- the virtual users ------------------------------------------------------------------------------------


class _Form(HTMLParser):
    """The fields of each <form method=post> of a page: inputs, checked boxes, selects, textareas."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.fields: list[tuple[str, str]] = []
        self._select = self._textarea = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._in_form = True
            self.fields = []
            self.forms.append(self.fields)
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value") or "y"))
            elif kind not in ("submit", "button", "file"):
                self.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = [name, None, None]
        elif tag == "option" and self._select is not None:
            value = a.get("value") or ""
            if self._select[2] is None:
                self._select[2] = value
            if "selected" in a:
                self._select[1] = value
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            name, chosen, first = self._select
            self.fields.append((name, chosen if chosen is not None else first or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def form_fields(html: str) -> list[tuple[str, str]]:
    """The fields of the page's largest post form (the page's own form, not the menu's log-out button)."""
    parser = _Form()
    parser.feed(html)
    return max(parser.forms, key=len, default=[])


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = {}
        self.errors: dict[str, list[str]] = {}
        self.count = 0

    def take(self) -> bool:
        with self.lock:
            if self.count >= MAX_REQUESTS:
                return False
            self.count += 1
            return True

    def record(self, kind: str, seconds: float, error: str | None = None):
        with self.lock:
            self.samples.setdefault(kind, []).append(seconds)
            if error:
                self.errors.setdefault(kind, []).append(error)


class User(threading.Thread):
    def __init__(self, n: int, base: str, data: dict, recorder: Recorder, stop: threading.Event):
        super().__init__(daemon=True)
        self.n, self.base, self.data, self.recorder, self.stop = n, base, data, recorder, stop
        self.rng = random.Random(n)
        self.session = requests.Session()
        self.etags: dict[str, str] = {}

    def request(self, kind: str, method: str, path: str, expect=(200,), **kwargs):
        if self.stop.is_set() or not self.recorder.take():
            self.stop.set()
            return None
        started = time.perf_counter()
        error, response = None, None
        try:
            response = self.session.request(method, self.base + path, timeout=30, allow_redirects=False, **kwargs)
            response.content  # noqa: B018  read the whole body
            if response.status_code not in expect:
                error = f"{method} {path}: {response.status_code}"
        except requests.RequestException as exc:
            error = f"{method} {path}: {exc.__class__.__name__}"
        self.recorder.record(kind, time.perf_counter() - started, error)
        return response

    def login(self, email: str) -> None:
        page = self.request("login", "GET", "/login")
        token = dict(form_fields(page.text)).get("csrf_token", "") if page is not None else ""
        self.request("login", "POST", "/login", expect=(302,),
                     data={"email": email, "password": PASSWORD, "csrf_token": token})

    def run(self):
        role = ("anonymous", "feeds", "planner", "staff", "focal point", "anonymous")[self.n % 6]
        if role == "staff":
            self.login("bench-staff@rocb-ap.org")
        elif role == "focal point":
            self.code = FOCAL_CODES[(self.n // 6) % len(FOCAL_CODES)]
            self.login(f"bench-focal-{self.code.lower()}@customs.example.org")
        step = getattr(self, "_" + role.replace(" ", "_"))
        while not self.stop.is_set():
            step()

    def _workshop(self) -> int:
        return self.rng.choice(self.data["workshop_ids"])

    def _anonymous(self):
        path = self.rng.choice(["/", "/workshops/", f"/workshops/{self._workshop()}", "/administrations/",
                                "/administrations/TH", "/analytics/", "/entities/"])
        self.request("anonymous page", "GET", path)

    def _feeds(self):
        path = self.rng.choice(["/calendar.ics", "/administrations/TH/calendar.ics",
                                "/administrations/WS/calendar.ics", f"/workshops/{self._workshop()}.ics"])
        etag = self.etags.get(path)
        if etag:
            self.request("feed, conditional (304)", "GET", path, expect=(304,), headers={"If-None-Match": etag})
        else:
            response = self.request("feed, full", "GET", path)
            if response is not None and response.headers.get("ETag"):
                self.etags[path] = response.headers["ETag"]

    def _planner(self):
        start = self.data["last_day"] - timedelta(days=self.rng.randrange(0, 300))
        admins = ",".join(self.rng.sample(FOCAL_CODES, 4))
        self.request("planner API", "GET", f"/api/v1/planner?from={start}&to={start + timedelta(days=6)}"
                     f"&duration={self.rng.choice([60, 90, 120])}&admins={admins}&zones=Europe/Brussels")

    def _staff(self):
        path = self.rng.choice([f"/workshops/{self._workshop()}", "/workshops/", "/users/", "/analytics/",
                                f"/surveys/{self.data['survey_year']}/", f"/workshops/{self._workshop()}/schedule"])
        self.request("staff page", "GET", path)

    def _focal_point(self):
        path = f"/surveys/{self.data['survey_year']}/response"
        page = self.request("survey form", "GET", path)
        if page is None or page.status_code != 200:
            return
        fields = form_fields(page.text)
        choices = ["high", "medium", "low", "none"]
        data = [(k, self.rng.choice(choices) if k.endswith("-priority") else
                 str(self.rng.randrange(0, 20)) if k.endswith("-officers") else v) for k, v in fields]
        data.append(("action", "save"))
        self.request("survey save", "POST", path, expect=(302,), data=data)


def healthz(base: str, recorder: Recorder, stop: threading.Event):
    session = requests.Session()
    while not stop.is_set():
        started = time.perf_counter()
        error = None
        try:
            response = session.get(base + "/healthz", timeout=30)
            if response.status_code != 200:
                error = f"/healthz: {response.status_code}"
        except requests.RequestException as exc:
            error = f"/healthz: {exc.__class__.__name__}"
        recorder.record("/healthz", time.perf_counter() - started, error)
        time.sleep(0.02)


# --- the run ----------------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def main() -> int:
    data = build_data()
    port = _free_port()
    prerender(port)
    server = start_gunicorn(port)
    base = f"http://127.0.0.1:{port}"
    recorder, probe, stop = Recorder(), Recorder(), threading.Event()
    try:
        users = [User(n, base, data, recorder, stop) for n in range(USERS)]
        watcher = threading.Thread(target=healthz, args=(base, probe, stop), daemon=True)
        started = time.perf_counter()
        watcher.start()
        for user in users:
            user.start()
        stop.wait(SECONDS)
        stop.set()
        for user in users:
            user.join(timeout=60)
        watcher.join(timeout=30)
        elapsed = time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    rows = []
    all_samples = {**recorder.samples, **probe.samples}
    all_errors = {**recorder.errors, **probe.errors}
    for kind, values in sorted(all_samples.items()):
        rows.append({"kind": kind, "requests": len(values), "rps": round(len(values) / elapsed, 1),
                     "p50_ms": round(statistics.median(values) * 1000, 1),
                     "p95_ms": round(percentile(values, 95) * 1000, 1),
                     "p99_ms": round(percentile(values, 99) * 1000, 1), "errors": len(all_errors.get(kind, []))})
    pages = [v for k in PAGE_KINDS for v in recorder.samples.get(k, [])]
    health_p95 = percentile(probe.samples["/healthz"], 95)
    page_p95 = percentile(pages, 95)
    errors = sum(len(v) for v in all_errors.values())
    total = sum(len(v) for v in recorder.samples.values())
    print(f"\nbench-load: gunicorn {WORKERS} workers, PostgreSQL + Redis, {USERS} users + /healthz, "
          f"{elapsed:.1f} s, {total} requests ({total / elapsed:.1f}/s) + {len(probe.samples['/healthz'])} /healthz")
    print(f"{'kind':<26}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for r in rows:
        print(f"{r['kind']:<26}{r['requests']:>9}{r['rps']:>8}{r['p50_ms']:>9}{r['p95_ms']:>9}{r['p99_ms']:>9}"
              f"{r['errors']:>8}")
    ratio = page_p95 / health_p95
    print(f"pages p95 {page_p95 * 1000:.1f} ms = {ratio:.1f}x /healthz p95 {health_p95 * 1000:.1f} ms (budget 10x); "
          f"errors {errors} (budget 0)")
    for kind, messages in all_errors.items():
        print(f"  {kind}: {len(messages)} errors, e.g. {messages[:3]}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load-latest.json").write_text(json.dumps({
        "seconds": round(elapsed, 1), "workers": WORKERS, "users": USERS, "years": YEARS, "rows": rows,
        "page_p95_ms": round(page_p95 * 1000, 1), "healthz_p95_ms": round(health_p95 * 1000, 1),
        "ratio": round(ratio, 2), "errors": errors}, indent=2))
    ok = errors == 0 and ratio <= 10
    print("budget met" if ok else "BUDGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
