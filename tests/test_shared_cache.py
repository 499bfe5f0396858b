"""Several gunicorn workers share Redis (REDIS_URL): a change committed by one is seen by the others at once."""

import os
import uuid

import pytest

from rocb import create_app
from rocb.extensions import db
from rocb.versioning import data_version
from tests.feeds.rows import add_workshop

REDIS_URL = os.environ.get("ROCB_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_workers(app):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        message = f"Redis is not reachable at {REDIS_URL}: {error}"
        if os.environ.get("ROCB_REQUIRE_REDIS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    settings = {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "TESTING": True,
                "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": REDIS_URL,
                "CACHE_KEY_PREFIX": f"rocb-test-{uuid.uuid4().hex}:"}
    workers = [create_app(settings), create_app(settings)]
    yield workers
    for worker in workers:
        with worker.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_commit_in_one_worker_changes_the_version_the_other_reads(redis_workers):
    reader, writer = redis_workers
    with reader.app_context():
        before = data_version("workshops")
        assert data_version("workshops") == before  # now served from Redis
    with writer.app_context():
        add_workshop("Regional workshop on Single Window")
    with reader.app_context():
        assert data_version("workshops") != before
