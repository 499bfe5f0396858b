"""The analytics page: every chart with its data table and downloads, the gap list naming real administrations,
what to plan next with a pre-filled draft workshop, bad filters answered clearly, and who sees what."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import matplotlib.image
import pytest

from rocb.analytics import services
from tests.analytics.records import hand_checked

CHART_NAMES = ("needs-vs-delivery", "heat-map", "trend", "participation", "entity-growth")
PUBLIC_CHARTS = ("needs-vs-delivery", "trend", "participation", "entity-growth")
SVG_TEXT = "{http://www.w3.org/2000/svg}text"
TITLES = {
    "needs-vs-delivery": "Needs vs delivery — 2021 survey, delivery 1 Jul 2021–30 Jun 2022",
    "heat-map": "Needs and reach — 2021 survey, delivery 1 Jul 2021–30 Jun 2022",
    "trend": "Needs and delivery — 2021",
    "participation": "Formal participants and observers per administration — 2021",
    "entity-growth": "Accredited regional entities at year end — 2004–",  # ROCB A/P, from September 2004
}


def section(page: str, name: str) -> str:
    match = re.search(rf'<section[^>]*data-testid="{name}".*?</section>', page, re.S)
    assert match, f"no section {name}"
    return match.group(0)


def csv_rows(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_staff_page_shows_every_chart_with_its_table_and_downloads(staff_client):
    hand_checked()
    response = staff_client.get("/analytics/?cycle=2021")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for name in CHART_NAMES:
        block = section(page, f"chart-{name}")
        later = re.search(r'data-load-from="([^"]+)"', block)
        if later:  # the heat map comes after the page, from the same rendered version
            assert name == "heat-map" and later.group(1) == "/analytics/sections/heat-map?cycle=2021"
            loaded = staff_client.get(later.group(1))
            assert loaded.status_code == 200
            assert loaded.headers["X-Data-Version"] == response.headers["X-Data-Version"]
            block = loaded.get_data(as_text=True)
        assert "<svg" in block and "<?xml" not in block  # inline, without the XML declaration
        assert f'data-testid="table-{name}"' in block and "<table" in block
        for kind in ("png", "svg", "csv"):
            assert f"/analytics/charts/{name}.{kind}?cycle=2021" in block
    assert "css/analytics.css" in page
    # The per-topic table says what was asked and delivered: valuation 3 asking, 1 workshop, 33% coverage.
    needs = section(page, "chart-needs-vs-delivery")
    assert re.search(r"<td>Customs Valuation</td><td>Revenue</td><td>3</td><td>6</td><td>15</td><td>1</td>"
                     r"<td>4</td><td>2</td><td>1</td><td>33%</td><td>3</td>", needs)
    assert "Needs vs delivery — 2021 survey, delivery 1 Jul 2021–30 Jun 2022" in needs


def test_gap_list_names_the_administrations_that_asked_and_were_not_reached(staff_client):
    hand_checked()
    gaps = section(staff_client.get("/analytics/?cycle=2021").get_data(as_text=True), "gap-list")
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>[^<]*</td><td>([^<]*)</td>", gaps)
    assert rows == [("Risk management", "Fiji", "high"), ("Risk management", "Thailand", "medium"),
                    ("Customs Valuation", "Japan", "medium"), ("Customs Valuation", "Fiji", "low")]
    # Thailand was reached on valuation (formal participant); Japan sent only an observer; India's answer is
    # a draft; Malaysia did not ask.
    assert "India" not in gaps and "Malaysia" not in gaps
    csv_body = staff_client.get("/analytics/charts/gaps.csv?cycle=2021").data
    assert [(r["topic_code"], r["administration_code"]) for r in csv_rows(csv_body)] == [
        ("risk-management", "FJ"), ("risk-management", "TH"), ("valuation", "JP"), ("valuation", "FJ")]


def test_plan_next_ranks_topics_with_a_slot_and_a_prefilled_draft_workshop(staff_client):
    hand_checked()
    plan = section(staff_client.get("/analytics/?cycle=2021").get_data(as_text=True), "plan-next")
    ranked = re.findall(r'data-testid="planned-([a-z-]+)"', plan)
    assert ranked == ["risk-management", "valuation"]  # unmet need 5 (Fiji high, Thailand medium), then 3
    first = plan[plan.index('data-testid="planned-risk-management"'):plan.index('data-testid="planned-valuation"')]
    assert "Fiji (FJ), Thailand (TH)" in first
    assert "2 of 2 in working hours" in first
    url = urlsplit(draft_link(first))
    args = parse_qs(url.query)
    assert url.path == "/workshops/new"
    assert args["title"] == ["Regional workshop on Risk management"]
    assert args["topic_codes"] == ["risk-management"] and args["invited_codes"] == ["FJ", "TH"]
    assert args["mode"] == ["online"] and args["minutes"] == ["120"] and args["start_utc"][0].endswith("+00:00")
    assert "Proposed online session" in args["description"][0]


def draft_link(html: str) -> str:
    return re.search(r'href="([^"]+)">Draft workshop', html).group(1).replace("&amp;", "&")


def test_draft_workshop_link_opens_a_prefilled_create_form(staff_client):
    hand_checked()
    plan = section(staff_client.get("/analytics/?cycle=2021").get_data(as_text=True), "plan-next")
    form = staff_client.get(draft_link(plan))
    assert form.status_code == 200
    html = form.get_data(as_text=True)
    assert 'value="Regional workshop on Risk management"' in html
    for value in ("FJ", "TH", "risk-management"):
        assert re.search(rf'<option(?=[^>]*value="{value}")(?=[^>]*selected)', html), value


def test_downloads_are_valid_png_svg_and_csv_files(staff_client):
    hand_checked()
    for name in CHART_NAMES:
        for kind in ("png", "svg", "csv"):
            response = staff_client.get(f"/analytics/charts/{name}.{kind}?cycle=2021")
            assert response.status_code == 200, (name, kind)
            assert f'filename="{name}-2021.{kind}"' in response.headers["Content-Disposition"]
            if kind == "png":
                assert response.mimetype == "image/png"
                pixels = matplotlib.image.imread(io.BytesIO(response.data))
                assert pixels.shape[0] > 100 and pixels.shape[1] > 100
            elif kind == "svg":
                assert response.mimetype == "image/svg+xml"
                texts = ["".join(t.itertext()) for t in ET.fromstring(response.data).iter(SVG_TEXT)]
                assert any(text.startswith(TITLES[name]) for text in texts), (name, texts[:3])
            else:
                assert response.mimetype == "text/csv"
                assert csv_rows(response.data), "a CSV with a header and rows"


def test_csv_holds_the_figures_of_the_chart(staff_client):
    hand_checked()
    rows = csv_rows(staff_client.get("/analytics/charts/needs-vs-delivery.csv?cycle=2021").data)
    valuation = next(r for r in rows if r["topic_code"] == "valuation")
    assert (valuation["administrations_asking"], valuation["asking_reached"], valuation["formal_participants"]) == (
        "3", "1", "4")
    assert float(valuation["coverage"]) == pytest.approx(1 / 3)
    growth = csv_rows(staff_client.get("/analytics/charts/entity-growth.csv").data)
    assert {"year": "2021", "kind": "RCL", "accredited": "5"} in growth


def test_filters_by_subregion_and_package_narrow_the_figures(staff_client):
    hand_checked()
    page = staff_client.get("/analytics/?cycle=2021&subregion=ASEAN&package=Revenue").get_data(as_text=True)
    gaps = section(page, "gap-list")
    assert "Thailand" not in gaps and "Fiji" not in gaps and "Japan" not in gaps  # Thailand was reached
    assert "Risk management" not in section(page, "chart-needs-vs-delivery")  # not a Revenue topic
    assert "· ASEAN · Revenue" in page
    assert 'value="ASEAN" selected' in page
    api = staff_client.get("/api/v1/analytics/needs-vs-delivery?cycle=2021&subregion=ASEAN").get_json()
    valuation = next(t for t in api["topics"] if t["topic_code"] == "valuation")
    assert valuation["administrations_asking"] == 1 and valuation["coverage"] == 1.0


@pytest.mark.parametrize("query, field, words", [
    ("cycle=1999", "cycle", "no '1999' survey cycle"),
    ("cycle=abc", "cycle", "no 'abc' survey cycle"),
    ("subregion=Europe", "subregion", "'Europe' is not a subregion"),
    ("package=Nope%00", "package", "is not a WCO package")  # NUL bytes are dropped as the query is read,
])
def test_bad_filter_values_get_a_clear_message_not_an_error(staff_client, query, field, words):
    hand_checked()
    response = staff_client.get(f"/analytics/?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    message = re.search(rf'data-testid="error-{field}">([^<]*)<', page).group(1).replace("&#39;", "'")
    assert words in message
    assert "<svg" not in page
    assert staff_client.get(f"/analytics/charts/trend.png?{query}").status_code == 400
    api = staff_client.get(f"/api/v1/analytics/needs-vs-delivery?{query}")
    assert api.status_code == 400 and words in api.get_json()["error"]


def test_unknown_chart_or_format_is_404(staff_client):
    assert staff_client.get("/analytics/charts/pie.png").status_code == 404
    assert staff_client.get("/analytics/charts/trend.gif").status_code == 404
    assert staff_client.get("/analytics/charts/gaps.png").status_code == 404


def test_public_sees_aggregated_charts_but_not_each_administrations_answers(seeded, client):
    hand_checked()
    page = client.get("/analytics/?cycle=2021").get_data(as_text=True)
    for name in PUBLIC_CHARTS:
        assert f'data-testid="chart-{name}"' in page
    assert 'data-testid="chart-heat-map"' not in page
    assert 'data-testid="gap-list"' not in page and 'data-testid="plan-next"' not in page
    assert "are for ROCB staff" in page
    assert client.get("/analytics/charts/trend.png?cycle=2021").status_code == 200
    assert client.get("/analytics/charts/heat-map.png?cycle=2021").status_code == 302  # to the login page
    assert client.get("/analytics/charts/gaps.csv?cycle=2021").status_code == 302
    assert client.get("/api/v1/analytics/needs-vs-delivery?cycle=2021").status_code == 200


def test_the_heat_map_loaded_after_the_page_is_for_staff_only(seeded, client, focal_point_client):
    hand_checked()
    focal = focal_point_client.get("/analytics/sections/heat-map?cycle=2021")
    assert focal.status_code == 403 and "Thailand ×" not in focal.get_data(as_text=True)
    client.post("/logout")
    visitor = client.get("/analytics/sections/heat-map?cycle=2021")
    assert visitor.status_code == 302 and "/login" in visitor.headers["Location"]
    for address in ("/analytics/sections/trend", "/analytics/sections/nothing"):
        assert client.get(address).status_code == 404  # only the charts that come after the page have one


def test_without_a_survey_there_is_no_heat_map_to_load(staff_client):
    page = staff_client.get("/analytics/").get_data(as_text=True)
    assert 'data-testid="chart-heat-map"' not in page
    missing = staff_client.get("/analytics/sections/heat-map")
    assert missing.status_code == 404 and "There is no such page" in missing.get_data(as_text=True)


def test_focal_point_is_refused_the_staff_only_downloads(focal_point_client):
    hand_checked()
    assert focal_point_client.get("/analytics/charts/heat-map.svg?cycle=2021").status_code == 403
    assert 'data-testid="gap-list"' not in focal_point_client.get("/analytics/").get_data(as_text=True)


def test_default_cycle_is_the_latest_closed_one_and_json_twin(staff_client):
    hand_checked()
    data = staff_client.get("/api/v1/analytics/needs-vs-delivery").get_json()
    assert data["cycle"] == 2021
    assert data["delivery_window"] == {"start": "2021-07-01", "end": "2022-06-30"}
    risk = next(t for t in data["topics"] if t["topic_code"] == "risk-management")
    assert (risk["administrations_asking"], risk["weighted_need"], risk["coverage"]) == (2, 5, 0.0)
    nobody = next(t for t in data["topics"] if t["topic_code"] == "excise")
    assert nobody["coverage"] is None  # nobody asked: nothing to cover


def test_without_a_survey_the_page_still_shows_participation_and_entity_growth(seeded, client):
    page = client.get("/analytics/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "There is no survey cycle yet" in text
    assert 'data-testid="chart-entity-growth"' in text and 'data-testid="chart-needs-vs-delivery"' not in text
    # Records without a date cannot be placed in time, and the page says which ones.
    assert "RTC Fiji" in section(text, "chart-entity-growth")
    assert client.get("/analytics/charts/needs-vs-delivery.png").status_code == 404
    assert client.get("/api/v1/analytics/needs-vs-delivery").status_code == 404


def test_services_name_the_phases_they_ran(staff_client):
    hand_checked()
    cold = staff_client.get("/analytics/?cycle=2021")
    phases = {part.split(";")[0] for part in cold.headers["Server-Timing"].split(", ")}
    assert phases == {"queries", "pandas", "planner", "matplotlib"}
    assert "Server-Timing" not in staff_client.get("/analytics/?cycle=2021").headers
    assert services.Timings().header() == ""


def test_figures_given_as_a_bound_or_an_approximation_are_named_on_the_page(seeded, client):
    from datetime import date

    from rocb.extensions import db
    from tests.analytics.records import workshop

    hand_checked()
    held = workshop("Pacific valuation clinic", date(2021, 3, 22), ["valuation"],
                    headcounts=[(None, "formal participant", 50), ("TH", "observer", 4)])
    held.headcounts[0].precision = "more than"
    held.headcounts[1].precision = "about"
    ahead = workshop("Workshop not held yet", date(2021, 11, 22), ["valuation"], status="planned",
                     headcounts=[(None, "formal participant", 80)])
    ahead.headcounts[0].precision = "approximately"
    db.session.commit()
    page = client.get("/analytics/?cycle=2021").get_data(as_text=True)
    note = re.search(r'<details[^>]*data-testid="given-figures".*?</details>', page, re.S).group(0)
    listed = re.findall(r"<li>(.*?)</li>", note)
    assert "5 participant figures are given only as a bound or an approximation" in " ".join(note.split())
    assert listed[:2] == ["12th Capacity Building Committee (22 Feb 2021): approximately 300 formal participants",
                          "Maritime Stakeholder Meeting &#34;Countering wildlife trafficking and other illicit trade "
                          "through Thai seaports and maritime supply chains&#34; (09 Mar 2021): over 70 formal "
                          "participants"]  # from the newsletter (seed/), by date
    assert {"Pacific valuation clinic (22 Mar 2021): more than 50 formal participants",
            "Pacific valuation clinic (22 Mar 2021): about 4 observers from Thailand"} < set(listed)
    assert "Valuation workshop" not in note  # its headcount is exact
    assert "not held yet" not in note  # no chart counts a workshop not held
    # Once recorded as exact, they are no longer named.
    held.headcounts[0].precision = held.headcounts[1].precision = "exact"
    db.session.commit()
    assert "Pacific valuation clinic" not in client.get("/analytics/?cycle=2021").get_data(as_text=True)
