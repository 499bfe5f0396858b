"""Numbers and dates read from an address: a digit int() refuses ("²"), an integer past 64 bits, "year 0", a
non-ASCII digit. Each is refused (400) or ignored, an impossible id is a 404: never a 500."""

from datetime import UTC, date, datetime, timedelta

import pytest

from rocb import params
from tests.factories import make_workshop

HUGE = "9" * 25  # past 64 bits
HOSTILE = ["²", HUGE, "0", "-1", "٣", "1e3", " 7 ", "0x10"]


def test_whole_number_reads_ascii_digits_within_bounds():
    assert params.whole_number("42") == 42 and params.whole_number(" 42 ") == 42
    assert [params.whole_number(t, 1) for t in ("²", "٣", HUGE, "0", "-1", "1e3", "", None)] == [None] * 8
    assert params.whole_number(str(params.DB_INT_MAX)) == params.DB_INT_MAX
    assert params.whole_number(str(params.DB_INT_MAX + 1)) is None


def test_iso_day_reads_dates_within_the_documented_range():
    assert params.iso_day("2021-03-29") == date(2021, 3, 29)
    assert [params.iso_day(t) for t in ("0000-01-01", "9999-12-31", "1949-12-31", "2021-02-30", "2021-3-29",
                                       "２０２１-03-29", "")] == [None] * 7


@pytest.mark.parametrize("value", HOSTILE)
def test_workshop_list_year(seeded, client, value):
    assert client.get(f"/workshops/?year={value}").status_code == 200


def test_workshop_list_year_still_filters(seeded, client):
    make_workshop("Held in 2021", sessions=[date(2021, 3, 29)])
    make_workshop("Held in 2019", sessions=[date(2019, 3, 29)])
    html = client.get("/workshops/?year=2021").get_data(as_text=True)
    assert "Held in 2021" in html and "Held in 2019" not in html


@pytest.mark.parametrize("value", HOSTILE)
def test_planner_weights(seeded, client, value):
    args = f"from=2030-03-01&to=2030-03-02&duration=60&admins=TH&weights=TH:{value}"
    page = client.get(f"/planner?{args}")
    assert page.status_code in (200, 400)
    if value.strip() not in ("0", "7"):
        assert page.status_code == 400 and "Cannot read weight" in page.get_data(as_text=True)
    api = client.get(f"/api/v1/planner?{args}")
    assert api.status_code in (200, 400)
    if api.status_code == 400:
        assert "weight" in api.get_json()["error"]


@pytest.mark.parametrize("value", ["²", HUGE, "٣", "-1", "abc"])
def test_planner_workshop_that_cannot_exist_is_a_404(seeded, client, value):
    assert client.get(f"/planner?workshop={value}").status_code == 404


def test_planner_workshop_prefills_the_form(seeded, client):
    w = make_workshop("Prefilled", sessions=[date(2030, 3, 4)])
    assert "Prefilled" in client.get(f"/planner?workshop={w.id}").get_data(as_text=True)


@pytest.fixture
def cycle(seeded):
    from tests.surveys.conftest import make_cycle

    now = datetime.now(UTC)
    return make_cycle(2021, opens=now - timedelta(days=40), closes=now - timedelta(days=10))


@pytest.mark.parametrize("value", ["²", HUGE, "0", "٣", "1e3"])
def test_analytics_cycle(cycle, client, value):
    assert client.get(f"/analytics/?cycle={value}").status_code == 400
    assert client.get(f"/analytics/charts/needs-vs-delivery.png?cycle={value}").status_code == 400
    assert client.get(f"/analytics/charts/needs-vs-delivery.csv?cycle={value}").status_code == 400
    response = client.get(f"/api/v1/analytics/needs-vs-delivery?cycle={value}")
    assert response.status_code == 400 and "survey cycle" in response.get_json()["error"]


def test_analytics_known_cycle_still_answers(cycle, client):
    assert client.get("/api/v1/analytics/needs-vs-delivery?cycle=2021").status_code == 200


@pytest.mark.parametrize("path", ["/workshops/{}", "/api/v1/workshops/{}", "/workshops/{}/schedule",
                                  "/workshops/{}.ics", "/entities/{}", "/surveys/{}/"])
@pytest.mark.parametrize("value", [HUGE, str(2**63), str(2**31), "٣", "²"])
def test_an_impossible_id_in_an_address_is_a_404(seeded, client, path, value):
    response = client.get(path.format(value))
    assert response.status_code == 404


def test_a_non_ascii_digit_does_not_reach_a_real_workshop(seeded, client):
    w = make_workshop()
    arabic = "".join(chr(0x0660 + int(d)) for d in str(w.id))
    assert client.get(f"/workshops/{w.id}").status_code == 200
    assert client.get(f"/workshops/{arabic}").status_code == 404


@pytest.mark.parametrize("value", ["²", HUGE, "-1", "x"])
def test_report_period(seeded, client, value):
    assert client.get(f"/reports/activity?from={value}&to=2021-03-31").status_code == 400
    assert client.get("/reports/activity?from=0001-01-01&to=0001-03-31").status_code == 400
    assert client.get(f"/api/v1/workshops?from={value}").status_code == 400
