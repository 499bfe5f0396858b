"""The schedule page and its JSON twin: every participating administration's local times, checked against
zoneinfo; extra zones; DST flags; access to private workshops; a fixed number of queries."""

import html
import re
from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from rocb.extensions import db
from rocb.workshops.models import Workshop
from tests.conftest import QueryCounter, login, make_user
from tests.scheduling.helpers import (
    DATA_ANALYTICS_INVITED,
    add_headcount,
    add_participant,
    admins,
    local,
    make_workshop,
    timed,
)

DAYS = (date(2021, 3, 30), date(2021, 3, 31), date(2021, 4, 1))


def cells(page: str, key: str) -> list[tuple[str, str]]:
    """(css class, text) of every cell in the table row of one place."""
    row = re.search(rf'<tr data-row="{re.escape(key)}">(.*?)</tr>', page, re.S)
    assert row, f"no row for {key}"
    found = re.findall(rf'<td class="(fit-[a-z-]+)" data-place="{re.escape(key)}">(.*?)</td>', row.group(1), re.S)
    return [(css, " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())) for css, text in found]


def offset(dt: datetime) -> str:
    minutes = int(dt.utcoffset().total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@pytest.fixture
def analytics(seeded):
    """The Data Analytics workshop of newsletter No.72 given timed sessions (09:00-11:00 Bangkok, 3 days),
    its six invited administrations, a Thai participant and a Samoan headcount."""
    workshop = make_workshop(days=DAYS)
    add_participant(workshop, "TH")
    add_headcount(workshop, "WS", 2)
    return workshop


def test_every_invited_and_participating_administration_sees_its_local_times(client, analytics):
    page = client.get(f"/workshops/{analytics.id}/schedule").get_data(as_text=True)
    sessions = sorted(analytics.sessions, key=lambda s: s.start_utc)
    for admin in admins(*DATA_ANALYTICS_INVITED, "TH", "WS"):
        row = cells(page, admin.code)
        assert len(row) == 3
        assert admin.timezone in page
        for (_css, text), session in zip(row, sessions, strict=True):
            start, end = local(session.start_utc, admin.timezone), local(session.end_utc, admin.timezone)
            assert f"{start:%a %d %b}" in text
            assert f"{start:%H:%M}–{end:%H:%M}" in text
            assert offset(start) in text


def test_hand_checked_times_and_classes(client, analytics):
    page = client.get(f"/workshops/{analytics.id}/schedule?zones=America/New_York").get_data(as_text=True)
    japan, sydney, samoa, new_york = (cells(page, k)[0] for k in ("JP", "AU", "WS", "America/New_York"))
    assert japan == ("fit-working", "Tue 30 Mar 11:00–13:00 UTC+09:00 working hours")
    assert sydney[0] == "fit-working" and "13:00–15:00" in sydney[1] and "UTC+11:00" in sydney[1]  # summer time
    # Samoa kept summer time (UTC+14) until 4 April 2021, its last DST: 16:00-18:00, past 17:00.
    assert samoa == ("fit-edge", "Tue 30 Mar 16:00–18:00 UTC+14:00 edge of working hours")
    # 02:00 UTC on Tuesday is Monday evening in New York: the day before, at night.
    assert new_york[0] == "fit-outside"
    assert "Mon 29 Mar 22:00–00:00" in new_york[1] and "−1 day" in new_york[1] and "at night" in new_york[1]


def test_page_names_the_reference_zone_and_the_viewers_zone(client, analytics):
    client.set_cookie("display_zone", "Europe/Brussels")
    page = client.get(f"/workshops/{analytics.id}/schedule").get_data(as_text=True)
    assert 'data-testid="reference-zone">Asia/Bangkok<' in page
    # 09:00 in Bangkok on 30 March 2021 is 04:00 in Brussels (summer time began on the 28th).
    assert "Tue 30 Mar 04:00 CEST in Europe/Brussels" in page


def test_extra_zone_and_the_dst_flag_of_the_week_before(client, analytics):
    response = client.get(f"/workshops/{analytics.id}/schedule?zones=Europe/Brussels")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    brussels = cells(page, "Europe/Brussels")
    assert brussels[0][0] == "fit-outside" and "04:00–06:00" in brussels[0][1] and "UTC+02:00" in brussels[0][1]
    flags = re.search(r'data-testid="dst-flags">(.*?)</div>', page, re.S).group(1)
    assert "Europe/Brussels" in flags and "UTC+01:00 → UTC+02:00" in flags and "week before" in flags


def test_schedule_without_clock_changes_has_no_flag(client, analytics):
    page = client.get(f"/workshops/{analytics.id}/schedule").get_data(as_text=True)
    assert 'data-testid="dst-flags"' not in page  # Sydney only goes back on 4 April, after the workshop


def test_unknown_extra_zone_is_refused_next_to_the_field_and_the_schedule_still_shows(client, analytics):
    response = client.get(f"/workshops/{analytics.id}/schedule?zones=Europe/Brussels,Mars/Olympus")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Unknown time zone &#39;Mars/Olympus&#39;" in page and 'value="Europe/Brussels,Mars/Olympus"' in page
    assert cells(page, "JP")


def test_json_twin_gives_every_local_time_with_its_own_offset(client, analytics):
    data = client.get(f"/api/v1/workshops/{analytics.id}/schedule?zones=Europe/Brussels").get_json()
    assert data["reference_zone"] == "Asia/Bangkok"
    assert [r["place"]["key"] for r in data["rows"]][-1] == "Europe/Brussels"
    assert {r["place"]["key"] for r in data["rows"]} == set(DATA_ANALYTICS_INVITED) | {"TH", "WS", "Europe/Brussels"}
    sessions = [datetime.fromisoformat(s["start_utc"]) for s in data["sessions"]]
    for row in data["rows"]:
        zone = row["place"]["zone"]
        for cell, start_utc in zip(row["times"], sessions, strict=True):
            shown = datetime.fromisoformat(cell["local_start"])
            assert shown == start_utc  # the same instant
            assert shown.utcoffset() == local(start_utc, zone).utcoffset()  # in that place's own offset
    japan = next(r for r in data["rows"] if r["place"]["key"] == "JP")["times"][0]
    assert japan["local_start"] == "2021-03-30T11:00:00+09:00" and japan["class"] == "working"
    assert data["dst_flags"][0]["zone"] == "Europe/Brussels" and data["dst_flags"][0]["before_workshop"] is True


def test_json_refuses_an_unknown_zone_with_400(client, analytics):
    response = client.get(f"/api/v1/workshops/{analytics.id}/schedule?zones=Nowhere/Land")
    assert response.status_code == 400
    assert "Nowhere/Land" in response.get_json()["error"]


def test_whole_day_sessions_and_cancelled_ones(client, seeded):
    workshop = make_workshop()
    timed(workshop, date(2021, 3, 30), time(9), 120).cancelled = True
    from rocb.workshops.models import Session

    db.session.add(Session(workshop=workshop, all_day=True, zone="Asia/Bangkok", local_start=datetime(2021, 3, 31),
                           local_end=datetime(2021, 4, 1), start_utc=local(datetime(2021, 3, 30, 17), "UTC"),
                           end_utc=local(datetime(2021, 3, 31, 17), "UTC")))
    db.session.commit()
    page = client.get(f"/workshops/{workshop.id}/schedule").get_data(as_text=True)
    assert cells(page, "JP") == [("fit-working", "Wed 31 Mar 2021 whole day working hours")]
    assert "1 cancelled session not shown" in page


def test_private_workshop_is_found_only_by_staff(client, seeded):
    workshop = make_workshop(is_public=False, days=DAYS[:1])
    assert client.get(f"/workshops/{workshop.id}/schedule").status_code == 404
    assert client.get(f"/api/v1/workshops/{workshop.id}/schedule").status_code == 404
    make_user("focal@customs.go.th", "focal_point", "TH")
    login(client, "focal@customs.go.th")
    assert client.get(f"/workshops/{workshop.id}/schedule").status_code == 404
    make_user("staff@rocb-ap.org", "staff")
    client.post("/logout")
    login(client, "staff@rocb-ap.org")
    assert client.get(f"/workshops/{workshop.id}/schedule").status_code == 200
    assert client.get(f"/api/v1/workshops/{workshop.id}/schedule").status_code == 200


def test_unknown_workshop_is_404(client, seeded):
    assert client.get("/workshops/999999/schedule").status_code == 404


def test_query_count_does_not_grow_with_sessions_and_administrations(client, seeded):
    small = make_workshop(invited=["TH"], days=DAYS[:1])
    big = make_workshop(invited=["TH", "JP", "AU", "WS", "TO", "IR", "AF", "NP", "IN", "NZ"],
                        days=[date(2021, 3, d) for d in range(1, 21)])
    for code in ("MY", "SG", "PH"):
        add_participant(big, code, email=f"{code.lower()}@example.org")
        add_headcount(big, code, 3)
    ids = [small.id, big.id]
    client.get(f"/workshops/{ids[0]}/schedule")  # warm-up
    counts = []
    for workshop_id in ids:
        db.session.remove()  # as in production: each request starts with an empty session
        with QueryCounter() as q:
            assert client.get(f"/workshops/{workshop_id}/schedule?zones=Europe/Brussels").status_code == 200
        counts.append(q.count)
    assert counts[0] == counts[1] <= 5  # 4, and one for the administrations' closures and hours changes


def test_seeded_data_analytics_workshop_lists_its_invited_administrations(client, seeded):
    from rocb.cli import SEEDERS

    if "rocb.workshops.seed" not in SEEDERS:
        pytest.skip("the workshops seed is not loaded by `flask seed` yet")
    workshop = db.session.execute(select(Workshop).where(Workshop.title.contains("Data Analytics"))).scalar_one()
    page = client.get(f"/workshops/{workshop.id}/schedule").get_data(as_text=True)
    for code in DATA_ANALYTICS_INVITED:
        assert [text.split(" whole day")[0] for _, text in cells(page, code)] == [
            "Tue 30 Mar 2021", "Wed 31 Mar 2021", "Thu 01 Apr 2021"]
