"""The slot finder page and API: results checked against zoneinfo, constraints, weights, series, bad input."""

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from rocb.extensions import db
from rocb.registry.models import Administration
from rocb.scheduling.zones import parse_working_days, seconds_of
from tests.scheduling.helpers import DATA_ANALYTICS_INVITED, local

# 21 administrations, as many as attended the Data Analytics workshop: its six invited ones and fifteen more,
# from Kabul (UTC+4:30) and Tehran (UTC+3:30) to Nuku'alofa (UTC+13).
TWENTY_ONE = DATA_ANALYTICS_INVITED + ["IR", "AF", "NP", "IN", "MM", "BD", "TH", "MY", "PH", "SG", "BN", "FJ", "NZ",
                                       "WS", "TO"]
SEARCH = (f"from=2021-03-29&to=2021-04-09&duration=120&admins={','.join(TWENTY_ONE)}&zones=Europe/Brussels")


def expected_class(local_start: datetime, local_end: datetime, days, work_start, work_end) -> str:
    """The class worked out by hand from the administration's row (not by the planner's code)."""
    start = seconds_of(local_start.time())
    end = (local_end.date() - local_start.date()).days * 86400 + seconds_of(local_end.time())
    if local_start.weekday() not in days:
        return "non-working day"
    if work_start <= start and end <= work_end:
        return "working"
    if work_start - 7200 <= start and end <= work_end + 7200:
        return "edge"
    return "outside"


def test_21_administrations_plus_brussels_every_local_time_checks_out(client, seeded):
    response = client.get("/api/v1/planner?" + SEARCH)
    assert response.status_code == 200
    data = response.get_json()
    rows = {a.code: a for a in db.session.execute(select(Administration)).scalars()}
    assert len(data["results"]) == 10
    assert [p["key"] for p in data["places"]] == TWENTY_ONE + ["Europe/Brussels"]
    weights = [r["working_weight"] for r in data["results"]]
    assert weights == sorted(weights, reverse=True)
    for result in data["results"]:
        start_utc, end_utc = (datetime.fromisoformat(result[k]) for k in ("start_utc", "end_utc"))
        assert end_utc - start_utc == timedelta(minutes=120)
        assert len(result["places"]) == 22
        for cell in result["places"]:
            zone = cell["zone"]
            shown_start, shown_end = (datetime.fromisoformat(cell[k]) for k in ("local_start", "local_end"))
            truth_start, truth_end = local(start_utc, zone), local(end_utc, zone)
            assert (shown_start, shown_end) == (start_utc, end_utc)  # the same instants
            assert shown_start.replace(tzinfo=None) == truth_start.replace(tzinfo=None)  # zoneinfo's wall clock
            assert shown_start.utcoffset() == truth_start.utcoffset()
            assert cell["weekday"] == f"{truth_start:%A}"
            if zone == "Europe/Brussels":
                days, hours = frozenset(range(5)), (9 * 3600, 17 * 3600)
            else:
                admin = rows[cell["place"]]
                assert admin.timezone == zone
                days, hours = parse_working_days(admin.working_days), (seconds_of(admin.work_start),
                                                                       seconds_of(admin.work_end))
            assert cell["class"] == expected_class(truth_start, truth_end, days, *hours), cell
        assert result["working_count"] == sum(c["class"] == "working" for c in result["places"])


def test_page_shows_the_ten_results_with_every_place_and_its_zone(client, seeded):
    response = client.get("/planner?" + SEARCH + "&reference=Asia/Bangkok")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(re.findall(r'data-result="\d+"', page)) == 10
    for code in TWENTY_ONE:
        row = re.search(rf'<tr data-row="{code}">(.*?)</tr>', page, re.S).group(1)
        assert len(re.findall(r'<td class="fit-', row)) == 10
    assert "Asia/Tehran" in page and "Pacific/Tongatapu" in page and "Europe/Brussels" in page
    assert 'data-testid="reference-zone">Asia/Bangkok<' in page
    assert "Set as session" not in page  # only from a workshop, for staff


