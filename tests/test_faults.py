"""Faults survived: PostgreSQL restarted while requests are in flight, Redis stopped and started again.

The PostgreSQL tests run when the suite runs on PostgreSQL (ROCB_TEST_DATABASE_URL), on a cluster of their own
(initdb in a temporary folder, a free port) that they stop and start; if that cluster cannot be started they fail.
The Redis test runs on both databases with a redis-server of its own. The shared servers are never touched.
"""

import logging
import os
import threading
import time
from datetime import datetime

import pytest
from sqlalchemy import func, select

from rocb import create_app
from rocb.audit import AuditEntry
from rocb.cli import run_seed
from rocb.extensions import db
from rocb.workshops.models import Workshop
from tests.conftest import PASSWORD, login, make_user
from tests.factories import make_workshop
from tests.servers import ThrowawayPostgres, ThrowawayRedis

# A request whose thread dies (an exception that escaped Flask, e.g. in teardown) fails the test.
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
ON_POSTGRES = (os.environ.get("ROCB_TEST_DATABASE_URL") or "").startswith("postgresql")
TOPICS = ["aeo", "revised-kyoto"]
INVITED = ["TH", "JP", "WS"]


@pytest.fixture
def pg_app():
    if not ON_POSTGRES:
        pytest.skip("the PostgreSQL fault tests run when the suite runs on PostgreSQL (ROCB_TEST_DATABASE_URL)")
    server = ThrowawayPostgres()  # an error here fails the test: on PostgreSQL these tests must run
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": server.url, "WTF_CSRF_ENABLED": False,
                      "SECRET_KEY": "fault-test", "PROPAGATE_EXCEPTIONS": False, "CACHE_TYPE": "SimpleCache"})
    with app.app_context():
        db.create_all()
        run_seed()
        make_user("staff@rocb-ap.org", "staff")
    try:
        yield app, server
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        server.close()


def staff_client(app):
    client = app.test_client()
    login(client, "staff@rocb-ap.org")
    return client


def new_workshop(client, title):
    return client.post("/workshops/new", data={
        "title": title, "kind": "regional workshop", "mode": "online", "status": "planned",
        "reference_zone": "Asia/Bangkok", "host": "", "topic_codes": TOPICS, "invited_codes": INVITED,
        "is_public": "y"})


def test_after_a_restart_the_first_request_gets_a_fresh_connection_and_while_down_a_503(pg_app):
    app, server = pg_app
    client = staff_client(app)
    for path in ("/workshops/", "/api/v1/administrations"):
        assert client.get(path).status_code == 200  # the pool now holds connections

    server.stop()
    server.start()
    # The pooled connections died with the server; pre-ping replaces them before lending one.
    assert client.get("/workshops/").status_code == 200
    assert client.get("/api/v1/administrations").status_code == 200

    server.stop()
    page = client.get("/workshops/")
    assert page.status_code == 503 and "Service unavailable" in page.get_data(as_text=True)
    assert "ROCB" in page.get_data(as_text=True) and page.headers["Retry-After"]
    answer = client.get("/api/v1/administrations")
    assert answer.status_code == 503 and answer.is_json and "database" in answer.get_json()["error"]

    server.start()
    assert client.get("/workshops/").status_code == 200
    assert client.get("/api/v1/administrations").status_code == 200
    assert new_workshop(client, "Workshop added after the restart").status_code == 302


