"""The API's contract: generated from the code, covering every /api/v1 route, rendered as a page, and held to
by the app. Schemathesis generates requests from the document for every operation and sends them to the app in
process (WSGI): no answer may be a server error, and every answer must match what the document says (status,
content type, body schema)."""

import random
from importlib import import_module

import pytest
import schemathesis
from apispec_webframeworks.flask import FlaskPlugin
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi import checks as openapi_checks

from rocb.cli import DEMO_GENERATORS, run_seed
from rocb.extensions import db
from tests.conftest import login, make_user


def test_every_api_route_is_in_the_contract(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    documented = {(path, method.upper()) for path, ops in document["paths"].items() for method in ops}
    for rule in client.application.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = FlaskPlugin.flaskpath2openapi(rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (path, method) in documented, f"{method} {rule.rule} is not in the contract"
    for path, ops in document["paths"].items():
        for method, op in ops.items():
            assert op["summary"], (path, method)
            assert "200" in op["responses"] and "500" in op["responses"], (path, method)
            for name in (part[1:-1] for part in path.split("/") if part.startswith("{")):
                assert any(p["name"] == name and p["in"] == "path" for p in op.get("parameters", [])), (path, name)


def test_contract_page_lists_operations_and_schemas(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "<code>/api/v1/planner</code>" in html and "Europe/Brussels@08:00-18:00" in html
    assert 'id="schema-Workshop"' in html and "login required" in html


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/workshops/abc", "/api/v1/workshops/999999"])
def test_api_errors_are_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.is_json and response.get_json()["error"]


def test_wrong_method_and_bad_input_are_json(client, seeded):
    response = client.post("/api/v1/workshops")
    assert response.status_code == 405 and response.get_json()["error"]
    response = client.get("/api/v1/planner?from=2021-03-01&to=yesterday&admins=TH")
    assert response.status_code == 400 and "YYYY-MM-DD" in response.get_json()["error"]


@pytest.mark.parametrize("query", [
    "/api/v1/analytics/needs-vs-delivery?cycle=\u00b2",
    "/api/v1/analytics/needs-vs-delivery?cycle=99999999999999999999999",
    "/api/v1/planner?from=2021-01-01&to=2021-01-02&admins=TH&duration=60&weights=TH:\u00b2",
    "/api/v1/planner?from=2021-01-01&to=2021-01-02&admins=TH&duration=60&workshop=99999999999999999999999",
    "/api/v1/planner?from=9999-12-30&to=9999-12-31&admins=TH&duration=60&reference=Pacific/Apia",
    "/api/v1/planner?from=2021-01-01&to=2021-01-02&admins=TH",  # no duration
])
def test_odd_numbers_and_dates_are_400_with_a_message(seeded, client, query):
    response = client.get(query)
    assert response.status_code == 400 and response.is_json and response.get_json()["error"]


def test_ids_past_32_bits_are_404(seeded, client):
    for path in ("/api/v1/workshops/99999999999999999999", "/api/v1/workshops/2147483648/schedule",
                 "/api/v1/surveys/99999999999999999999/needs"):
        response = client.get(path)
        assert response.status_code == 404 and response.is_json, path


def test_staff_only_operation_answers_json_401_then_403(client, seeded):
    assert client.get("/api/v1/surveys/2021/needs").status_code == 401
    make_user("focal@customs.go.th", "focal_point", "TH")
    login(client, "focal@customs.go.th")
    response = client.get("/api/v1/surveys/2021/needs")
    assert response.status_code == 403 and response.get_json()["error"]


def test_server_error_under_api_is_json(seeded, client, monkeypatch):
    import rocb.registry.api as registry_api

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(registry_api, "administration_json", broken)
    seeded.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.get("/api/v1/administrations")
    finally:
        seeded.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500 and response.is_json and response.get_json()["error"]


# --- Schemathesis over every operation --------------------------------------------------------------------


@pytest.fixture
def api_schema(app):
    """The demo data of one year (workshops, sessions, survey cycles), and a staff login for the staff route."""
    run_seed()
    rng = random.Random(2021)
    for name in DEMO_GENERATORS:
        import_module(name).generate(1, rng)
        db.session.commit()
    make_user("staff@rocb-ap.org", "staff")
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


# A request that matches the schema may still be refused with a 400 when two fields disagree (to before from, a
# range past 31 days, a zone name that is not an IANA zone): the document cannot say that in JSON Schema, so the
# check that schema-valid input is always accepted is left out. Every other built-in check runs.
EXCLUDED = [openapi_checks.positive_data_acceptance]
EXAMPLES = 40  # per operation and per generation mode (valid and invalid input)


@pytest.fixture
def staff_cookie(api_schema, client):
    login(client, "staff@rocb-ap.org")
    return {"Cookie": f"session={client.get_cookie('session').value}"}


def _checker(strategy, headers):
    @given(case=strategy)
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
              database=None)
    def check(case):
        case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)

    return check


def test_api_holds_to_its_contract(api_schema, staff_cookie):
    """Schemathesis's pytest loader does not run on this pytest, so each operation's strategy is driven here."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 9
    failures = []
    for operation in operations:
        headers = staff_cookie if operation.definition.raw.get("security") else None
        modes = [GenerationMode.POSITIVE] + ([GenerationMode.NEGATIVE] if operation.definition.raw.get(
            "parameters") else [])  # without parameters there is nothing to get wrong
        for mode in modes:
            try:
                _checker(operation.as_strategy(generation_mode=mode), headers)()
            except (Exception, BaseExceptionGroup) as error:  # every operation is tried; all failures reported
                failures.append(f"{operation.label} ({mode.value}): {error}")
    assert not failures, "\n\n".join(failures)
