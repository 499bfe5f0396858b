"""Sessions end for good on logout (every copy of the cookie); login throttling per address and per client."""

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


@pytest.fixture
def two_workers_on_redis(app):
    url = require_redis()
    settings = {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "TESTING": True,
                "WTF_CSRF_ENABLED": False, "RATELIMIT_STORAGE_URI": url,
                "RATELIMIT_KEY_PREFIX": f"rocb-test-{uuid.uuid4().hex}"}
    workers = [create_app(settings), create_app(settings)]
    yield workers
    for worker in workers:
        with worker.app_context():
            db.session.remove()
            db.engine.dispose()


def test_with_redis_a_lock_in_one_worker_holds_in_the_other(seeded, two_workers_on_redis):
    make_user("pm@rocb-ap.org", "staff")
    first, second = two_workers_on_redis
    for _ in range(5):
        assert first.test_client().post("/login", data={"email": "pm@rocb-ap.org", "password": "wrong-pw-123"}
                                        ).status_code == 400
    response = second.test_client().post("/login", data={"email": "pm@rocb-ap.org", "password": PASSWORD},
                                         environ_base=OTHER_CLIENT)
    assert response.status_code == 429
