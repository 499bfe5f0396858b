"""/api/v1/calendar: sessions in the viewer's zone, filters, who sees what, and clear errors."""

from datetime import date, datetime

from tests.conftest import login, make_user
from tests.factories import make_participant, make_workshop

# 12:00-13:00 UTC on Friday 29 Nov 2024 = 15:30 Friday in Tehran, 01:00 Saturday in Apia (UTC+13).
SESSION = (datetime(2024, 11, 29, 19, 0), datetime(2024, 11, 29, 20, 0))  # in Asia/Bangkok (UTC+7)


def _events(client, **args):
    args = {"start": "2024-11-25", "end": "2024-12-02", **args}
    response = client.get("/api/v1/calendar", query_string=args)
    assert response.status_code == 200, response.json
    return response.json


def test_a_session_falls_on_its_local_day_in_each_display_zone(seeded, client):
    make_workshop("WCO Asia/Pacific Regional Workshop on Post-Clearance Audit", sessions=[SESSION],
                  status="confirmed")
    tehran = _events(client, zone="Asia/Tehran")
    assert tehran["zone"] == "Asia/Tehran"
    [event] = tehran["events"]
    assert (event["start"], event["end"]) == ("2024-11-29T15:30", "2024-11-29T16:30")
    assert event["title"].startswith("Confirmed: WCO Asia/Pacific Regional Workshop on Post-Clearance Audit")
    assert event["extendedProps"]["local"] == "Fri 29 Nov 2024 19:00–20:00 Asia/Bangkok"
    [event] = _events(client, zone="Pacific/Apia")["events"]
    assert (event["start"], event["end"]) == ("2024-11-30T01:00", "2024-11-30T02:00")
    # Without ?zone= the display zone is used: the browser's cookie here.
    client.set_cookie("display_zone", "Pacific/Apia")
    assert _events(client)["zone"] == "Pacific/Apia"


def test_whole_day_sessions_keep_their_local_day_and_the_range_is_respected(seeded, client):
    make_workshop("Sub-Regional Workshop on Risk Management", sessions=[date(2024, 11, 27)], status="held")
    make_workshop("Outside the range", sessions=[date(2024, 12, 10)], status="held")
    for zone in ("Pacific/Apia", "Asia/Tehran", "America/New_York"):
        events = _events(client, zone=zone)["events"]
        assert [(e["start"], e["end"], e["allDay"]) for e in events] == [("2024-11-27", "2024-11-28", True)]


def test_filters_and_visibility(seeded, client):
    make_workshop("Regional Workshop on AEO", sessions=[SESSION], mode="online", topics=["aeo"], invited=["JP"])
    make_workshop("National Workshop on Risk Management", sessions=[SESSION], mode="physical",
                  topics=["risk-management"], invited=["TH"])
    make_workshop("Internal planning meeting", sessions=[SESSION], status="planned", is_public=False)
    titles = lambda **a: sorted(e["title"].split(": ", 1)[1] for e in _events(client, **a)["events"])  # noqa: E731
    assert titles() == ["National Workshop on Risk Management", "Regional Workshop on AEO"]
    assert titles(mode="physical") == ["National Workshop on Risk Management"]
    assert titles(topic="aeo") == ["Regional Workshop on AEO"]
    assert titles(administration="jp") == ["Regional Workshop on AEO"]
    assert titles(status="planned") == []
    assert titles(mode="by pigeon") == titles()  # an unknown filter value is ignored, not an error

    make_user("pm@rocb-ap.org", "staff")
    login(client, "pm@rocb-ap.org")
    assert "Internal planning meeting" in titles()
    assert titles(status="planned") == ["Internal planning meeting"]


def test_no_names_in_the_events(seeded, client):
    w = make_workshop("Regional Workshop on AEO", sessions=[SESSION])
    make_participant(w, "Nguyen Thi Lan", "lan@customs.gov.vn", code="VN")
    body = client.get("/api/v1/calendar?start=2024-11-25&end=2024-12-02").get_data(as_text=True)
    assert "Nguyen" not in body and "lan@" not in body


def test_bad_ranges_and_zones_get_a_clear_400(seeded, client):
    cases = [({"end": "2024-12-01"}, "start is required"),
             ({"start": "tomorrow", "end": "2024-12-01"}, "start must be a date"),
             ({"start": "2024-12-01", "end": "2024-11-01"}, "end must be after start"),
             ({"start": "2020-01-01", "end": "2024-01-01"}, "at most 400 days"),
             ({"start": "2024-11-01", "end": "2024-12-01", "zone": "Mars/Olympus"}, "zone")]
    for args, message in cases:
        response = client.get("/api/v1/calendar", query_string=args)
        assert response.status_code == 400, args
        assert message in response.json["error"], (args, response.json)


def test_the_page_names_the_zone_and_links_the_feeds_of_what_it_shows(seeded, client):
    client.set_cookie("display_zone", "Asia/Tehran")
    page = client.get("/calendar?administration=TH").get_data(as_text=True)
    assert 'data-zone="Asia/Tehran"' in page
    assert "/administrations/TH/calendar.ics" in page and "/calendar.ics" in page
    assert 'data-events-url="/api/v1/calendar?administration=TH"' in page
    assert 'href="/calendar" aria-current="page"' in page


def test_dates_past_the_range_records_hold_get_a_400_not_a_server_error(seeded, client):
    for start, end in [("0001-01-01", "0001-01-02"), ("9999-12-30", "9999-12-31"),
                       ("0001-01-01T00:00:00+14:00", "0001-01-03"), ("9999-12-30", "9999-12-31T23:59:59-12:00"),
                       ("1900-01-01", "1900-02-01"), ("2101-06-01", "2101-07-01")]:
        response = client.get("/api/v1/calendar", query_string={"start": start, "end": end, "zone": "Pacific/Apia"})
        assert response.status_code == 400, (start, end)
        assert "1950-01-01 to 2100-12-31" in response.json["error"], response.json
    # The month grids of the first and last months records can hold are drawn whole.
    for start, end in [("1949-12-26", "1950-02-06"), ("2100-11-29", "2101-01-10")]:
        assert client.get("/api/v1/calendar", query_string={"start": start, "end": end}).status_code == 200


def test_the_page_opens_on_a_day_records_can_hold_else_today(seeded, client):
    assert 'data-initial-date="2024-11-29"' in client.get("/calendar?date=2024-11-29").get_data(as_text=True)
    for day in ("0001-01-01", "9999-12-31", "2024-02-30", "²"):
        assert 'data-initial-date=""' in client.get(f"/calendar?date={day}").get_data(as_text=True)
