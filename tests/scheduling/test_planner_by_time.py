"""The planner page and API by time of day: distinct start times first, the days they work on, and the 24-hour
strips of Tehran (Sat-Wed week) and Bangkok with the session marked."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from lxml import html

from tests.conftest import PASSWORD, login, make_user
from tests.scheduling.helpers import make_workshop

# Bangkok, Tokyo and Tehran over two working weeks: the old top ten is 12:30, 12:45 and 13:00 Bangkok, three times.
SEARCH = "from=2024-12-02&to=2024-12-13&duration=120&admins=TH,JP,IR&reference=Asia/Bangkok"


def page_of(client, query):
    response = client.get("/planner?" + query)
    assert response.status_code == 200
    return html.fromstring(response.get_data(as_text=True))


def strip(doc, group: int, key: str):
    """(what each local hour is, the hours the session covers) in one place's strip under a group."""
    row = doc.xpath(f'//section[@data-group="{group}"]//tbody[@data-strip="{key}"]')[0]
    cells = row.xpath('./tr/td[contains(concat(" ", @class, " "), " hs ")]')
    assert len(cells) == 24
    return ([c.get("data-hours") for c in cells],
            {h: c.get("data-slot") for h, c in enumerate(cells) if c.get("data-slot")}, row)


def test_page_groups_the_results_by_five_distinct_start_times(client, seeded):
    data = client.get("/api/v1/planner?" + SEARCH).get_json()
    bangkok = ZoneInfo("Asia/Bangkok")
    old_top = {datetime.fromisoformat(r["start_utc"]).astimezone(bangkok).strftime("%H:%M") for r in data["results"]}
    assert old_top == {"12:30", "12:45", "13:00"}
    doc = page_of(client, SEARCH)
    starts = [s.get("data-start") for s in doc.xpath("//section[@data-group]")]
    assert len(starts) == 5 and len(set(starts)) == 5 and starts[:3] == ["12:30", "12:45", "13:00"]
    assert starts == [g["start"] for g in data["groups"]]
    first = doc.xpath('//section[@data-group="1"]')[0]
    assert first.xpath("string(.//h3)").split()[:2] == ["1.", "12:30–14:30"]
    assert "3 of 3 place" in first.text_content()
    # The days it works on: Monday to Wednesday of both weeks (Thursday and Friday are Iran's weekend), but for
    # Tuesday 10 December, a public holiday in Thailand (so is Thursday 5th).
    good = " ".join(first.xpath('string(.//*[@data-testid="good-days"])').split())
    assert good == "Works as well on Mon 02 Dec, Tue 03 Dec, Wed 04 Dec, Mon 09 Dec, Wed 11 Dec."
    less = " ".join(first.xpath("string(.//details)").split())
    assert "Thu 12 Dec: 2 of 3 in working hours; not in working hours: IR;" in less
    assert "Tue 10 Dec: 2 of 3 in working hours; not in working hours: TH (Constitution Day" in less
    # who pays: every place's local time, with its class in words
    tehran = first.xpath('.//tbody[@data-strip="IR"]//th[contains(@class, "fit-working")]')[0]
    assert "Mon 02 Dec 09:00–11:00 UTC+03:30 · working hours" in " ".join(tehran.text_content().split())
    # the day-by-day table is still there below, with its ten results
    assert len(doc.xpath("//th[@data-result]")) == 10
    # beside the form, the answer at a glance: each start time once, linked to its group, with its number of days
    glance = doc.xpath('//*[@data-testid="time-summary"]/li')
    assert [li.xpath("string(.//a)") for li in glance][:3] == ["12:30–14:30", "12:45–14:45", "13:00–15:00"]
    assert [li.xpath(".//a/@href")[0] for li in glance] == [f"#time-{n}" for n in range(1, 6)]
    first_glance = " ".join(glance[0].text_content().split())
    assert first_glance.endswith("3 of 3 in working hours; 0 at night or on a day off 5 days")


