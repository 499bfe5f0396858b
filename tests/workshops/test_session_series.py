"""Sessions added as a series: "4 days from 20 Nov, 14:00-17:00 Tokyo time", all or nothing."""

from datetime import datetime

from tests.factories import make_workshop


def test_four_days_in_tokyo_time(staff_client):
    w = make_workshop("WCO Asia/Pacific Regional Workshop on Data Analytics", zone="Asia/Bangkok")
    response = staff_client.post(f"/workshops/{w.id}/sessions/series", data={
        "first_day": "2026-11-20", "days": "4", "start": "14:00", "end": "17:00", "zone": "Asia/Tokyo",
        "title": "Day"}, follow_redirects=True)
    assert response.status_code == 200
    assert "Sessions added, one a day" in response.get_data(as_text=True)
    sessions = sorted(w.sessions, key=lambda s: s.local_start)
    assert [(s.title, s.local_start, s.local_end, s.zone) for s in sessions] == [
        (f"Day {i + 1}", datetime(2026, 11, 20 + i, 14), datetime(2026, 11, 20 + i, 17), "Asia/Tokyo")
        for i in range(4)]
    assert sessions[0].start_utc.hour == 5  # 14:00 in Tokyo is 05:00 UTC
    assert (w.first_day.isoformat(), w.last_day.isoformat()) == ("2026-11-20", "2026-11-23")


def test_weekends_skipped_when_asked(staff_client):
    w = make_workshop("Sub-Regional Workshop on AEO")
    staff_client.post(f"/workshops/{w.id}/sessions/series", data={
        "first_day": "2026-11-20", "days": "3", "start": "09:00", "end": "12:00", "working_days_only": "y"})
    assert [s.local_start.strftime("%a %d") for s in sorted(w.sessions, key=lambda s: s.local_start)] == [
        "Fri 20", "Mon 23", "Tue 24"]


def test_bad_input_keeps_what_was_typed_and_adds_nothing(staff_client):
    w = make_workshop("Sub-Regional Workshop on AEO")
    response = staff_client.post(f"/workshops/{w.id}/sessions/series", data={
        "first_day": "2026-11-20", "days": "4", "start": "17:00", "end": "14:00", "zone": "Asia/Tokio"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "must end after they start" in page and "Asia/Tokio" in page
    assert w.sessions == []


def test_a_first_day_outside_the_records_range_is_refused_at_the_field(staff_client):
    w = make_workshop("Sub-Regional Workshop on AEO")
    for day in ("0001-01-01", "9999-12-31"):
        response = staff_client.post(f"/workshops/{w.id}/sessions/series", data={
            "first_day": day, "days": "2", "start": "09:00", "end": "12:00"})
        assert response.status_code == 400
        assert "Give a date from 1950-01-01 to 2100-12-31." in response.get_data(as_text=True)
    assert w.sessions == []
