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
