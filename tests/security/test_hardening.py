"""Secret key, redirects, HSTS, feed tokens and the error page: the faults an attacker found, one test each."""

import logging
import os
import stat

import pytest
from flask import Blueprint
from itsdangerous import URLSafeTimedSerializer

from rocb import access, config, create_app
from rocb.feeds import tokens
from tests.conftest import PASSWORD, QueryCounter, make_user

# ---------------------------------------------------------------- the secret key


@pytest.fixture
def environment(monkeypatch):
    for name in ("SECRET_KEY", "ROCB_ENV", "DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_without_secret_key_each_instance_generates_its_own_and_keeps_it(environment, tmp_path):
    first = config.from_environment(str(tmp_path / "a"))["SECRET_KEY"]
    key_file = tmp_path / "a" / "secret_key"
    assert key_file.exists() and stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert len(first.encode()) >= 32 and first != "development-only-secret-key"
    assert config.from_environment(str(tmp_path / "a"))["SECRET_KEY"] == first  # the next start: the same key
    assert config.from_environment(str(tmp_path / "b"))["SECRET_KEY"] != first  # another instance: another key


def test_a_cookie_signed_with_the_old_development_key_is_not_accepted(environment, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True})
    forged = URLSafeTimedSerializer("development-only-secret-key", salt="cookie-session",
                                    signer_kwargs={"key_derivation": "hmac", "digest_method": "sha1"})
    with app.test_request_context():
        interface = app.session_interface
        assert interface.get_signing_serializer(app).loads(interface.get_signing_serializer(app).dumps({"a": 1}))
        cookie = forged.dumps({"_user_id": "1", "_fresh": True})
        with pytest.raises(Exception):  # noqa: B017  (itsdangerous.BadSignature)
            interface.get_signing_serializer(app).loads(cookie)


@pytest.mark.parametrize("key", [None, "", "short-key", "x" * 31])
def test_production_refuses_a_missing_or_short_key(environment, tmp_path, key):
    environment.setenv("ROCB_ENV", "production")
    if key is not None:
        environment.setenv("SECRET_KEY", key)
    with pytest.raises(config.ConfigError, match="32"):
        config.from_environment(str(tmp_path))


def test_production_takes_a_long_key(environment, tmp_path):
    environment.setenv("ROCB_ENV", "production")
    environment.setenv("SECRET_KEY", "k" * 32)
    assert config.from_environment(str(tmp_path))["SECRET_KEY"] == "k" * 32
    assert not (tmp_path / "secret_key").exists()


# ---------------------------------------------------------------- redirects


@pytest.mark.parametrize("target", ["/workshops/\r\nSet-Cookie: x=1", "/\nLocation: http://evil.example",
                                    "/\\evil.example", "//evil.example", "http://evil.example/"])
def test_login_next_with_newlines_or_another_site_goes_to_the_dashboard(seeded, client, target):
    make_user("staff@rocb-ap.org", "staff")
    response = client.post("/login", query_string={"next": target},
                           data={"email": "staff@rocb-ap.org", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_login_next_to_a_local_page_is_kept(seeded, client):
    make_user("staff@rocb-ap.org", "staff")
    response = client.post("/login?next=/workshops/%3Fyear%3D2021",
                           data={"email": "staff@rocb-ap.org", "password": PASSWORD})
    assert response.headers["Location"] == "/workshops/?year=2021"


@pytest.mark.parametrize("target", ["/\r\nSet-Cookie: x=1", "/\\evil.example"])
def test_display_zone_next_with_newlines(seeded, client, target):
    response = client.post("/display-zone", query_string={"next": target}, data={"zone": "Asia/Bangkok"})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_planner_back_with_newlines(seeded, staff_client):
    from tests.factories import make_workshop

    w = make_workshop()
    response = staff_client.post(f"/workshops/{w.id}/sessions/from-slot",
                                 data={"start_utc": "x", "end_utc": "y", "back": "/planner?\r\nSet-Cookie: x=1"})
    assert response.status_code == 302 and "\n" not in response.headers["Location"]


# ---------------------------------------------------------------- HSTS


def test_strict_transport_security_in_production_only(environment):
    production = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True, "ROCB_ENV": "production",
                             "SECRET_KEY": "p" * 40})
    header = production.test_client().get("/healthz").headers.get("Strict-Transport-Security", "")
    assert "max-age=31536000" in header and "includeSubDomains" in header
    development = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True})
    assert "Strict-Transport-Security" not in development.test_client().get("/healthz").headers


