"""Staff edit a named participant and a headcount: the rules of adding, the message at the field, values kept."""

from datetime import date

import pytest
from sqlalchemy import select

from rocb.audit import AuditEntry
from rocb.extensions import db
from rocb.workshops import services
from rocb.workshops.models import Headcount, Participant
from tests.factories import make_headcount, make_participant, make_workshop


def _participant_form(**changes):
    return {"name": "Somchai Jaidee", "email": "somchai@customs.go.th", "administration_code": "TH",
            "role": "formal participant", "attended": "y", "gender": "", **changes}


def test_staff_edit_a_participant_and_the_figures_follow(staff_client):
    w = make_workshop(sessions=[date(2030, 5, 6)])
    p = make_participant(w, "Somchai Jaidee", "somchai@customs.go.th", "TH")
    page = staff_client.get(f"/participants/{p.id}/edit").get_data(as_text=True)
    assert 'value="somchai@customs.go.th"' in page and '<option selected value="TH">' in page
    response = staff_client.post(f"/participants/{p.id}/edit", data=_participant_form(
        name="Somchai Jaidee-Wong", email="Somchai.W@customs.go.th", administration_code="LA", role="observer",
        gender="male"))
    assert response.status_code == 302
    db.session.expire_all()
    p = db.session.get(Participant, p.id)
    assert (p.name, p.email, p.administration.code, p.role, p.gender) == (
        "Somchai Jaidee-Wong", "somchai.w@customs.go.th", "LA", "observer", "male")
    html = staff_client.get(f"/workshops/{w.id}").get_data(as_text=True)
    assert "Not held yet: 1 observer from 1 member administration confirmed" in html
    entry = db.session.execute(select(AuditEntry).filter_by(record_type="Participant", action="update")).scalar_one()
    assert entry.changes["administration"] == ["TH", "LA"] and entry.changes["role"] == ["formal participant",
                                                                                        "observer"]


def test_saving_a_participant_with_their_own_email_is_not_a_duplicate(staff_client):
    w = make_workshop(sessions=[date(2030, 5, 6)])
    p = make_participant(w, "Somchai Jaidee", "somchai@customs.go.th", "TH")
    response = staff_client.post(f"/participants/{p.id}/edit", data=_participant_form(attended=""))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Participant, p.id).attended is False


@pytest.mark.parametrize("changes, field, message", [
    ({"email": "aiko@customs.go.jp"}, "email", "aiko@customs.go.jp is already on this workshop&#39;s roster."),
    ({"email": "not-an-address"}, "email", "Invalid email address."),
    ({"name": ""}, "name", "This field is required."),
    ({"role": "spectator"}, "role", "Not a valid choice."),
    ({"administration_code": "ZZ"}, "administration_code", "Not a valid choice."),
])
def test_a_bad_participant_edit_is_refused_at_the_field_and_nothing_changes(staff_client, changes, field, message):
    w = make_workshop(sessions=[date(2030, 5, 6)])
    p = make_participant(w, "Somchai Jaidee", "somchai@customs.go.th", "TH")
    make_participant(w, "Aiko Tanaka", "aiko@customs.go.jp", "JP")
    response = staff_client.post(f"/participants/{p.id}/edit",
                                 data=_participant_form(**{"name": "Somchai Typed", **changes}))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    field_html = html.split(f'id="{field}"', 1)[1].split('<div class="mb-3">', 1)[0]
    assert message in field_html
    if field != "name":
        assert 'value="Somchai Typed"' in html  # what was typed is kept
    db.session.expire_all()
    again = db.session.get(Participant, p.id)
    assert (again.name, again.email, again.administration.code) == ("Somchai Jaidee", "somchai@customs.go.th", "TH")


