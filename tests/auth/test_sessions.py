"""Sessions end for good on logout (every copy of the cookie); login throttling per address and per client."""

import time
import uuid

import pytest

from rocb import create_app
from rocb.extensions import db
from tests.conftest import PASSWORD, login, make_user
from tests.redis_required import require_redis

OTHER_CLIENT = {"REMOTE_ADDR": "198.51.100.7"}


def _session_cookie(client) -> str:
    return client.get_cookie("session").value


def test_a_session_cookie_copied_before_logout_no_longer_works_after_it(seeded, client):
    make_user("pm@rocb-ap.org", "staff")
    login(client, "pm@rocb-ap.org")
    stolen = _session_cookie(client)
    thief = seeded.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/users/").status_code == 200  # the copy works while the session lives
    client.post("/logout")
    assert thief.get("/users/").status_code == 302  # sent to the login page: the copy is dead too
    assert "pm@rocb-ap.org" not in thief.get("/").get_data(as_text=True)


def test_logging_in_again_after_logout_works(seeded, client):
    make_user("pm@rocb-ap.org", "staff")
    login(client, "pm@rocb-ap.org")
    client.post("/logout")
    login(client, "pm@rocb-ap.org")
    assert client.get("/users/").status_code == 200


def test_a_deactivated_users_session_stops_at_once(seeded, client):
    user = make_user("pm@rocb-ap.org", "staff")
    login(client, "pm@rocb-ap.org")
    user.active = False  # even without a new session generation
    db.session.commit()
    assert client.get("/users/").status_code == 302


def test_failures_on_thirty_addresses_from_one_client_are_throttled(seeded, client):
    statuses = [client.post("/login", data={"email": f"guess{i}@rocb-ap.org", "password": "wrong-password-x"})
                .status_code for i in range(30)]
    assert statuses[0] == 400 and statuses[-1] == 429
    assert statuses.count(429) >= 5  # the client is stopped well before the 30th address


def test_a_locked_address_is_refused_from_another_client(seeded, client):
    make_user("pm@rocb-ap.org", "staff")
    for _ in range(5):
        client.post("/login", data={"email": "pm@rocb-ap.org", "password": "wrong-password-x"})
    elsewhere = seeded.test_client()
    response = elsewhere.post("/login", data={"email": "PM@rocb-ap.org", "password": PASSWORD},
                              environ_base=OTHER_CLIENT)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(as_text=True)
    # Another address from that other client is not affected.
    make_user("head@rocb-ap.org", "admin")
    assert elsewhere.post("/login", data={"email": "head@rocb-ap.org", "password": PASSWORD},
                          environ_base=OTHER_CLIENT).status_code == 302


def _workers(app, **more_settings):
    """Two app instances on the test's database, as two gunicorn workers (one secret key: a cookie works in both)."""
    settings = {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "TESTING": True,
                "WTF_CSRF_ENABLED": False, "SECRET_KEY": app.config["SECRET_KEY"], **more_settings}
    return [create_app(settings), create_app(settings)]


def _stop(workers):
    for worker in workers:
        with worker.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def two_workers_on_redis(app):
    url = require_redis()
    workers = _workers(app, RATELIMIT_STORAGE_URI=url, RATELIMIT_KEY_PREFIX=f"rocb-test-{uuid.uuid4().hex}")
    yield workers
    _stop(workers)


def test_with_redis_a_lock_in_one_worker_holds_in_the_other(seeded, two_workers_on_redis):
    make_user("pm@rocb-ap.org", "staff")
    first, second = two_workers_on_redis
    for _ in range(5):
        assert first.test_client().post("/login", data={"email": "pm@rocb-ap.org", "password": "wrong-pw-123"}
                                        ).status_code == 400
    response = second.test_client().post("/login", data={"email": "pm@rocb-ap.org", "password": PASSWORD},
                                         environ_base=OTHER_CLIENT)
    assert response.status_code == 429


