"""Every route declares who may use it; a route without a policy is refused."""

from flask import Blueprint

from rocb import access, create_app


def test_every_route_declares_an_access_policy(app):
    missing = [
        f"{rule.rule} -> {rule.endpoint}"
        for rule in app.url_map.iter_rules()
        if access.policy_of(app.view_functions[rule.endpoint]) not in access.POLICIES
    ]
    assert missing == []


def test_a_route_without_policy_is_refused():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    bp = Blueprint("undeclared", __name__)

    @bp.get("/undeclared")
    def undeclared():
        return "secret"

    app.register_blueprint(bp)
    assert app.test_client().get("/undeclared").status_code == 403


def test_staff_pages_send_anonymous_visitors_to_login(seeded, client):
    response = client.get("/entities/new")
    assert response.status_code == 302
    assert "/login?next=/entities/new" in response.headers["Location"]


def test_focal_point_cannot_use_staff_pages(focal_point_client):
    assert focal_point_client.get("/administrations/new").status_code == 403


def test_security_headers_are_set(client):
    response = client.get("/healthz")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