def test_requests_in_flight_during_a_restart_get_503_at_worst_and_nothing_is_half_written(pg_app):
    app, server = pg_app
    clients = [staff_client(app) for _ in range(4)]
    answers: list[tuple[str, int, str]] = []
    lock, done = threading.Lock(), threading.Event()

    def use(n, client):
        for i in range(300):  # bounded; stops earlier when the restart is over
            if done.is_set():
                return
            if i % 3 == 0:
                title = f"Fault test {n}-{i}"
                response = new_workshop(client, title)
                kind = "POST " + title
            else:
                path = "/workshops/" if i % 3 == 1 else "/api/v1/workshops?from=2020-01-01&to=2030-12-31"
                response = client.get(path)
                kind = "GET " + path
            with lock:
                answers.append((kind, response.status_code, response.get_data(as_text=True)[:200]))

    threads = [threading.Thread(target=use, args=(n, c)) for n, c in enumerate(clients)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    server.stop()  # fast shutdown: open transactions are rolled back, clients disconnected
    time.sleep(0.5)
    server.start()
    time.sleep(0.5)
    done.set()
    for t in threads:
        t.join(timeout=60)

    statuses = {status for _, status, _ in answers}
    assert 503 in statuses, "no request hit the restart"
    assert statuses <= {200, 302, 503}, [a for a in answers if a[1] not in (200, 302, 503)]
    for kind, status, _ in answers:
        expected = {302, 503} if kind.startswith("POST") else {200, 503}
        assert status in expected, (kind, status)

    with app.app_context():
        made = db.session.execute(select(Workshop).where(Workshop.title.like("Fault test %"))).scalars().all()
        created_titles = {kind[5:] for kind, status, _ in answers if kind.startswith("POST") and status == 302}
        assert created_titles <= {w.title for w in made}  # every workshop a user was told about exists
        for workshop in made:  # and each one is whole: its topics, invitations and audit entry
            assert sorted(t.code for t in workshop.topics) == sorted(TOPICS), workshop.title
            assert sorted(a.code for a in workshop.invited_administrations) == sorted(INVITED), workshop.title
            audits = db.session.execute(select(func.count(AuditEntry.id)).where(
                AuditEntry.record_type == "Workshop", AuditEntry.record_id == str(workshop.id),
                AuditEntry.action == "create")).scalar_one()
            assert audits == 1, workshop.title

    client = staff_client(app)  # the next requests all succeed
    assert client.get("/workshops/").status_code == 200
    assert new_workshop(client, "After the storm").status_code == 302


# --- Redis -----------------------------------------------------------------------------------------------


@pytest.fixture
def redis_server():
    try:
        server = ThrowawayRedis()
    except RuntimeError as error:
        if os.environ.get("ROCB_REQUIRE_REDIS") == "1":
            pytest.fail(str(error))
        pytest.skip(str(error))
    yield server
    server.close()


def test_pages_and_feeds_answer_while_redis_is_down_and_use_it_again_when_it_returns(seeded, redis_server, caplog):
    import redis

    make_workshop(sessions=[(datetime(2030, 3, 29, 10), datetime(2030, 3, 29, 12))], topics=["aeo"])
    make_user("staff@rocb-ap.org", "staff")
    worker = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": seeded.config["SQLALCHEMY_DATABASE_URI"],
                         "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test-secret", "ROCB_BASE_URL": "http://rocb.test",
                         "CACHE_TYPE": "rocb.redis_cache.FallbackRedisCache", "CACHE_REDIS_URL": redis_server.url,
                         "CACHE_OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
                         "CACHE_REDIS_RETRY_SECONDS": 0, "RATELIMIT_STORAGE_URI": redis_server.url})
    store = redis.Redis.from_url(redis_server.url)
    client = worker.test_client()
    paths = ("/", "/workshops/", "/calendar.ics", "/api/v1/administrations", "/analytics/")

    def everything_answers():
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        feed = client.get("/calendar.ics")
        assert "Regional Workshop on Risk Management" in feed.get_data(as_text=True)
        assert client.get("/calendar.ics", headers={"If-None-Match": feed.headers["ETag"]}).status_code == 304

    try:
        everything_answers()
        assert store.dbsize() > 0  # the pages were cached in Redis

        redis_server.stop()
        with caplog.at_level(logging.WARNING, logger="rocb.redis_cache"):
            everything_answers()
        with caplog.at_level(logging.WARNING, logger="rocb.throttle"):
            login(client, "staff@rocb-ap.org", PASSWORD)  # login throttling counts in memory meanwhile
            assert client.get("/analytics/").status_code == 200
        assert "Redis cache unreachable" in caplog.text and "rate-limit storage unreachable" in caplog.text

        redis_server.start()
        store = redis.Redis.from_url(redis_server.url)
        assert store.dbsize() == 0  # a new, empty Redis
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="rocb.redis_cache"):
            everything_answers()
        assert "answers again" in caplog.text
        assert store.dbsize() > 0  # used again
    finally:
        with worker.app_context():
            db.session.remove()
            db.engine.dispose()
