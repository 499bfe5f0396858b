from rocb.auth.models import User
from rocb.extensions import db
from tests.conftest import PASSWORD, login, make_user


def test_staff_logs_in_and_out(seeded, client):
    make_user("pm@rocb-ap.org", "staff")
    login(client, "pm@rocb-ap.org")
    page = client.get("/").get_data(as_text=True)
    assert "pm@rocb-ap.org" in page
    client.post("/logout")
    assert "pm@rocb-ap.org" not in client.get("/").get_data(as_text=True)


def test_wrong_password_keeps_the_email_typed(seeded, client):
    make_user("pm@rocb-ap.org", "staff")
    response = client.post("/login", data={"email": "pm@rocb-ap.org", "password": "nope"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "E-mail or password is not right" in page
    assert 'value="pm@rocb-ap.org"' in page


def test_login_attempts_are_rate_limited(seeded, client):
    make_user("pm@rocb-ap.org", "staff")
    for _ in range(5):
        client.post("/login", data={"email": "pm@rocb-ap.org", "password": "wrong"})
    blocked = client.post("/login", data={"email": "pm@rocb-ap.org", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.get_data(as_text=True)


def test_passwords_are_stored_hashed(seeded):
    user = make_user("pm@rocb-ap.org", "staff")
    stored = db.session.get(User, user.id).password_hash
    assert PASSWORD not in stored and stored.startswith(("scrypt:", "pbkdf2:"))


def test_login_never_redirects_to_another_site(seeded, client):
    make_user("pm@rocb-ap.org", "staff")
    response = client.post("/login?next=//evil.example/x", data={"email": "pm@rocb-ap.org", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_display_zone_is_saved_for_a_user(seeded, client):
    user = make_user("pm@rocb-ap.org", "staff")
    login(client, "pm@rocb-ap.org")
    client.post("/display-zone", data={"zone": "Pacific/Apia"})
    assert db.session.get(User, user.id).display_zone == "Pacific/Apia"
    assert 'data-zone="Pacific/Apia"' in client.get("/").get_data(as_text=True)


def test_unknown_display_zone_is_refused_with_what_was_typed(seeded, client):
    response = client.post("/display-zone", data={"zone": "Asia/Bangok"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Unknown time zone" in page and 'value="Asia/Bangok"' in page