def test_staff_edit_a_headcount_and_the_summary_follows(staff_client):
    w = make_workshop(sessions=[date(2030, 5, 6)])
    h = make_headcount(w, "formal participant", 38, administrations_count=25)
    page = staff_client.get(f"/headcounts/{h.id}/edit").get_data(as_text=True)
    assert 'value="38"' in page and 'value="25"' in page
    response = staff_client.post(f"/headcounts/{h.id}/edit", data={
        "role": "observer", "count": "37", "administration_code": "", "administrations_count": "24"})
    assert response.status_code == 302
    html = staff_client.get(f"/workshops/{w.id}").get_data(as_text=True)
    assert "37 observers from 24 member administrations confirmed" in html
    to_one = staff_client.post(f"/headcounts/{h.id}/edit", data={
        "role": "observer", "count": "0", "administration_code": "FJ", "administrations_count": ""})
    assert to_one.status_code == 302  # zero people is a figure too
    db.session.expire_all()
    h = db.session.get(Headcount, h.id)
    assert (h.count, h.administration.code, h.administrations_count) == (0, "FJ", None)


@pytest.mark.parametrize("changes, field, message", [
    ({"count": "-3"}, "count", "Give a number between 0 and 5,000."),
    ({"count": "1000000"}, "count", "Give a number between 0 and 5,000."),
    ({"count": ""}, "count", "Give a number of people."),
    ({"count": "twelve"}, "count", "Not a valid integer value."),
    ({"administrations_count": "999"}, "administrations_count", "between 0 and 200"),
    ({"administration_code": "TH", "administrations_count": "3"}, "administrations_count",
     "A count for one administration has no number of administrations"),
    ({"role": "spectator"}, "role", "Not a valid choice."),
])
def test_a_bad_headcount_edit_is_refused_at_the_field_and_nothing_changes(staff_client, changes, field, message):
    w = make_workshop(sessions=[date(2030, 5, 6)])
    h = make_headcount(w, "formal participant", 38, administrations_count=25)
    data = {"role": "formal participant", "count": "40", "administration_code": "", "administrations_count": "25",
            **changes}
    response = staff_client.post(f"/headcounts/{h.id}/edit", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    field_html = html.split(f'id="{field}"', 1)[1].split('<div class="mb-3">', 1)[0]
    assert message in field_html
    typed = data["count"]
    if typed:
        assert f'value="{typed}"' in html  # what was typed is kept
    db.session.expire_all()
    assert db.session.get(Headcount, h.id).count == 38


def test_the_people_of_a_cancelled_workshop_cannot_be_edited(staff_client):
    w = make_workshop(sessions=[date(2030, 5, 6)])
    p = make_participant(w, "Somchai Jaidee", "somchai@customs.go.th", "TH")
    h = make_headcount(w, "observer", 3)
    services.cancel_workshop(w)
    db.session.commit()
    response = staff_client.post(f"/participants/{p.id}/edit", data=_participant_form(name="Changed"))
    assert response.status_code == 400 and "This workshop was cancelled" in response.get_data(as_text=True)
    response = staff_client.post(f"/headcounts/{h.id}/edit", data={"role": "observer", "count": "9",
                                                                   "administration_code": ""})
    assert response.status_code == 400 and "This workshop was cancelled" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Participant, p.id).name == "Somchai Jaidee"
    assert db.session.get(Headcount, h.id).count == 3


def test_only_staff_edit_people(focal_point_client):
    w = make_workshop(sessions=[date(2030, 5, 6)])
    p = make_participant(w, "Somchai Jaidee", "somchai@customs.go.th", "TH")
    h = make_headcount(w, "observer", 3)
    assert focal_point_client.get(f"/participants/{p.id}/edit").status_code == 403
    assert focal_point_client.post(f"/headcounts/{h.id}/edit", data={"role": "observer", "count": "9"}
                                   ).status_code == 403
    db.session.expire_all()
    assert db.session.get(Headcount, h.id).count == 3


def test_the_workshop_page_links_to_the_edit_forms(staff_client):
    w = make_workshop(sessions=[date(2030, 5, 6)])
    p = make_participant(w)
    h = make_headcount(w, "observer", 3)
    html = staff_client.get(f"/workshops/{w.id}").get_data(as_text=True)
    assert f'href="/participants/{p.id}/edit"' in html and f'href="/headcounts/{h.id}/edit"' in html
