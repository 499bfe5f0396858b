"""The worker as a separate process (`flask worker --burst`), killed mid-batch; the queue on Redis (RedisHuey)."""

import os
import signal
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from rocb import ROOT, create_app
from rocb.extensions import db
from rocb.jobs import huey_of, run_burst
from rocb.mail.models import OutboxMessage
from rocb.mail.services import queue_message
from tests.redis_required import REDIS_URL, require_redis


def _queue(n):
    messages = [queue_message(f"officer{i}@customs.go.th", f"Message {i}", "notice", {"paragraphs": [f"No. {i}"]})
                for i in range(n)]
    db.session.commit()
    return [m.message_id for m in messages]


def _worker(app, smtp_server, tmp_path):
    env = dict(os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], MAIL_SERVER="127.0.0.1",
               MAIL_PORT=str(smtp_server.port), HUEY_SQLITE_FILE=str(tmp_path / "worker-huey.sqlite"),
               SECRET_KEY="test-secret")
    env.pop("REDIS_URL", None)
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "app.py", "worker", "--burst"], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_flask_worker_burst_delivers_and_exits(app, smtp_server, tmp_path):
    ids = _queue(3)
    worker = _worker(app, smtp_server, tmp_path)
    out, err = worker.communicate(timeout=120)
    assert worker.returncode == 0, err
    assert sorted(m["Message-ID"] for m in smtp_server.messages) == sorted(ids)


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(app, smtp_server, tmp_path):
    ids = _queue(10)
    smtp_server.hold_at = 4  # the 4th message is taken in, and the worker is killed waiting for the answer
    worker = _worker(app, smtp_server, tmp_path)
    try:
        smtp_server.wait_for(4, seconds=120)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    smtp_server.released.set()
    db.session.remove()
    in_flight = db.session.execute(select(OutboxMessage).where(OutboxMessage.status == "sending")).scalars().all()
    assert [m.message_id for m in in_flight] == [smtp_server.messages[3]["Message-ID"]]

    # Another run, after the claim's lease has passed (moved back rather than waited for).
    db.session.execute(update(OutboxMessage).where(OutboxMessage.status == "sending")
                       .values(claimed_at=datetime.now(UTC) - timedelta(hours=1)))
    db.session.commit()
    run_burst(app)
    received = [m["Message-ID"] for m in smtp_server.messages]
    assert sorted(received) == sorted(ids)  # every message arrived, none twice
    statuses = {m.message_id: (m.status, m.last_error) for m in db.session.execute(select(OutboxMessage)).scalars()}
    uncertain = smtp_server.messages[3]["Message-ID"]
    assert statuses.pop(uncertain)[0] == "failed"  # not resent blindly: staff are told to check
    assert {status for status, _ in statuses.values()} == {"sent"}


@pytest.fixture
def redis_app(app):
    require_redis(REDIS_URL)
    other = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "TESTING": True,
                        "HUEY_REDIS_URL": REDIS_URL, "HUEY_NAME": f"rocb-test-{uuid.uuid4().hex}",
                        "MAIL_SERVER": None})
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