# The session check keeps the users it has checked while no account changes (rocb/auth/sessions.py): a change made
# in one worker must still end or change the session in every other one.

@pytest.fixture
def workers_sharing_redis(app):
    url = require_redis()
    workers = _workers(app, CACHE_TYPE="rocb.redis_cache.FallbackRedisCache", CACHE_REDIS_URL=url,
                       CACHE_KEY_PREFIX=f"rocb-test-{uuid.uuid4().hex}:")
    yield workers
    _stop(workers)


@pytest.fixture
def workers_with_own_caches(app):
    workers = _workers(app, CACHE_TYPE="SimpleCache")
    yield workers
    _stop(workers)


def _change_user(worker, user_id, **values):
    from rocb.auth.models import User

    with worker.app_context():
        user = db.session.get(User, user_id)
        for name, value in values.items():
            setattr(user, name, value)
        db.session.commit()


@pytest.mark.parametrize("change, refused", [("logout", 302), ("deactivation", 302), ("new role", 403)])
def test_with_redis_an_account_changed_in_one_worker_is_seen_by_the_other_at_once(seeded, workers_sharing_redis,
                                                                                    change, refused):
    user = make_user("pm@rocb-ap.org", "staff")
    first_app, second_app = workers_sharing_redis
    first, second = first_app.test_client(), second_app.test_client()
    login(first, "pm@rocb-ap.org")
    second.set_cookie("session", _session_cookie(first))
    assert second.get("/users/").status_code == 200  # the other worker has checked (and kept) the user
    assert second.get("/users/").status_code == 200
    if change == "logout":
        first.post("/logout")
    elif change == "deactivation":
        _change_user(first_app, user.id, active=False)
    else:
        _change_user(first_app, user.id, role="focal_point", administration_id=None)
    assert second.get("/users/").status_code == refused


def test_with_per_worker_caches_another_worker_ends_the_session_within_the_versions_lifetime(
        seeded, workers_with_own_caches, monkeypatch):
    from rocb import versioning

    monkeypatch.setattr(versioning, "CACHE_SECONDS", 1)
    make_user("pm@rocb-ap.org", "staff")
    first, second = (worker.test_client() for worker in workers_with_own_caches)
    login(first, "pm@rocb-ap.org")
    second.set_cookie("session", _session_cookie(first))
    assert second.get("/users/").status_code == 200
    first.post("/logout")
    assert first.get("/users/").status_code == 302  # the worker that ended it: at once
    time.sleep(1.2)  # the other worker's copy of the data versions has expired
    assert second.get("/users/").status_code == 302


def test_a_new_session_works_at_once_in_a_worker_that_kept_the_old_one(seeded, workers_with_own_caches):
    make_user("pm@rocb-ap.org", "staff")
    first, second = (worker.test_client() for worker in workers_with_own_caches)
    login(first, "pm@rocb-ap.org")
    second.set_cookie("session", _session_cookie(first))
    assert second.get("/users/").status_code == 200  # kept there with the old session token
    first.post("/logout")
    login(first, "pm@rocb-ap.org")  # a new session, before the second worker's versions expire
    second.set_cookie("session", _session_cookie(first))
    assert second.get("/users/").status_code == 200


def test_a_deactivation_made_in_sql_outside_the_app_is_seen_once_the_kept_user_is_old(seeded, client, monkeypatch):
    from sqlalchemy import text

    from rocb.auth import sessions

    monkeypatch.setattr(sessions, "KEEP_SECONDS", 0.5)
    user = make_user("pm@rocb-ap.org", "staff")
    login(client, "pm@rocb-ap.org")
    assert client.get("/users/").status_code == 200
    with db.engine.begin() as connection:  # no data version changes
        connection.execute(text("UPDATE users SET active = :no WHERE id = :id"), {"no": False, "id": user.id})
    db.session.expire_all()  # as a worker's next request, with a new session (here the test's session is shared)
    time.sleep(0.6)
    assert client.get("/users/").status_code == 302
