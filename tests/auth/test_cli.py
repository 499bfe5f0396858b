from sqlalchemy import select

from rocb.auth.models import User
from rocb.extensions import db


def test_create_user_binds_a_focal_point_to_its_administration(seeded):
    runner = seeded.test_cli_runner()
    result = runner.invoke(args=["create-user", "fp@customs.gov.ws", "--role", "focal_point",
                                 "--administration", "WS", "--password", "samoa-2021-pw"])
    assert result.exit_code == 0, result.output
    user = db.session.execute(select(User).filter_by(email="fp@customs.gov.ws")).scalar_one()
    assert user.administration.code == "WS" and user.check_password("samoa-2021-pw")


def test_create_user_prompts_for_the_password(seeded):
    result = seeded.test_cli_runner().invoke(args=["create-user", "pm@rocb-ap.org", "--role", "staff"],
                                             input="long-enough-pw\nlong-enough-pw\n")
    assert result.exit_code == 0, result.output
    assert db.session.execute(select(User).filter_by(email="pm@rocb-ap.org")).scalar_one().role == "staff"


def test_focal_point_without_administration_is_refused(seeded):
    result = seeded.test_cli_runner().invoke(args=["create-user", "x@y.z", "--role", "focal_point",
                                                   "--password", "long-enough-pw"])
    assert result.exit_code != 0 and "bound to one administration" in result.output


def test_first_admin_password_is_printed_once_and_logs_in(seeded, client):
    runner = seeded.test_cli_runner()
    first = runner.invoke(args=["first-admin"])
    assert "password:" in first.output
    email = first.output.split("e-mail:")[1].split()[0]
    password = first.output.split("password:")[1].split()[0]
    admin = db.session.execute(select(User).filter_by(role="admin")).scalar_one()
    assert admin.check_password(password)
    # The newcomer types exactly what was printed into the login form.
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302
    assert runner.invoke(args=["first-admin"]).output == ""


def test_an_address_the_login_form_would_refuse_is_refused(seeded):
    result = seeded.test_cli_runner().invoke(args=["create-user", "pm@rocb.local", "--role", "staff",
                                                   "--password", "long-enough-pw"])
    assert result.exit_code != 0 and "login form accepts" in result.output
    assert db.session.execute(select(User).filter_by(email="pm@rocb.local")).scalar_one_or_none() is None


def test_first_admin_takes_the_address_and_tells_how_to_recover(seeded):
    runner = seeded.test_cli_runner()
    result = runner.invoke(args=["first-admin", "--email", "Head.ICT@rocb-ap.org"])
    assert result.exit_code == 0, result.output
    assert "e-mail:   head.ict@rocb-ap.org" in result.output
    assert "flask set-password head.ict@rocb-ap.org" in result.output
    admin = db.session.execute(select(User).filter_by(role="admin")).scalar_one()
    assert admin.email == "head.ict@rocb-ap.org"
    again = runner.invoke(args=["first-admin", "--email", "other@rocb-ap.org"])
    assert again.exit_code == 0 and "already has an admin" in again.output
    assert db.session.execute(select(User).filter_by(email="other@rocb-ap.org")).first() is None


def test_first_admin_refuses_an_address_the_login_form_would_refuse(seeded):
    result = seeded.test_cli_runner().invoke(args=["first-admin", "--email", "admin@rocb.local"])
    assert result.exit_code != 0 and "login form accepts" in result.output
    assert db.session.execute(select(User)).first() is None


def test_set_password_lets_the_first_admin_back_in_and_ends_their_sessions(seeded, client):
    from tests.conftest import login

    runner = seeded.test_cli_runner()
    first = runner.invoke(args=["first-admin"])
    printed = first.output.split("password:")[1].split()[0]
    login(client, "admin@rocb-ap.org", printed)  # a session from before (on a laptop left behind, say)
    assert client.get("/users/").status_code == 200
    # The printed password is lost; no mail server, so no reset link can reach them.
    result = runner.invoke(args=["set-password", "Admin@rocb-ap.org"],
                           input="short\nshort\nmangrove tide at Apia 2021\nmangrove tide at Apia 2021\n")
    assert result.exit_code == 0, result.output
    assert "at least 12 characters" in result.output  # the rules, then asked again
    assert client.get("/users/").status_code == 302  # that session has ended
    fresh = seeded.test_client()
    assert fresh.post("/login", data={"email": "admin@rocb-ap.org", "password": printed}).status_code == 400
    login(fresh, "admin@rocb-ap.org", "mangrove tide at Apia 2021")
    admin = db.session.execute(select(User).filter_by(role="admin")).scalar_one()
    history = fresh.get(f"/users/{admin.id}").get_data(as_text=True).split('data-testid="audit-log"', 1)[1]
    assert "set password from the command line" in history


def test_set_password_asks_twice_and_refuses_an_unknown_address(seeded):
    from tests.conftest import make_user

    user = make_user("pm@rocb-ap.org", "staff")
    runner = seeded.test_cli_runner()
    mismatch = runner.invoke(args=["set-password", "pm@rocb-ap.org"],
                             input="mangrove tide at Apia 2021\nmangrove tide at Apia 2022\n")
    assert mismatch.exit_code != 0 and "do not match" in mismatch.output
    db.session.refresh(user)
    assert not user.check_password("mangrove tide at Apia 2021")
    unknown = runner.invoke(args=["set-password", "nobody@rocb-ap.org"], input="x\n")
    assert unknown.exit_code != 0 and "No account has the address nobody@rocb-ap.org" in unknown.output
