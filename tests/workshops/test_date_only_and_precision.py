"""A record that gives dates only keeps no reference zone when staff edit it; figures typed by staff keep the
precision and words of their source."""

from sqlalchemy import select

from rocb.extensions import db
from rocb.workshops.models import Headcount, Workshop


def _seeded(title_like):
    return db.session.execute(select(Workshop).where(Workshop.title.like(title_like))).scalar_one()


def test_staff_record_a_figure_as_the_source_gives_it(staff_client):
    w = _seeded("%Data Analytics%")
    response = staff_client.post(f"/workshops/{w.id}/headcounts/new", data={
        "role": "observer", "precision": "about", "count": "40", "noun": "observers from partner agencies",
        "administration_code": "", "administrations_count": ""})
    assert response.status_code == 302
    html = staff_client.get(f"/workshops/{w.id}").get_data(as_text=True)
    assert "about 40 observers from partner agencies" in html
    h = db.session.execute(select(Headcount).where(Headcount.workshop_id == w.id)).scalar_one()
    assert (h.precision, h.count) == ("about", 40)
    refused = staff_client.post(f"/headcounts/{h.id}/edit", data={
        "role": "observer", "precision": "roughly", "count": "40", "administration_code": ""})
    assert refused.status_code == 400 and 'value="40"' in refused.get_data(as_text=True)


def test_a_date_only_record_is_edited_without_inventing_a_zone(staff_client):
    w = _seeded("%MTP%")
    form = {"title": w.title, "kind": w.kind, "mode": w.mode, "status": w.status, "reference_zone": "",
            "host": f"entity:{w.host_entity_id}", "is_public": "y"}
    response = staff_client.post(f"/workshops/{w.id}/edit", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    assert db.session.get(Workshop, w.id).reference_zone is None
    # A timed session needs the zone its times were agreed in; a whole day does not.
    timed = staff_client.post(f"/workshops/{w.id}/sessions/new", data={
        "local_start": "2021-01-27T10:00", "local_end": "2021-01-27T12:00"})
    assert timed.status_code == 400 and "time zone is required" in timed.get_data(as_text=True)
    whole_day = staff_client.post(f"/workshops/{w.id}/sessions/new", data={"all_day": "y", "day": "2021-01-27"})
    assert whole_day.status_code == 302
    db.session.expire_all()
    assert db.session.get(Workshop, w.id).last_day.isoformat() == "2021-01-27"
