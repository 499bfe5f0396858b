"""The worker as a separate process (`flask worker --burst`), killed mid-batch, on SqliteHuey and on RedisHuey;
a queue that is down and a Redis that does not answer never fail or hang the request."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from rocb import ROOT, create_app
from rocb.extensions import db
from rocb.jobs import huey_of, run_burst
from rocb.mail.delivery import CLAIM_SIZE
from rocb.mail.models import OutboxMessage
from rocb.mail.services import queue_message
from tests.mail.conftest import app_on_redis
from tests.redis_required import REDIS_URL, require_redis


def _queue(n):
    messages = [queue_message(f"officer{i}@customs.go.th", f"Message {i}", "notice", {"paragraphs": [f"No. {i}"]})
                for i in range(n)]
    db.session.commit()
    return [m.message_id for m in messages]


def _worker(queue_app, smtp_server, burst=True):
    """`flask worker --burst` (or the long-running worker) in a process of its own, on the same database and the
    same queue as queue_app."""
    env = dict(os.environ, DATABASE_URL=queue_app.config["SQLALCHEMY_DATABASE_URI"], MAIL_SERVER="127.0.0.1",
               MAIL_PORT=str(smtp_server.port), HUEY_SQLITE_FILE=queue_app.config["HUEY_SQLITE_FILE"],
               SECRET_KEY="test-secret")
    env.pop("REDIS_URL", None)
    target = "app.py"
    if queue_app.config.get("HUEY_REDIS_URL"):  # a worker on Redis, on this test's own queue name
        overrides = {key: queue_app.config[key] for key in ("HUEY_REDIS_URL", "HUEY_NAME")}
        target = f"rocb:create_app({overrides!r})"
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", target, "worker", *(["--burst"] if burst else [])],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_flask_worker_burst_delivers_and_exits(queue_app, smtp_server):
    ids = _queue(3)
    assert huey_of(queue_app).pending_count() == 1  # the commit queued the delivery job
    worker = _worker(queue_app, smtp_server)
    out, err = worker.communicate(timeout=120)
    assert worker.returncode == 0, err
    assert sorted(m["Message-ID"] for m in smtp_server.messages) == sorted(ids)
    assert huey_of(queue_app).pending_count() == 0  # the other process took it from this queue


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(queue_app, smtp_server):
    size = CLAIM_SIZE  # messages claimed together (one committed UPDATE) before the first of them is handed over
    ids = _queue(2 * size + 5)
    smtp_server.hold_at = size + 4  # in the second batch: taken in, and the worker killed waiting for the answer
    worker = _worker(queue_app, smtp_server)
    try:
        smtp_server.wait_for(size + 4, seconds=120)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    smtp_server.released.set()
    db.session.remove()
    in_flight = db.session.execute(select(OutboxMessage.message_id).where(OutboxMessage.status == "sending"))
    assert sorted(in_flight.scalars()) == sorted(ids[size:2 * size])  # the batch being sent, claimed before SMTP
    assert [m["Message-ID"] for m in smtp_server.messages] == ids[:size + 4]

    # Another run, after the claim's lease has passed (moved back rather than waited for).
    db.session.execute(update(OutboxMessage).where(OutboxMessage.status == "sending")
                       .values(claimed_at=datetime.now(UTC) - timedelta(hours=1)))
    db.session.commit()
    run_burst(queue_app)
    received = [m["Message-ID"] for m in smtp_server.messages]
    assert len(received) == len(set(received))  # none twice
    assert set(received) == set(ids[:size + 4]) | set(ids[2 * size:])  # those never claimed went on the next run
    statuses = {m.message_id: (m.status, m.last_error) for m in db.session.execute(select(OutboxMessage)).scalars()}
    # The broken batch is not resent blindly: each of its messages is failed, and staff are told to check.
    for message_id in ids[size:2 * size]:
        status, note = statuses.pop(message_id)
        assert status == "failed" and "may or may not have arrived" in note
    assert {status for status, _ in statuses.values()} == {"sent"}


def test_a_worker_stopped_by_sigterm_finishes_the_mail_it_is_sending(queue_app, smtp_server):
    """systemd, containers and `make run` stop the worker with SIGTERM: the batch in the SMTP server's hands is
    finished and marked sent, not left for staff as "may or may not have arrived"."""
    ids = _queue(CLAIM_SIZE + 3)
    smtp_server.hold_at = 4  # the worker waits for the server's answer to the fourth message
    worker = _worker(queue_app, smtp_server, burst=False)
    try:
        smtp_server.wait_for(4, seconds=120)
        worker.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.wait(timeout=3)  # an immediate stop would end the process here, the batch still claimed
        assert worker.returncode is None, "the worker left before the message it was sending was answered"
        smtp_server.released.set()
        worker.wait(timeout=60)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    db.session.remove()
    statuses = {m.message_id: m.status for m in db.session.execute(select(OutboxMessage)).scalars()}
    assert "failed" not in statuses.values() and "sending" not in statuses.values()
    sent = [message_id for message_id, status in statuses.items() if status == "sent"]
    assert set(ids[:4]) <= set(sent)  # the batch it was in the middle of went out
    received = [m["Message-ID"] for m in smtp_server.messages]
    assert sorted(received) == sorted(sent) and len(received) == len(set(received))


def test_a_silent_redis_does_not_hang_the_request_that_queues_mail(app):
    """A Redis that accepts connections and never answers: waking the worker gives up (socket timeouts), the
    request answers, the message waits in the outbox for the sweep."""
    from tests.conftest import make_user

    make_user("pm@rocb-ap.org", "staff")
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)  # the kernel accepts connections; nothing ever reads or answers them
        other = app_on_redis(app, f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
        # Bounded by the app's own waits, whatever redis-py's defaults (none at all in older versions).
        waits = huey_of(other).storage.pool.connection_kwargs
        assert waits["socket_connect_timeout"] <= 2 and waits["socket_timeout"] <= 3
        answers = []

        def forgot():
            with other.test_client() as client:
                answers.append(client.post("/password/forgot", data={"email": "pm@rocb-ap.org"}).status_code)

        request = threading.Thread(target=forgot, daemon=True)
        request.start()
        request.join(timeout=60)  # a guard so that the suite cannot hang, not a measure
        assert answers == [200]
    with other.app_context():
        db.engine.dispose()
    assert db.session.execute(select(OutboxMessage.status)).scalar_one() == "queued"


@pytest.fixture
def redis_app(app):
    other = app_on_redis(app, require_redis(REDIS_URL), MAIL_SERVER=None)
    yield other
    huey_of(other).flush()
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def test_on_redis_the_commit_enqueues_delivery_for_any_worker(redis_app, smtp_server):
    from huey import RedisHuey

    assert isinstance(huey_of(redis_app), RedisHuey)
    redis_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    with redis_app.app_context():
        ids = _queue(2)
        assert huey_of(redis_app).pending_count() == 1  # the commit woke the worker through Redis
        run_burst(redis_app, periodic_jobs=False)  # only what the commit enqueued
    assert sorted(m["Message-ID"] for m in smtp_server.messages) == sorted(ids)


def test_a_queue_that_is_down_does_not_fail_the_request_and_the_sweep_delivers_later(app, smtp_server):
    from tests.conftest import make_user

    down = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "TESTING": True,
                       "WTF_CSRF_ENABLED": False, "HUEY_REDIS_URL": "redis://127.0.0.1:1/0",  # nothing listens
                       "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port})
    try:
        with down.app_context():
            from rocb.cli import run_seed

            run_seed()
            make_user("pm@rocb-ap.org", "staff")
            response = down.test_client().post("/password/forgot", data={"email": "pm@rocb-ap.org"})
            assert response.status_code == 200  # the commit went through; waking the worker failed quietly
            assert db.session.execute(select(OutboxMessage.status)).scalar_one() == "queued"
            db.session.remove()
    finally:
        with down.app_context():
            db.engine.dispose()
    run_burst(app)  # a worker on a working queue: its minute sweep finds the message
    assert [m["To"] for m in smtp_server.messages] == ["pm@rocb-ap.org"]


def test_old_account_links_are_purged_by_the_periodic_cleanup(app):
    from rocb.auth.jobs import purge_account_links
    from rocb.auth.models import AccountToken
    from tests.conftest import make_user

    user = make_user("pm@rocb-ap.org", "staff")
    now = datetime.now(UTC)
    for secret, expires in (("a", now - timedelta(days=40)), ("b", now + timedelta(hours=1))):
        db.session.add(AccountToken(user_id=user.id, purpose="password_reset", secret_hash=secret * 64,
                                    expires_at=expires))
    db.session.commit()
    run_burst(app)
    assert [t.secret_hash[0] for t in db.session.execute(select(AccountToken)).scalars()] == ["b"]
    assert purge_account_links.run_now() == 0
