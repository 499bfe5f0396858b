"""Tests that need Redis: skipped without it, failed when ROCB_REQUIRE_REDIS=1 (CI)."""

import os

import pytest

REDIS_URL = os.environ.get("ROCB_TEST_REDIS_URL_JOBS", "redis://127.0.0.1:6379/14")


def require_redis(url: str = REDIS_URL) -> str:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        message = f"Redis is not reachable at {url}: {error}"
        if os.environ.get("ROCB_REQUIRE_REDIS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return url
