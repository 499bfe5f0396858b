"""The mail worker's tests run on both queues: SqliteHuey (the embedded default) and RedisHuey (REDIS_URL set).

RedisHuey uses database 14 of 127.0.0.1:6379 (ROCB_TEST_REDIS_URL_JOBS), a queue name of its own per test (so that
runs at the same time never share a queue), flushed afterwards. Without Redis the RedisHuey cases are skipped, with
the reason; with ROCB_REQUIRE_REDIS=1 (CI) they fail.
"""

import uuid

import pytest

from rocb import create_app
from rocb.extensions import db
from rocb.jobs import huey_of
from tests.redis_required import REDIS_URL, require_redis

# What the suite's app is configured with (tests/conftest.py), the SMTP server the smtp_server fixture started.
_SHARED = ("SQLALCHEMY_DATABASE_URI", "TESTING", "WTF_CSRF_ENABLED", "SECRET_KEY", "ROCB_BASE_URL", "SERVER_NAME",
           "RATELIMIT_STORAGE_URI", "MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_USERNAME")


def app_on_redis(app, url: str, **config):
    """The same app (same database, same settings) with its queue on the Redis at `url`, under a queue name of
    its own; the caller flushes the queue and disposes of the engine."""
    settings = {key: app.config[key] for key in _SHARED}
    settings.update(HUEY_REDIS_URL=url, HUEY_NAME=f"rocb-test-{uuid.uuid4().hex}", **config)
    return create_app(settings)


@pytest.fixture(params=["SqliteHuey", "RedisHuey"])
def queue_app(request, app, smtp_server):
    """The app whose context the test runs in, on each kind of queue; `smtp_server` is the one it sends to."""
    if request.param == "SqliteHuey":
        yield app
        return
    other = app_on_redis(app, require_redis(REDIS_URL))
    try:
        with other.app_context():
            yield other
            db.session.remove()
    finally:
        huey_of(other).flush()
        with other.app_context():
            db.engine.dispose()
