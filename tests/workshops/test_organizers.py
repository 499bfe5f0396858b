"""Organizers of a workshop (administrations, organizations, regional entities such as the ROCB) through the form."""

import pytest
from sqlalchemy import func, select

from rocb.audit import AuditEntry
from rocb.extensions import db
from rocb.registry.models import Organization, RegionalEntity
from rocb.services import ServiceError
from rocb.workshops import services
from rocb.workshops.models import Workshop
from tests.factories import make_workshop


def _ids():
    rocb = db.session.execute(select(RegionalEntity.id).filter_by(name="ROCB A/P")).scalar_one()
    wco = db.session.execute(select(Organization.id).filter_by(short_name="WCO")).scalar_one()
    return rocb, wco


def _audit(workshop, action):
    return db.session.execute(select(AuditEntry).filter_by(record_type="Workshop", record_id=str(workshop.id),
                                                           action=action)).scalar_one()


def _form(title="Regional Workshop on Coordinated Border Management", **extra):
    return {"title": title, "kind": "regional workshop", "mode": "online", "status": "planned",
            "reference_zone": "Asia/Bangkok", "host": "", "is_public": "y", **extra}


def test_staff_create_a_workshop_with_organizers_and_everyone_sees_them(staff_client, client):
    rocb, wco = _ids()
    response = staff_client.post("/workshops/new", data=_form(
        organizer_entity_ids=[str(rocb)], organizer_organization_ids=[str(wco)], organizer_codes=["JP", "KR"]))
    assert response.status_code == 302
    w = db.session.execute(select(Workshop).filter_by(title=_form()["title"])).scalar_one()
    assert [e.name for e in w.organizer_entities] == ["ROCB A/P"]
    assert [o.short_name for o in w.organizer_organizations] == ["WCO"]
    assert [a.code for a in w.organizer_administrations] == ["JP", "KR"]
    html = staff_client.get(f"/workshops/{w.id}").get_data(as_text=True)
    assert "ROCB A/P, WCO, Japan" in html and "Korea" in html
    audit = _audit(w, "create")
    assert audit.changes["organizer_administrations"] == [[], ["JP", "KR"]]


def test_the_edit_form_is_pre_filled_with_the_organizers_and_an_edit_replaces_them(staff_client):
    rocb, wco = _ids()
    w = make_workshop(organizer_entity_ids=[rocb], organizer_organization_ids=[wco], organizer_codes=["TH"])
    page = staff_client.get(f"/workshops/{w.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{rocb}">ROCB A/P</option>' in page
    assert f'<option selected value="{wco}">' in page
    assert '<option selected value="TH">' in page
    response = staff_client.post(f"/workshops/{w.id}/edit", data=_form(
        w.title, organizer_entity_ids=[str(rocb)], organizer_codes=["FJ"]))
    assert response.status_code == 302
    db.session.expire_all()
    w = db.session.get(Workshop, w.id)
    assert [a.code for a in w.organizer_administrations] == ["FJ"]
    assert w.organizer_organizations == [] and [e.id for e in w.organizer_entities] == [rocb]
    update = _audit(w, "update")
    assert update.changes["organizer_administrations"] == [["TH"], ["FJ"]]
    assert "organizer_entities" not in update.changes  # unchanged, so not in the audit


@pytest.mark.parametrize("field, value", [
    ("organizer_codes", "ZZ"),
    ("organizer_entity_ids", "99999"),
    ("organizer_organization_ids", "not-a-number"),
])
def test_an_unknown_organizer_is_a_form_error_and_nothing_is_written(staff_client, field, value):
    before = db.session.execute(select(func.count(Workshop.id))).scalar()
    response = staff_client.post("/workshops/new", data=_form(**{field: [value]}))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    # The message sits under the organizer field, and what was typed is kept.
    assert f'id="{field}"' in html and "is-invalid" in html.split(f'id="{field}"')[0].rsplit("<select", 1)[1]
    assert "not a valid choice" in html or "could not be coerced" in html
    assert 'value="Regional Workshop on Coordinated Border Management"' in html
    assert db.session.execute(select(func.count(Workshop.id))).scalar() == before


def test_the_service_names_an_unknown_organizer_and_changes_nothing(seeded):
    rocb, _ = _ids()
    w = make_workshop(organizer_entity_ids=[rocb])
    data = {"title": w.title, "kind": w.kind, "mode": w.mode, "status": w.status, "reference_zone": w.reference_zone}
    with pytest.raises(ServiceError) as raised:
        services.save_workshop({**data, "organizer_entity_ids": [99999]}, w)
    assert raised.value.errors == {"organizer_entity_ids": "Unknown organizer regional entity: 99999. "
                                                           "Choose from the list."}
    with pytest.raises(ServiceError) as raised:
        services.save_workshop({**data, "organizer_codes": ["TH", "XX"]}, w)
    assert raised.value.errors == {"organizer_codes": "Unknown organizer administration: XX."}
    db.session.rollback()
    assert [e.id for e in db.session.get(Workshop, w.id).organizer_entities] == [rocb]


def test_a_caller_that_does_not_name_organizers_keeps_them(seeded):
    rocb, _ = _ids()
    w = make_workshop(organizer_entity_ids=[rocb])
    services.save_workshop({"title": "Renamed", "kind": w.kind, "mode": w.mode, "status": w.status,
                            "reference_zone": w.reference_zone}, w)
    assert [e.id for e in w.organizer_entities] == [rocb]