def test_hard_constraint_keeps_every_result_inside_the_window(client, seeded):
    data = client.get("/api/v1/planner?" + SEARCH + "&require=Europe/Brussels@08:00-18:00").get_json()
    assert data["query"]["require"] == [{"zone": "Europe/Brussels", "start": "08:00", "end": "18:00"}]
    for result in data["results"]:
        brussels = next(c for c in result["places"] if c["zone"] == "Europe/Brussels")
        start, end = (datetime.fromisoformat(brussels[k]) for k in ("local_start", "local_end"))
        assert start.date() == end.date() and f"{start:%H:%M}" >= "08:00" and f"{end:%H:%M}" <= "18:00"


def test_two_constraints_are_both_kept(client, seeded):
    data = client.get("/api/v1/planner?from=2021-03-29&to=2021-04-02&duration=60&admins=TH,JP"
                      "&require=Europe/Brussels@08:00-18:00&require=Asia/Tokyo@15:00-18:00").get_json()
    for result in data["results"]:
        tokyo = local(datetime.fromisoformat(result["start_utc"]), "Asia/Tokyo")
        brussels = local(datetime.fromisoformat(result["start_utc"]), "Europe/Brussels")
        assert tokyo.hour >= 15 and brussels.hour >= 8


def test_weights_count_in_the_ranking(client, seeded):
    data = client.get("/api/v1/planner?from=2021-03-29&to=2021-04-02&duration=120&admins=TH,WS,IR"
                      "&weights=WS:5").get_json()
    weight = {p["key"]: p["weight"] for p in data["places"]}
    assert weight == {"TH": 1, "WS": 5, "IR": 1}
    for result in data["results"]:
        assert result["working_weight"] == sum(weight[c["place"]] for c in result["places"] if c["class"] == "working")
    best = data["results"][0]["places"]
    assert next(c for c in best if c["place"] == "WS")["class"] == "working"  # Samoa outweighs the other two


def test_series_spreads_sessions_over_distinct_days(client, seeded):
    data = client.get("/api/v1/planner?" + SEARCH + "&series=3&reference=Asia/Bangkok").get_json()
    starts = [datetime.fromisoformat(r["start_utc"]) for r in data["results"]]
    assert len(starts) == 3 and starts == sorted(starts)
    assert len({local(s, "Asia/Bangkok").date() for s in starts}) == 3


def test_all_stands_for_every_member(client, seeded):
    data = client.get("/api/v1/planner?from=2021-03-29&to=2021-03-31&duration=60&admins=ALL").get_json()
    assert len(data["places"]) == db.session.execute(select(db.func.count(Administration.id))).scalar() == 35


BAD = [
    ("from=2021-03-29&to=2021-04-02&duration=60&admins=TH,XX", "admins", "Unknown administration code: XX"),
    ("from=2021-03-29&to=2021-04-02&duration=60&admins=TH&zones=Europe/Bruxelles", "zones", "Unknown time zone"),
    ("from=2021-03-29&to=2021-03-28&duration=60&admins=TH", "to", "before the first"),
    ("from=2021-03-01&to=2021-04-01&duration=60&admins=TH", "to", "at most 31 days"),
    ("from=2021-03-29&to=2021-04-02&duration=0&admins=TH", "duration", "from 1 to 720 minutes"),
    ("from=2021-03-29&to=2021-04-02&duration=721&admins=TH", "duration", "from 1 to 720 minutes"),
    ("from=2021-03-29&to=2021-04-02&duration=two&admins=TH", "duration", "not a whole number of minutes"),
    ("from=29/03/2021&to=2021-04-02&duration=60&admins=TH", "from", "YYYY-MM-DD"),
    ("from=2021-03-29&to=2021-04-02&duration=60", "admins", "at least one administration or time zone"),
    ("from=2021-03-29&to=2021-04-02&duration=120&admins=TH&require=Europe/Brussels@08:00-09:00", "require",
     "shorter than the 120-minute session"),
    ("from=2021-03-29&to=2021-04-02&duration=60&admins=TH&require=Europe/Brussels@08:00-09:00"
     "&require=Asia/Tokyo@08:00-09:00", "require", "No start time in the range satisfies"),
    ("from=2021-03-29&to=2021-04-02&duration=60&admins=TH&require=Brussels 8-18", "require", "cannot read constraint"),
    ("from=2021-03-29&to=2021-04-02&duration=60&admins=TH&series=6", "series", "1 to 5 sessions"),
    ("from=2021-03-29&to=2021-03-30&duration=60&admins=TH&series=3", "series", "a series of 3 needs 3"),
    ("from=2021-03-29&to=2021-04-02&duration=60&admins=TH&weights=TH=3", "weights", "write CODE:NUMBER"),
    ("from=2021-03-29&to=2021-04-02&duration=60&admins=TH&weights=JP:3", "weights", "not among the chosen"),
]