# ---------------------------------------------------------------- feed tokens


def test_a_revoked_feed_token_costs_what_an_unknown_one_costs(seeded, client):
    from rocb.extensions import db

    user = make_user("focal@customs.go.th", "focal_point", "TH")
    old = tokens.token_for_user(user)
    old_link = tokens.feed_link(old)
    tokens.rotate_for_user(user)
    db.session.commit()
    paths = {"revoked": old_link.split("http://rocb.test", 1)[1],
             "unknown": "/feeds/" + "A" * 43 + "/calendar.ics"}
    counts = {}
    for name, path in paths.items():
        db.session.expire_all()
        with QueryCounter() as queries:
            assert client.get(path).status_code == 404
        counts[name] = queries.count
    assert counts["revoked"] == counts["unknown"]


def test_a_deactivated_users_feed_token_costs_what_an_unknown_one_costs(seeded, client):
    from rocb.extensions import db

    user = make_user("focal@customs.go.th", "focal_point", "TH")
    link = tokens.feed_link(tokens.token_for_user(user))
    user.active = False
    db.session.commit()
    counts = []
    for path in (link.split("http://rocb.test", 1)[1], "/feeds/" + "B" * 43 + "/calendar.ics"):
        db.session.expire_all()
        with QueryCounter() as queries:
            assert client.get(path).status_code == 404
        counts.append(queries.count)
    assert counts[0] == counts[1]


# ---------------------------------------------------------------- the error page


def _app_with_a_fault(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/fault.sqlite", "ROCB_ENV": "production",
                      "SECRET_KEY": "e" * 40, "TESTING": False})
    bp = Blueprint("fault", __name__)

    @bp.get("/fault")
    @access.public
    def fault():
        raise RuntimeError("the disk is on fire")

    @bp.get("/api/v1/fault")
    @access.public
    def api_fault():
        raise RuntimeError("the disk is on fire")

    app.register_blueprint(bp)
    with app.app_context():
        from rocb.extensions import db

        db.create_all()
    return app


def test_a_500_shows_the_offices_page_with_a_reference_and_logs_the_traceback_once(tmp_path, caplog):
    import re

    app = _app_with_a_fault(tmp_path)
    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/fault")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in html and "ROCB" in html
    reference = re.search(r"Reference: <strong>([A-Z0-9]{8})</strong>", html).group(1)
    logged = [r for r in caplog.records if r.exc_info]
    assert len(logged) == 1 and reference in logged[0].getMessage()
    assert "the disk is on fire" in str(logged[0].exc_info[1])
    assert "the disk is on fire" not in html  # the visitor does not see the fault itself

    with caplog.at_level(logging.ERROR):
        api = app.test_client().get("/api/v1/fault")
    assert api.status_code == 500 and re.fullmatch(r"[A-Z0-9]{8}", api.get_json()["reference"])
    assert api.get_json()["reference"] != reference


# ---------------------------------------------------------------- NUL bytes (PostgreSQL refuses them in text)


def test_nul_bytes_in_a_form_are_dropped_before_the_database(staff_client):
    from sqlalchemy import select

    from rocb.extensions import db
    from rocb.workshops.models import Participant
    from tests.factories import make_workshop

    w = make_workshop()
    response = staff_client.post(f"/workshops/{w.id}/participants/new", data={
        "name": "Som\x00chai Jaidee", "email": "somchai@customs.go.th\x00", "administration_code": "TH",
        "role": "formal participant", "attended": "y", "gender": ""})
    assert response.status_code == 302
    assert db.session.execute(select(Participant.name)).scalar_one() == "Somchai Jaidee"


@pytest.mark.parametrize("path", ["/entities/?kind=%00&host=T%00H&status=%00", "/workshops/?topic=%00&fund=a%00",
                                  "/surveys/2021/?administration=%00", "/analytics/?subregion=%00"])
def test_nul_bytes_in_a_query_string_never_reach_the_database(seeded, client, path):
    assert client.get(path).status_code < 500


def test_a_nul_byte_in_an_address_is_a_404(seeded, client):
    assert client.get("/administrations/T%00H").status_code == 404
