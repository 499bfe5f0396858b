"""Mail (issue 10): what queueing a message adds to the request that causes it, and the worker's delivery rate.

- queueing: a write of one user (display zone changed, audited, committed) with and without queue_message in the
  same transaction (rendering both parts, the outbox row, and the wake-up of the worker on SqliteHuey after the
  commit) — budget: at most 2 ms added;
- delivery: 1,000 queued messages delivered by deliver_due() to a local aiosmtpd server in its own process
  (claimed a batch at a time, handed over on one connection, the batch marked sent in one commit) — budget:
  100 messages/s or better.

Each runs on its own SQLite database and queue file in a temporary folder (the demo data sets are not touched):
- delivery on disk (under bench/.data/, as the app's database under instance/ is): every commit the worker makes
  pays the disk's fsync, as it does in `make run`;
- queueing in memory (/dev/shm where there is one): the message is written in the caller's transaction, so it adds
  no commit of its own; the figure is what the app adds (rendering, the row, the wake-up), not the noise of a
  disk's fsync (tens of ms either way on a shared disk) that the write pays with or without a message.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# On disk, like instance/: the commits the delivery makes cost what they cost in the embedded default.
_ON_DISK = Path(__file__).resolve().parents[1] / ".data"
_IN_MEMORY = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


def _app(folder: Path):
    from rocb import create_app
    from rocb.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'mail.sqlite'}", "SECRET_KEY": "bench",
                      "HUEY_SQLITE_FILE": str(folder / "huey.sqlite"), "HUEY_REDIS_URL": None, "MAIL_SERVER": None,
                      "RATELIMIT_STORAGE_URI": "memory://"})
    with app.app_context():
        db.create_all()
    return app


def _queueing(ctx, app) -> dict:
    from rocb import audit
    from rocb.auth.models import User
    from rocb.extensions import db
    from rocb.mail.services import queue_message

    with app.app_context():
        user = User(email="pm@rocb-ap.org", role="staff", password_hash="!")
        db.session.add(user)
        db.session.commit()
        user_id = user.id
    zones = iter(["Asia/Bangkok", "Pacific/Apia"] * 10_000)

    def change(with_mail: bool):
        with app.test_request_context("/account", method="POST"):
            user = db.session.get(User, user_id)
            zone = next(zones)
            audit.record("update", user, {"display_zone": [user.display_zone, zone]})
            user.display_zone = zone
            if with_mail:
                queue_message(user.email, "Your display zone", "notice",
                              {"greeting": "Dear colleague,", "paragraphs": [f"Times are now shown in {zone}."]},
                              zone=zone)
            db.session.commit()
            db.session.remove()

    repeat = max(ctx.repeat * 5, 25)
    without = ctx.timeit(lambda: change(False), repeat=repeat)
    with_mail = ctx.timeit(lambda: change(True), repeat=repeat)
    added_ms = (with_mail - without) * 1000
    return {"case": "queueing a message in the request that causes it", "median_ms": with_mail * 1000,
            "baseline": f"same write without the message ({without * 1000:.2f} ms)", "ratio": with_mail / without,
            "added_ms": added_ms, "budget": f"at most 2 ms added (added {added_ms:.2f} ms)"}


def _smtp_sink(port: int) -> subprocess.Popen:
    """aiosmtpd in its own process (as a local mail server would be), accepting and discarding every message."""
    server = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                               "-c", "aiosmtpd.handlers.Sink"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("aiosmtpd did not start")


def _delivery(app, count: int = 1000) -> dict:
    from sqlalchemy import delete

    from rocb.extensions import db
    from rocb.mail.delivery import deliver_due
    from rocb.mail.models import OutboxMessage
    from rocb.mail.services import queue_message
    from tests.smtp import free_port

    port = free_port()
    server = _smtp_sink(port)
    try:
        with app.app_context():
            db.session.execute(delete(OutboxMessage))
            for i in range(count):
                queue_message(f"officer{i}@customs.go.th", f"Call for nominations {i}", "notice",
                              {"greeting": "Dear focal point,", "paragraphs": ["Please nominate two officers."]})
            db.session.info.pop("rocb_outbox_new_mail", None)  # no wake-up: the bench calls the worker itself
            db.session.commit()
            app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_BATCH_SIZE=count)
            started = time.perf_counter()
            report = deliver_due()
            elapsed = time.perf_counter() - started
            app.config.update(MAIL_SERVER=None)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert report.sent == count, report  # each one answered 250 by the server
    rate = count / elapsed
    return {"case": f"delivering {count} queued messages to a local SMTP server (SQLite on disk)",
            "median_ms": elapsed * 1000, "baseline": "-", "ratio": None, "messages_per_s": rate,
            "budget": f">= 100 messages/s ({rate:.0f} messages/s)"}


def _measure(scratch, measure) -> dict:
    from rocb.extensions import db

    with tempfile.TemporaryDirectory(prefix="rocb-bench-mail-", dir=scratch) as folder:
        app = _app(Path(folder))
        try:
            return measure(app)
        finally:
            with app.app_context():
                db.engine.dispose()


def run(ctx):
    _ON_DISK.mkdir(parents=True, exist_ok=True)
    return [_measure(_IN_MEMORY, lambda app: _queueing(ctx, app)), _measure(_ON_DISK, _delivery)]
