"""The public reads the registry; staff keep it through forms that never lose what was typed."""

from sqlalchemy import func, select

from rocb.audit import AuditEntry
from rocb.extensions import db
from rocb.registry.models import Administration, RegionalEntity
from tests.conftest import QueryCounter


def test_public_list_shows_every_administration_with_local_time_and_working_week(seeded, client):
    page = client.get("/administrations/").get_data(as_text=True)
    codes = {row["code"] for row in client.get("/api/v1/administrations").get_json()["administrations"]}
    assert len(codes) == 35
    assert all(f'href="/administrations/{code}"' in page for code in codes)
    assert "Asia/Tehran" in page and "Sat-Wed" in page and "UTC+03:30" in page
    assert "UTC+05:45" in page  # Kathmandu


def test_administration_page_shows_local_time_now_and_vice_chair_terms(seeded, client):
    page = client.get("/administrations/au").get_data(as_text=True)
    assert "Australia/Sydney" in page and "Local time now" in page
    assert "2022–2024" in page  # Vice-Chair term


def test_missing_records_are_404_pages(seeded, client):
    assert client.get("/administrations/XX").status_code == 404
    response = client.get("/entities/99999")
    assert response.status_code == 404 and "no such page or record" in response.get_data(as_text=True)


def test_entities_filter_by_kind_host_and_status(seeded, client):
    page = client.get("/entities/?kind=RCL").get_data(as_text=True)
    assert page.count("RCL ") >= 5 and "RTC Fiji" not in page
    korea = client.get("/entities/?host=KR").get_data(as_text=True)
    assert "RILO A/P" in korea and "RDTC Korea" in korea and "RTC Fiji" not in korea
    assert "No entity matches" in client.get("/entities/?status=closed").get_data(as_text=True)


def test_bad_filter_values_are_ignored_not_errors(seeded, client):
    assert client.get("/entities/?kind=XYZ&status=%00&page=abc").status_code == 200


def test_entity_list_query_count_does_not_grow(seeded, client):
    client.get("/entities/")
    with QueryCounter() as before:
        client.get("/entities/")
    entity = db.session.execute(select(RegionalEntity).limit(1)).scalar_one()
    for n in range(10):
        db.session.add(RegionalEntity(kind="RTC", name=f"RTC extra {n}", host_id=entity.host_id))
    db.session.commit()
    with QueryCounter() as after:
        client.get("/entities/")
    assert after.count == before.count


def test_staff_edit_working_week_and_hours(staff_client):
    response = staff_client.post("/administrations/BN/edit", data={
        "code": "BN", "name": "Brunei Darussalam", "subregion": "ASEAN", "timezone": "Asia/Brunei",
        "working_days": "Mon-Thu+Sat", "work_start": "07:45", "work_end": "16:30", "joined_on": ""})
    assert response.status_code == 302
    brunei = db.session.execute(select(Administration).filter_by(code="BN")).scalar_one()
    assert brunei.work_start.strftime("%H:%M") == "07:45"
    entry = db.session.execute(select(AuditEntry).filter_by(record_type="Administration", action="update")).scalar_one()
    assert entry.actor == "staff@rocb-ap.org" and "work_start" in entry.changes


def test_unknown_zone_keeps_what_was_typed(staff_client):
    response = staff_client.post("/administrations/new", data={
        "code": "XK", "name": "Testland", "subregion": "ASEAN", "timezone": "Asia/Bangok",
        "working_days": "Mon-Fri", "work_start": "09:00", "work_end": "17:00"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Unknown time zone" in page and 'value="Asia/Bangok"' in page and 'value="Testland"' in page
    assert db.session.execute(select(func.count(Administration.id))).scalar_one() == 35


def test_duplicate_code_and_reversed_hours_are_refused(staff_client):
    response = staff_client.post("/administrations/new", data={
        "code": "th", "name": "Another Thailand", "subregion": "ASEAN", "timezone": "Asia/Bangkok",
        "working_days": "Mon-Fri", "work_start": "09:00", "work_end": "17:00"})
    assert response.status_code == 400 and "Code &#39;TH&#39; is already used" in response.get_data(as_text=True)
    response = staff_client.post("/administrations/new", data={
        "code": "XK", "name": "Testland", "subregion": "ASEAN", "timezone": "Asia/Bangkok",
        "working_days": "Mon-Fri", "work_start": "17:00", "work_end": "09:00"})
    assert "must be after their start" in response.get_data(as_text=True)


def test_bad_working_week_is_refused(staff_client):
    response = staff_client.post("/administrations/new", data={
        "code": "XK", "name": "Testland", "subregion": "ASEAN", "timezone": "Asia/Bangkok",
        "working_days": "Funday-Friday", "work_start": "09:00", "work_end": "17:00"})
    assert response.status_code == 400 and 'value="Funday-Friday"' in response.get_data(as_text=True)


def _entity(name):
    return db.session.execute(select(RegionalEntity).filter_by(name=name)).scalar_one()


def test_status_change_dated_before_the_previous_one_is_refused(staff_client):
    rtc = _entity("RTC Iran")
    response = staff_client.post(f"/entities/{rtc.id}/status", data={"status": "suspended", "changed_on": "2020-01-01"})
    assert response.status_code == 400
    assert "cannot change before its previous change (30 August 2022)" in response.get_data(as_text=True)
    db.session.expire_all()
    assert [c.status for c in _entity("RTC Iran").status_history] == ["accredited"]


def test_status_change_is_recorded_with_its_date(staff_client):
    rtc = _entity("RTC Iran")
    response = staff_client.post(f"/entities/{rtc.id}/status", data={"status": "suspended", "changed_on": "2025-01-15"})
    assert response.status_code == 302
    db.session.expire_all()
    assert _entity("RTC Iran").status == "suspended"
    assert "suspended" in staff_client.get("/entities/?status=suspended").get_data(as_text=True)


def test_duplicate_entity_name_keeps_the_form(staff_client):
    response = staff_client.post("/entities/new", data={
        "kind": "RTC", "name": "rtc fiji", "host_code": "FJ", "city": "Lautoka", "status": "accredited"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "already used" in page and 'value="Lautoka"' in page


def test_established_before_mou_is_refused(staff_client):
    response = staff_client.post("/entities/new", data={
        "kind": "RCL", "name": "RCL Test", "host_code": "TH", "mou_signed_on": "2024-05-01",
        "established_on": "2024-01-01", "status": "accredited"})
    assert response.status_code == 400 and "before its MoU" in response.get_data(as_text=True)


def test_topics_and_funds_are_public_and_staff_edited(staff_client, client):
    assert "E-Commerce" in client.get("/topics/").get_data(as_text=True)
    response = staff_client.post("/funds/new", data={"code": "ccf/china", "name": "dup"})
    assert response.status_code == 400 and "already used" in response.get_data(as_text=True)
