"""With CSRF on (as in production), a form posted without its token changes nothing."""

from sqlalchemy import func, select

from rocb.extensions import db
from rocb.registry.models import Fund
from tests.conftest import PASSWORD, make_user


def test_form_without_csrf_token_is_refused_and_changes_nothing(seeded, client):
    make_user("pm@rocb-ap.org", "staff")
    seeded.config["WTF_CSRF_ENABLED"] = True
    try:
        refused_login = client.post("/login", data={"email": "pm@rocb-ap.org", "password": PASSWORD})
        assert refused_login.status_code == 400
        assert "security token" in refused_login.get_data(as_text=True)
        before = db.session.execute(select(func.count(Fund.id))).scalar_one()
        seeded.config["WTF_CSRF_ENABLED"] = False
        client.post("/login", data={"email": "pm@rocb-ap.org", "password": PASSWORD})
        seeded.config["WTF_CSRF_ENABLED"] = True
        response = client.post("/funds/new", data={"code": "CCF/Test", "name": "Test fund"})
        assert response.status_code == 400
        assert db.session.execute(select(func.count(Fund.id))).scalar_one() == before
    finally:
        seeded.config["WTF_CSRF_ENABLED"] = False
