"""What users type or upload that once answered 500: a clear message at the field or the row, nothing half-saved."""

import html as html_lib
import io
import re
from datetime import timedelta

from sqlalchemy import func, select

from rocb.extensions import db, utcnow
from rocb.nominations import services
from rocb.nominations.models import Call, Nomination
from rocb.workshops.models import Participant
from tests.factories import make_participant, make_workshop
from tests.nominations.helpers import deadline_ahead, future_workshop, nominate, open_call, person


def error_at(html: str, field: str) -> str:
    """The error shown under the form field `field` (empty if none)."""
    after = html.split(f'id="{field}"', 1)[1]
    block = after.split('<div class="mb-3">', 1)[0]
    return html_lib.unescape(" ".join(re.findall(r'<div class="invalid-feedback[^"]*">([^<]*)</div>', block)))


def _nominations():
    return db.session.execute(select(Nomination.email, Nomination.state).order_by(Nomination.id)).all()


def test_editing_a_nomination_to_the_address_of_a_withdrawn_colleague_is_refused_at_the_field(focal_point_client):
    call = open_call(future_workshop())
    a, b = nominate(call, "TH", person(1), person(2))
    services.withdraw(b)
    db.session.commit()
    response = focal_point_client.post(f"/nominations/{a.id}/edit", data={**person(1), "email": person(2)["email"]})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "officer2@customs.th.example was nominated for this workshop and withdrawn" in error_at(html, "email")
    assert 'value="officer2@customs.th.example"' in html  # what was typed is kept
    db.session.expire_all()
    assert _nominations() == [("officer1@customs.th.example", "nominated"),
                              ("officer2@customs.th.example", "withdrawn")]


def test_a_roster_file_naming_an_officer_another_administration_withdrew_names_the_row(focal_point_client):
    call = open_call(future_workshop())
    (fiji,) = nominate(call, "FJ", {**person(1, "fj"), "email": "moved@customs.example"})
    services.withdraw(fiji)
    db.session.commit()
    roster = (b"name,email,administration,role\nAnan Chai,anan@customs.go.th,TH,formal participant\n"
              b"Mere Moved,moved@customs.example,TH,formal participant\n")
    response = focal_point_client.post(f"/nominations/calls/{call.id}/file",
                                       data={"file": (io.BytesIO(roster), "roster.csv")})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<td>3</td><td>email</td><td>moved@customs.example was nominated by another administration" in html
    db.session.expire_all()
    assert _nominations() == [("moved@customs.example", "withdrawn")]  # all or nothing: Anan Chai is not saved


def test_confirming_a_nominee_already_on_the_roster_links_the_participant(seeded):
    workshop = future_workshop()
    call = open_call(workshop)
    (a,) = nominate(call, "TH", person(1))
    on_roster = make_participant(workshop, name="Officer TH 1", email=person(1)["email"], attended=False)
    services.decide([a], "confirmed")
    db.session.commit()
    rows = db.session.execute(select(Participant.id).where(Participant.workshop_id == workshop.id)).scalars().all()
    assert rows == [on_roster.id]
    assert db.session.get(Nomination, a.id).participant_id == on_roster.id


def test_a_call_on_a_dates_only_workshop_asks_for_the_reference_zone_first(staff_client):
    day = (utcnow() + timedelta(days=60)).date()
    workshop = make_workshop("Sub-Regional Workshop on Valuation", zone=None, status="planned", sessions=[day])
    form = {"administration_codes": ["TH"], "default_quota": "2", "roles": ["formal participant"],
            "deadline_local": deadline_ahead().strftime("%Y-%m-%dT%H:%M"), "remind_days_before": "3"}
    page = staff_client.get(f"/workshops/{workshop.id}/calls/new").get_data(as_text=True)
    assert "None" not in page and "gives dates only" in page
    response = staff_client.post(f"/workshops/{workshop.id}/calls/new", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Set the workshop's reference time zone first" in error_at(html, "deadline_local")
    assert db.session.execute(select(func.count(Call.id))).scalar_one() == 0


def test_a_call_deadline_outside_the_plausible_range_is_refused_at_the_field(staff_client):
    workshop = future_workshop()
    form = {"administration_codes": ["TH"], "default_quota": "2", "roles": ["formal participant"],
            "remind_days_before": "3"}
    for typed in ("0001-01-01T10:00", "9999-12-31T23:59"):
        response = staff_client.post(f"/workshops/{workshop.id}/calls/new", data={**form, "deadline_local": typed})
        assert response.status_code == 400, typed
        assert "Give a date from 1950-01-01 to 2100-12-31." in error_at(response.get_data(as_text=True),
                                                                        "deadline_local"), typed
    assert db.session.execute(select(func.count(Call.id))).scalar_one() == 0
