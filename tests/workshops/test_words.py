"""The words kept apart: a workshop not held counts confirmed people, never attendees; administrations a record
names as present are reached, not invited."""

from datetime import date, datetime

from sqlalchemy import select

from rocb.extensions import db
from rocb.workshops.models import Workshop
from tests.factories import make_participant, make_workshop


def _page(client, workshop_id):
    return client.get(f"/workshops/{workshop_id}").get_data(as_text=True)


def test_a_planned_workshop_shows_confirmed_people_never_attended(seeded, client):
    workshop = make_workshop("Regional Workshop on AEO 2027", status="planned",
                             sessions=[(datetime(2027, 1, 12, 10), datetime(2027, 1, 12, 12))])
    for i in range(5):
        make_participant(workshop, name=f"Officer {i}", code="TH" if i < 3 else "JP")
    text = _page(client, workshop.id)
    assert "Not held yet: 5 formal participants from 2 member administrations confirmed." in text
    assert "attended by" not in text
    report = client.get("/reports/activity?from=2027-01-01&to=2027-03-31").get_data(as_text=True)
    assert "5 formal participants from 2 member administrations confirmed" in report
    assert "attended by" not in report
    api = client.get(f"/api/v1/workshops/{workshop.id}").get_json()
    assert api["figures"]["summary"] is None and api["figures"]["counts"] == "confirmed"


def test_a_held_workshop_counts_only_those_who_attended(seeded, client):
    workshop = make_workshop("National Workshop on Valuation", status="held", sessions=[date(2021, 2, 3)])
    make_participant(workshop, name="Came Along", attended=True)
    make_participant(workshop, name="Stayed Home", attended=False)
    assert "The workshop was attended by 1 formal participant from 1 member administration." in _page(
        client, workshop.id)


def test_the_pacific_administrations_of_the_mtp_meeting_attended(seeded, client):
    mtp = db.session.execute(select(Workshop).where(Workshop.title.like("%(MTP) Preparatory%"))).scalar_one()
    # In the newsletter's order: they are the meeting's parties with the relation "attended".
    assert [a.code for a in mtp.attending_administrations] == ["FJ", "PG", "WS", "TL", "TO", "VU"]
    assert mtp.invited_administrations == []
    text = _page(client, mtp.id)
    assert "attended by 6 member administrations" in text
    samoa = client.get("/administrations/WS/participation").get_data(as_text=True)
    assert "No participation recorded" not in samoa
    assert '<span data-testid="relation">attended</span>' in samoa and "invited" not in samoa.split("<h2", 2)[2]


def _participants_heading(html):
    return html.split('data-testid="participants"', 1)[1].split("</thead>", 1)[0]


def test_people_of_a_workshop_not_held_are_confirmed_on_every_page(staff_client):
    planned = make_workshop("Regional Workshop on AEO 2027", status="planned",
                            sessions=[(datetime(2027, 1, 12, 10), datetime(2027, 1, 12, 12))])
    make_participant(planned, name="Suda Confirmed", attended=False)
    held = make_workshop("National Workshop on Valuation", status="held", sessions=[date(2021, 2, 3)])
    make_participant(held, name="Stayed Home", attended=False)
    make_participant(held, name="Came Along", attended=True)

    participation = staff_client.get("/administrations/TH/participation").get_data(as_text=True)
    assert "Suda Confirmed · suda.confirmed@customs.go.th · formal participant (confirmed)" in participation
    assert "Suda Confirmed · suda.confirmed@customs.go.th · formal participant (did not attend)" not in participation
    assert "Stayed Home · stayed.home@customs.go.th · formal participant (did not attend)" in participation

    page = staff_client.get(f"/workshops/{planned.id}").get_data(as_text=True)
    heading = _participants_heading(page)
    assert "<th>Attended</th>" not in heading and "<th>Status</th>" in heading
    held_page = staff_client.get(f"/workshops/{held.id}").get_data(as_text=True)
    assert "<th>Attended</th>" in _participants_heading(held_page)