@pytest.mark.parametrize(("query", "field", "message"), BAD)
def test_bad_input_is_a_400_json_error(client, seeded, query, field, message):
    response = client.get("/api/v1/planner?" + query)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error.startswith(field + ": ") and message.lower() in error.lower()


@pytest.mark.parametrize(("query", "field", "message"), BAD)
def test_bad_input_redisplays_the_form_with_the_error_next_to_the_field(client, seeded, query, field, message):
    response = client.get("/planner?" + query)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    control = re.search(rf'<(?:input|textarea)[^>]*name="{field}"[^>]*>', page)
    assert control and "is-invalid" in control.group(0)
    after = page[control.end():control.end() + 800]
    assert "invalid-feedback" in after and message.lower() in after.lower()
    assert 'name="admins"' in page and ('value="TH' in page or "admins=" not in query)  # what was typed stays
    assert 'data-testid="planner-results"' not in page


def test_preferred_windows_replace_working_hours(client, seeded, monkeypatch):
    import sys
    import types
    from datetime import time

    asked = {}

    def preferred_windows(cycle_year, codes):
        asked.update(year=cycle_year, codes=list(codes))
        return {"WS": (time(6), time(8))}  # Samoa prefers early mornings

    fake = types.SimpleNamespace(preferred_windows=preferred_windows)
    monkeypatch.setitem(sys.modules, "rocb.surveys.services", fake)
    data = client.get("/api/v1/planner?from=2021-03-29&to=2021-04-02&duration=60&admins=TH,WS&preferred=1"
                      "&weights=WS:2").get_json()
    assert asked == {"year": 2021, "codes": ["TH", "WS"]}
    hours = {p["key"]: p["working_hours"] for p in data["places"]}
    assert hours == {"TH": "09:00-17:00", "WS": "06:00-08:00"}
    samoa = next(c for c in data["results"][0]["places"] if c["place"] == "WS")
    assert samoa["class"] == "working" and datetime.fromisoformat(samoa["local_start"]).hour in (6, 7)
    assert "Preferred online windows used for WS" in data["notes"][0]


def test_preferred_windows_without_the_survey_package_fall_back_to_working_hours(client, seeded, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "rocb.surveys.services", None)  # import fails
    data = client.get("/api/v1/planner?from=2021-03-29&to=2021-04-02&duration=60&admins=WS&preferred=1").get_json()
    assert data["places"][0]["working_hours"] == "09:00-17:00"
    assert "working hours were used" in data["notes"][0]


def test_empty_planner_page_offers_the_form_in_the_viewers_zone(client, seeded):
    client.set_cookie("display_zone", "Asia/Kathmandu")
    response = client.get("/planner")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="reference"' in page and 'value="Asia/Kathmandu"' in page
    assert 'data-testid="planner-results"' not in page and "is-invalid" not in page


def test_planner_is_in_the_navigation(client, seeded):
    assert 'href="/planner"' in client.get("/").get_data(as_text=True)


def test_dates_default_to_the_next_two_weeks(client, seeded):
    page = client.get("/planner").get_data(as_text=True)  # no display zone chosen: UTC
    first = date.fromisoformat(re.search(r'name="from"[^>]*value="([\d-]+)"', page).group(1))
    last = date.fromisoformat(re.search(r'name="to"[^>]*value="([\d-]+)"', page).group(1))
    assert abs((first - datetime.now(UTC).date()).days) <= 1 and last - first == timedelta(days=13)
