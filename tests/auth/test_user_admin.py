"""Own account; admins change roles and deactivate; the last admin stays; staff read the history."""

from urllib.parse import urlsplit

from sqlalchemy import select

from rocb.auth.models import User
from rocb.extensions import db
from tests.conftest import PASSWORD, login, make_user

NEW_PASSWORD = "monsoon over Dhaka 2022"


def _fresh(user_id):
    db.session.expire_all()
    return db.session.get(User, user_id)


def test_changing_the_password_ends_the_other_sessions_not_this_one(seeded, client):
    user = make_user("pm@rocb-ap.org", "staff")
    login(client, "pm@rocb-ap.org")
    laptop = seeded.test_client()
    login(laptop, "pm@rocb-ap.org")
    wrong = client.post("/account", data={"password-current_password": "not it at all",
                                          "password-new_password": NEW_PASSWORD, "password-confirm": NEW_PASSWORD})
    assert wrong.status_code == 400 and "not your current password" in wrong.get_data(as_text=True)
    done = client.post("/account", data={"password-current_password": PASSWORD,
                                         "password-new_password": NEW_PASSWORD, "password-confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert client.get("/users/").status_code == 200  # this session goes on
    assert laptop.get("/users/").status_code == 302  # the other one has ended
    assert _fresh(user.id).check_password(NEW_PASSWORD)


def test_a_common_new_password_is_refused_on_the_account_page(seeded, client):
    make_user("pm@rocb-ap.org", "staff")
    login(client, "pm@rocb-ap.org")
    response = client.post("/account", data={"password-current_password": PASSWORD,
                                             "password-new_password": "password1234",
                                             "password-confirm": "password1234"})
    assert response.status_code == 400 and "too common" in response.get_data(as_text=True)


def test_the_display_zone_is_changed_on_the_account_page(seeded, client):
    user = make_user("pm@rocb-ap.org", "staff")
    login(client, "pm@rocb-ap.org")
    assert client.post("/account", data={"zone-zone": "Asia/Kabul"}).status_code == 302
    assert _fresh(user.id).display_zone == "Asia/Kabul"
    bad = client.post("/account", data={"zone-zone": "Asia/Kabull"})
    assert bad.status_code == 400 and 'value="Asia/Kabull"' in bad.get_data(as_text=True)


def test_an_admin_deactivates_a_user_whose_session_and_private_feed_stop_at_once(seeded, admin_client):
    from rocb.feeds.tokens import feed_link, token_for_user

    user = make_user("fp@customs.go.th", "focal_point", "TH")
    feed = urlsplit(feed_link(token_for_user(user))).path
    db.session.commit()
    theirs = seeded.test_client()
    login(theirs, "fp@customs.go.th")
    assert theirs.get(feed).status_code == 200 and theirs.get("/account").status_code == 200
    assert admin_client.post(f"/users/{user.id}/deactivate").status_code == 302
    assert theirs.get("/account").status_code == 302
    assert seeded.test_client().get(feed).status_code == 404
    assert theirs.post("/login", data={"email": "fp@customs.go.th", "password": PASSWORD}).status_code == 400
    page = admin_client.get(f"/users/{user.id}").get_data(as_text=True)
    assert "deactivated" in page and "deactivate" in page  # the status, and the entry in its history


def test_an_admin_changes_a_role_and_the_old_role_stops_at_once(seeded, admin_client):
    user = make_user("pm@rocb-ap.org", "staff")
    theirs = seeded.test_client()
    login(theirs, "pm@rocb-ap.org")
    response = admin_client.post(f"/users/{user.id}/role", data={"role": "focal_point", "administration": "FJ"})
    assert response.status_code == 302
    user = _fresh(user.id)
    assert user.role == "focal_point" and user.administration.code == "FJ"
    assert theirs.get("/users/").status_code == 302
    history = admin_client.get(f"/users/{user.id}").get_data(as_text=True)
    assert "change role" in history and "staff → focal_point" in history


def test_the_last_active_admin_cannot_be_removed(seeded, admin_client):
    admin = db.session.execute(select(User).where(User.role == "admin")).scalar_one()
    page = admin_client.post(f"/users/{admin.id}/deactivate", follow_redirects=True).get_data(as_text=True)
    assert "last active admin" in page and _fresh(admin.id).active
    page = admin_client.post(f"/users/{admin.id}/role", data={"role": "staff", "administration": ""},
                             follow_redirects=True).get_data(as_text=True)
    assert "last active admin" in page and _fresh(admin.id).role == "admin"
    other = make_user("head@rocb-ap.org", "admin")
    assert admin_client.post(f"/users/{other.id}/deactivate").status_code == 302
    assert not _fresh(other.id).active


def test_staff_cannot_change_roles_or_deactivate(seeded, staff_client):
    user = make_user("fp@customs.go.th", "focal_point", "TH")
    assert staff_client.post(f"/users/{user.id}/deactivate").status_code == 403
    assert staff_client.post(f"/users/{user.id}/role", data={"role": "admin", "administration": ""}
                             ).status_code == 403
    assert _fresh(user.id).active and _fresh(user.id).role == "focal_point"


def test_the_users_page_invites_instead_of_sending_to_the_command_line(seeded, staff_client):
    page = staff_client.get("/users/").get_data(as_text=True)
    assert "Invite a user" in page and "create-user" not in page


def test_staff_read_the_history_of_a_workshop(seeded, staff_client):
    from tests.feeds.rows import add_workshop

    workshop = add_workshop("Regional workshop on Single Window")
    staff_client.post(f"/workshops/{workshop.id}/status", data={"status": "postponed"})
    page = staff_client.get(f"/workshops/{workshop.id}/history").get_data(as_text=True)
    assert "Regional workshop on Single Window" in page and "confirmed → postponed" in page
    assert "staff@rocb-ap.org" in page


def test_focal_points_do_not_read_histories(seeded, focal_point_client):
    user = db.session.execute(select(User)).scalars().first()
    assert focal_point_client.get(f"/users/{user.id}").status_code == 403


def test_an_id_past_the_integer_range_is_a_404(seeded, admin_client):
    huge = 2**70
    for path in (f"/users/{huge}", f"/outbox/{huge}", f"/workshops/{huge}/history"):
        assert admin_client.get(path).status_code == 404, path
