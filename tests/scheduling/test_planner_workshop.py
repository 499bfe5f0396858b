"""From a workshop to the planner and back: pre-filled search, and a chosen result set as a session."""

import html
import re
from datetime import date, datetime, time

from sqlalchemy import select

from rocb.extensions import db
from rocb.workshops.models import Session
from tests.conftest import login, make_user
from tests.scheduling.helpers import add_headcount, add_participant, make_workshop

SLOT = {"start_utc": "2021-03-30T02:00:00+00:00", "end_utc": "2021-03-30T04:00:00+00:00"}


def field_value(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    value = re.search(r'value="([^"]*)"', tag)
    return html.unescape(value.group(1)) if value else ""


def sessions_of(workshop_id):
    db.session.expire_all()
    return db.session.execute(select(Session).where(Session.workshop_id == workshop_id)).scalars().all()


def test_find_a_slot_prefills_the_workshops_administrations_length_zone_and_weights(client, seeded):
    workshop = make_workshop(status="planned", days=[date(2021, 3, 30)], start=time(10), minutes=90,
                             zone="Europe/Brussels")
    add_participant(workshop, "TH", email="a@customs.go.th")
    add_participant(workshop, "TH", email="b@customs.go.th")
    add_headcount(workshop, "JP", 3)
    page = client.get(f"/planner?workshop={workshop.id}").get_data(as_text=True)
    assert field_value(page, "admins") == "AU, CN, HK, ID, JP, KR, TH"
    assert field_value(page, "weights") == "JP:3, TH:2"
    assert field_value(page, "duration") == "90"
    assert field_value(page, "reference") == "Europe/Brussels"
    assert field_value(page, "workshop") == str(workshop.id)
    assert workshop.title in page and 'data-testid="planner-results"' not in page


def test_schedule_page_links_to_the_prefilled_planner(client, seeded):
    workshop = make_workshop(days=[date(2021, 3, 30)])
    page = client.get(f"/workshops/{workshop.id}/schedule").get_data(as_text=True)
    assert f'href="/planner?workshop={workshop.id}"' in page


def test_private_workshop_cannot_prefill_the_planner_for_the_public(client, seeded):
    workshop = make_workshop(is_public=False)
    assert client.get(f"/planner?workshop={workshop.id}").status_code == 404


def test_staff_see_set_as_session_buttons_and_others_do_not(client, seeded):
    workshop = make_workshop(status="planned")
    query = f"/planner?workshop={workshop.id}&from=2021-03-29&to=2021-04-02&duration=120&admins=TH,JP"
    assert "Set as session" not in client.get(query).get_data(as_text=True)
    make_user("staff@rocb-ap.org", "staff")
    login(client, "staff@rocb-ap.org")
    page = client.get(query).get_data(as_text=True)
    assert len(re.findall(r'data-testid="set-session-\d+"', page)) == 10


def test_staff_set_a_result_as_a_session_in_the_reference_zone(staff_client):
    workshop = make_workshop(status="planned")
    workshop_id = workshop.id
    response = staff_client.post(f"/workshops/{workshop_id}/sessions/from-slot", data=SLOT)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/workshops/{workshop_id}")
    [session] = sessions_of(workshop_id)
    assert (session.zone, session.local_start, session.local_end) == (
        "Asia/Bangkok", datetime(2021, 3, 30, 9), datetime(2021, 3, 30, 11))
    assert session.start_utc == datetime.fromisoformat(SLOT["start_utc"]) and not session.all_day
    page = staff_client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Session added: Tue 30 Mar 2021 09:00–11:00 Asia/Bangkok." in html.unescape(page)


def test_setting_a_session_needs_staff(client, seeded):
    workshop = make_workshop(status="planned")
    workshop_id = workshop.id
    response = client.post(f"/workshops/{workshop_id}/sessions/from-slot", data=SLOT)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    make_user("focal@customs.go.th", "focal_point", "TH")
    login(client, "focal@customs.go.th")
    assert client.post(f"/workshops/{workshop_id}/sessions/from-slot", data=SLOT).status_code == 403
    assert sessions_of(workshop_id) == []


def test_a_slot_that_cannot_be_read_adds_nothing(staff_client):
    workshop = make_workshop(status="planned")
    workshop_id = workshop.id
    for data in ({"start_utc": "tomorrow", "end_utc": SLOT["end_utc"]},
                 {"start_utc": "2021-03-30T02:00:00", "end_utc": "2021-03-30T04:00:00"},  # no offset
                 {"start_utc": SLOT["end_utc"], "end_utc": SLOT["start_utc"]}):
        response = staff_client.post(f"/workshops/{workshop_id}/sessions/from-slot", data=data,
                                     follow_redirects=True)
        assert response.status_code == 200 and "That slot could not be read" in response.get_data(as_text=True)
    assert sessions_of(workshop_id) == []


def test_a_cancelled_workshop_gets_no_session(staff_client):
    workshop = make_workshop(status="cancelled")
    workshop_id = workshop.id
    back = f"/planner?workshop={workshop_id}&from=2021-03-29"
    response = staff_client.post(f"/workshops/{workshop_id}/sessions/from-slot", data={**SLOT, "back": back})
    assert response.headers["Location"].endswith(back)
    page = staff_client.get(back).get_data(as_text=True)
    assert "This workshop was cancelled" in html.unescape(page)
    assert sessions_of(workshop_id) == []


def test_back_link_never_leaves_the_planner(staff_client):
    workshop = make_workshop(status="cancelled")
    response = staff_client.post(f"/workshops/{workshop.id}/sessions/from-slot",
                                 data={**SLOT, "back": "https://evil.example/planner?"})
    assert response.headers["Location"].endswith(f"/planner?workshop={workshop.id}")