def test_strips_mark_tehrans_working_hours_and_the_session(client, seeded):
    doc = page_of(client, SEARCH)
    hours, slot, row = strip(doc, 1, "IR")  # 12:30 Bangkok on Monday 2 December: 09:00-11:00 in Tehran
    assert [h for h, what in enumerate(hours) if what == "working"] == list(range(9, 17))
    assert set(hours[:9] + hours[17:]) == {"outside"}
    assert slot == {9: "full", 10: "full"}
    assert row.get("data-local-date") == "2024-12-02"
    assert "Iran (IR) · Asia/Tehran · works 09:00–17:00, Sat-Wed" in " ".join(row.xpath("string(.//th)").split())
    cells = row.xpath('./tr/td[contains(concat(" ", @class, " "), " hs ")]')
    assert "hs-w" in cells[9].get("class").split() and "hs-s" in cells[9].get("class").split()
    assert "hs-o" in cells[8].get("class").split() and "hs-s" not in cells[8].get("class").split()
    assert cells[9].text_content() == "●session"  # a mark and a word, not a colour alone
    hours, slot, _ = strip(doc, 1, "TH")  # 12:30-14:30 in Bangkok: half of 12, all of 13, half of 14
    assert slot == {12: "part", 13: "full", 14: "part"}


def test_tehrans_thursday_is_a_day_off_in_its_strip(client, seeded):
    # Thursday 12 and Friday 13 December: Iran's weekend. Thailand's day is the one to follow, so the best start
    # is 09:00 Bangkok on Thursday, 05:30 in Tehran.
    doc = page_of(client, "from=2024-12-12&to=2024-12-13&duration=120&admins=TH,IR&reference=Asia/Bangkok")
    assert doc.xpath('//section[@data-group="1"]')[0].get("data-start") == "09:00"
    hours, slot, row = strip(doc, 1, "IR")
    assert set(hours) == {"day off"}
    assert slot == {5: "part", 6: "full", 7: "part"}
    label = " ".join(row.xpath("string(.//th)").split())
    assert "Thu 12 Dec: non-working day" in label and "05:30–07:30 UTC+03:30 · non-working day · at night" in label
    hours, slot, _ = strip(doc, 1, "TH")
    assert [h for h, what in enumerate(hours) if what == "working"] == list(range(9, 17))
    assert slot == {9: "full", 10: "full"}


def test_api_adds_groups_and_keeps_its_results(client, seeded):
    data = client.get("/api/v1/planner?" + SEARCH).get_json()
    assert set(data) == {"query", "places", "results", "groups", "notes"}
    assert len(data["results"]) == 10 and set(data["results"][0]) == {
        "start_utc", "end_utc", "working_weight", "working_count", "night_or_day_off", "places"}
    group = data["groups"][0]
    assert group["best"] == data["results"][0]
    assert [s["place"] for s in group["strips"]] == ["TH", "JP", "IR"]
    assert group["strips"][2]["slot"][9:11] == ["full", "full"] and group["strips"][2]["weekday"] == "Monday"
    series = client.get("/api/v1/planner?" + SEARCH + "&series=3").get_json()
    assert series["groups"] == [] and len(series["results"]) == 3


def test_a_series_shows_no_groups(client, seeded):
    doc = page_of(client, SEARCH + "&series=3")
    assert not doc.xpath("//section[@data-group]") and len(doc.xpath("//th[@data-result]")) == 3


def test_staff_set_a_day_of_a_group_as_a_session(client, seeded):
    workshop = make_workshop(title="Regional Workshop on Post-Clearance Audit", invited=["TH", "JP", "IR"],
                             status="planned")
    make_user("pm@rocb-ap.org", "staff")
    login(client, "pm@rocb-ap.org", PASSWORD)
    page = client.get(f"/planner?workshop={workshop.id}&" + SEARCH).get_data(as_text=True)
    doc = html.fromstring(page)
    button = doc.xpath('//button[@data-testid="set-time-2-3"]')[0]  # 12:45 Bangkok, the third good day
    assert button.text_content() == "Set Wed 04 Dec"
    form = button.getparent()
    fields = {i.get("name"): i.get("value") for i in form.xpath(".//input")}
    response = client.post(form.get("action"), data=fields)
    assert response.status_code == 302
    added = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(r"Session added: Wed 04 Dec 2024 12:45.14:45 Asia/Bangkok", added)
