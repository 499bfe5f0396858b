"""Accounts in the UI, end to end through a real SMTP server: invitations, password reset, own account."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from rocb.auth.models import AccountToken, User
from rocb.extensions import db
from rocb.jobs import run_burst
from tests.conftest import PASSWORD, login, make_user

NEW_PASSWORD = "mangrove tide at Apia 2021"


def _link(message, path: str) -> str:
    text = message.get_body(("plain",)).get_content()
    found = re.search(rf"http://rocb\.test({path}/\S+)", text)
    assert found, text
    return found.group(1)


def _user(email):
    db.session.expire_all()
    return db.session.execute(select(User).where(User.email == email)).scalar_one()


def test_an_invited_focal_point_sets_a_password_from_the_link_once(seeded, staff_client, smtp_server):
    response = staff_client.post("/users/invite", data={"email": "Focal@Customs.gov.ws", "name": "Sina Tuala",
                                                        "role": "focal_point", "administration": "WS"})
    assert response.status_code == 302, response.get_data(as_text=True)
    run_burst(seeded)
    mail, = smtp_server.to("focal@customs.gov.ws")
    text = mail.get_body(("plain",)).get_content()
    assert "as focal point for Samoa" in text and "(Pacific/Apia, +" in text  # the deadline, in Samoa's zone
    link = _link(mail, "/invitation")

    invitee = seeded.test_client()
    assert "For <strong>focal@customs.gov.ws</strong>" in invitee.get(link).get_data(as_text=True)
    set_it = invitee.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert set_it.status_code == 302 and set_it.headers["Location"] == "/login"
    login(invitee, "focal@customs.gov.ws", NEW_PASSWORD)
    assert _user("focal@customs.gov.ws").administration.code == "WS"
    again = seeded.test_client().get(link)
    assert again.status_code == 404 and "This link does not work" in again.get_data(as_text=True)
    assert seeded.test_client().post(link, data={"password": "another long password", "confirm":
                                                 "another long password"}).status_code == 404


def test_an_invitation_to_an_address_with_an_account_says_so(seeded, staff_client):
    make_user("pm@rocb-ap.org", "staff")
    response = staff_client.post("/users/invite", data={"email": "PM@rocb-ap.org", "role": "staff",
                                                        "administration": ""})
    assert response.status_code == 400
    assert "pm@rocb-ap.org already has an account" in response.get_data(as_text=True)


def test_a_focal_point_needs_an_administration_and_staff_cannot_invite_an_admin(seeded, staff_client):
    page = staff_client.post("/users/invite", data={"email": "x@customs.go.th", "role": "focal_point",
                                                    "administration": ""}).get_data(as_text=True)
    assert "bound to one administration" in page and 'value="x@customs.go.th"' in page
    page = staff_client.post("/users/invite", data={"email": "boss@rocb-ap.org", "role": "admin",
                                                    "administration": ""}).get_data(as_text=True)
    assert "Only an admin can invite another admin" in page
    assert db.session.execute(select(User).where(User.email.in_(["x@customs.go.th", "boss@rocb-ap.org"]))
                              ).first() is None


def test_sending_the_invitation_again_stops_the_first_link(seeded, staff_client, smtp_server):
    staff_client.post("/users/invite", data={"email": "fp@customs.go.th", "role": "focal_point",
                                             "administration": "TH"})
    run_burst(seeded)
    first = _link(smtp_server.messages[-1], "/invitation")
    user = _user("fp@customs.go.th")
    assert staff_client.post(f"/users/{user.id}/invite-again").status_code == 302
    run_burst(seeded)
    second = _link(smtp_server.messages[-1], "/invitation")
    assert first != second
    assert seeded.test_client().get(first).status_code == 404
    assert seeded.test_client().get(second).status_code == 200


def test_password_reset_end_to_end(seeded, client, smtp_server):
    make_user("pm@rocb-ap.org", "staff")
    login(client, "pm@rocb-ap.org")
    old_session = client.get_cookie("session").value
    other = seeded.test_client()
    answer = other.post("/password/forgot", data={"email": "pm@rocb-ap.org"})
    assert answer.status_code == 200 and "If an account exists" in answer.get_data(as_text=True)
    run_burst(seeded)
    mail, = smtp_server.to("pm@rocb-ap.org")
    link = _link(mail, "/password/reset")
    assert other.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    assert other.post("/login", data={"email": "pm@rocb-ap.org", "password": PASSWORD}).status_code == 400
    login(other, "pm@rocb-ap.org", NEW_PASSWORD)
    again = seeded.test_client().get(link)
    assert again.status_code == 404 and "This link does not work" in again.get_data(as_text=True)
    # A session from before the reset has ended (the reset is how one recovers a stolen account).
    thief = seeded.test_client()
    thief.set_cookie("session", old_session)
    assert thief.get("/users/").status_code == 302


def test_forgot_password_answers_the_same_for_an_unknown_address_and_sends_nothing(seeded, client, smtp_server):
    make_user("pm@rocb-ap.org", "staff")
    known = client.post("/password/forgot", data={"email": "pm@rocb-ap.org"}).get_data(as_text=True)
    unknown = client.post("/password/forgot", data={"email": "nobody@rocb-ap.org"}).get_data(as_text=True)
    assert known.replace("pm@rocb-ap.org", "X") == unknown.replace("nobody@rocb-ap.org", "X")
    run_burst(seeded)
    assert [m["To"] for m in smtp_server.messages] == ["pm@rocb-ap.org"]


def test_a_reset_link_expires_after_an_hour_and_a_newer_one_replaces_it(seeded, client, smtp_server):
    make_user("pm@rocb-ap.org", "staff")
    client.post("/password/forgot", data={"email": "pm@rocb-ap.org"})
    client.post("/password/forgot", data={"email": "pm@rocb-ap.org"})
    run_burst(seeded)
    older, newer = (_link(m, "/password/reset") for m in smtp_server.messages)
    assert client.get(older).status_code == 404
    assert client.get(newer).status_code == 200
    row = db.session.execute(select(AccountToken).where(AccountToken.revoked_at.is_(None))).scalar_one()
    assert row.expires_at - row.created_at == timedelta(hours=1)
    db.session.execute(update(AccountToken).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    db.session.commit()
    assert client.get(newer).status_code == 404


def test_a_forged_or_garbled_token_gets_the_same_clear_page(seeded, client):
    for token in ("nonsense", "WzEsICJ4Il0.abc.def", "x" * 3000):
        response = client.get(f"/password/reset/{token}")
        assert response.status_code == 404 and "This link does not work" in response.get_data(as_text=True)
    # an address with a NUL byte names no record at all: the plain 404 page (rocb/web.py), never a 500
    assert client.get("/password/reset/" + "%00" * 5).status_code == 404


def test_password_rules_are_told_at_the_field(seeded, staff_client, smtp_server):
    staff_client.post("/users/invite", data={"email": "fp@customs.go.th", "role": "focal_point",
                                             "administration": "TH"})
    run_burst(seeded)
    link = _link(smtp_server.messages[-1], "/invitation")
    for password, message in (("short-pw", "at least 12 characters"), ("Password1234", "too common"),
                              ("qwertyuiop123", "too common")):
        response = staff_client.post(link, data={"password": password, "confirm": password})
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    mismatch = staff_client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})
    assert "The two passwords differ" in mismatch.get_data(as_text=True)
    assert _user("fp@customs.go.th").invited


def test_forgot_password_is_throttled_per_address_and_per_client(seeded, client):
    make_user("pm@rocb-ap.org", "staff")
    statuses = [client.post("/password/forgot", data={"email": "pm@rocb-ap.org"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    elsewhere = seeded.test_client()
    assert elsewhere.post("/password/forgot", data={"email": "pm@rocb-ap.org"},
                          environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code == 429
    many = [client.post("/password/forgot", data={"email": f"x{i}@rocb-ap.org"}).status_code for i in range(12)]
    assert many[-1] == 429


def test_invitation_sends_are_throttled_per_address(seeded, staff_client):
    staff_client.post("/users/invite", data={"email": "fp@customs.go.th", "role": "focal_point",
                                             "administration": "TH"})
    user_id = _user("fp@customs.go.th").id
    statuses = [staff_client.post(f"/users/{user_id}/invite-again", follow_redirects=True).get_data(as_text=True)
                for _ in range(3)]
    assert "Too many invitations" not in statuses[0] and "Too many invitations" in statuses[-1]


def test_links_are_dated_in_the_zone_of_the_recipient(seeded, client, smtp_server):
    """A focal point reads the deadline in their administration's zone, unless they chose a zone of their own;
    staff (bound to no administration) in UTC."""
    make_user("fp@customs.gov.fj", "focal_point", "FJ")
    make_user("fp@customs.go.th", "focal_point", "TH").display_zone = "Asia/Kathmandu"
    make_user("pm@rocb-ap.org", "staff")
    db.session.commit()
    for email in ("fp@customs.gov.fj", "fp@customs.go.th", "pm@rocb-ap.org"):
        client.post("/password/forgot", data={"email": email})
    run_burst(seeded)
    zones = {m["To"]: re.search(r"until .*\((\S+),", m.get_body(("plain",)).get_content()).group(1)
             for m in smtp_server.messages}
    assert zones == {"fp@customs.gov.fj": "Pacific/Fiji", "fp@customs.go.th": "Asia/Kathmandu",
                     "pm@rocb-ap.org": "UTC"}


def test_an_invitation_link_works_for_seven_days_then_gets_the_clear_page(seeded, staff_client, smtp_server):
    staff_client.post("/users/invite", data={"email": "fp@customs.gov.fj", "role": "focal_point",
                                             "administration": "FJ"})
    run_burst(seeded)
    link = _link(smtp_server.messages[-1], "/invitation")
    row = db.session.execute(select(AccountToken)).scalar_one()
    assert row.expires_at - row.created_at == timedelta(days=7)

    def sent_ago(age):  # as if the invitation had been sent that long ago
        db.session.execute(update(AccountToken).values(created_at=datetime.now(UTC) - age,
                                                       expires_at=datetime.now(UTC) - age + timedelta(days=7)))
        db.session.commit()

    sent_ago(timedelta(days=7) - timedelta(minutes=5))
    assert seeded.test_client().get(link).status_code == 200
    sent_ago(timedelta(days=7, minutes=1))
    invitee = seeded.test_client()
    for response in (invitee.get(link), invitee.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})):
        page = " ".join(response.get_data(as_text=True).split())
        assert response.status_code == 404 and "This link does not work" in page
        assert "ask ROCB staff to send your invitation again" in page
    assert _user("fp@customs.gov.fj").invited


def test_invitation_sends_are_throttled_per_client(seeded, staff_client):
    limit = int(seeded.config["LIMIT_INVITE_PER_CLIENT"].split()[0])
    for i in range(limit):
        response = staff_client.post("/users/invite", data={"email": f"fp{i}@customs.go.th", "role": "focal_point",
                                                            "administration": "TH"})
        assert response.status_code == 302, response.get_data(as_text=True)
    refused = staff_client.post("/users/invite", data={"email": "one-more@customs.go.th", "role": "focal_point",
                                                       "administration": "TH"})
    assert refused.status_code == 400 and "Too many invitations" in refused.get_data(as_text=True)
    assert 'value="one-more@customs.go.th"' in refused.get_data(as_text=True)  # what was typed stays
    assert db.session.execute(select(User).where(User.email == "one-more@customs.go.th")).first() is None
    elsewhere = staff_client.post("/users/invite", data={"email": "one-more@customs.go.th", "role": "focal_point",
                                                         "administration": "TH"},
                                  environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert elsewhere.status_code == 302  # the limit counts what one client sends, not what staff may do


def test_a_link_submitted_twice_at_once_sets_one_password(seeded, staff_client, smtp_server):
    from rocb.auth import accounts
    from rocb.auth.models import INVITATION

    staff_client.post("/users/invite", data={"email": "fp@customs.go.th", "role": "focal_point",
                                             "administration": "TH"})
    run_burst(seeded)
    link = _link(smtp_server.messages[-1], "/invitation")
    second = accounts.find_token(link.rsplit("/", 1)[1], INVITATION)  # a second request has read the link as open
    assert second is not None
    first = seeded.test_client().post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert first.status_code == 302
    with pytest.raises(accounts.LinkNotValid):  # ... and is refused when it writes, after the first one
        accounts.accept_invitation(second, "someone else's password 2021")
    db.session.rollback()
    assert _user("fp@customs.go.th").check_password(NEW_PASSWORD)


def test_changing_the_display_zone_from_the_header_is_audited(seeded, staff_client):
    response = staff_client.post("/display-zone", data={"zone": "Pacific/Fiji"})
    assert response.status_code == 302
    staff = _user("staff@rocb-ap.org")
    assert staff.display_zone == "Pacific/Fiji"
    page = staff_client.get(f"/users/{staff.id}").get_data(as_text=True)
    history = page.split('data-testid="audit-log"', 1)[1]
    assert "display_zone" in history and "Pacific/Fiji" in history
