"""Every session of a workshop edited in one table: several changes and deletions in one save, all or nothing; the
feeds' SEQUENCE of each moved session grows and confirmed participants get one update."""

import re
from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from rocb.extensions import db, utcnow
from rocb.mail.models import OutboxMessage
from rocb.nominations import services as nominations
from rocb.workshops.models import Session
from rocb.workshops.signals import schedule_changed
from tests.factories import make_workshop
from tests.nominations.helpers import nominate, open_call, person

DAY = (utcnow() + timedelta(days=60)).date()


def _at(days: int, hour: int) -> datetime:
    day = DAY + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour)


@pytest.fixture
def workshop(staff_client):
    """Four days of a confirmed workshop, 09:00-12:00 Bangkok time, with one confirmed participant from Thailand."""
    w = make_workshop("WCO Asia/Pacific Regional Workshop on Post-Clearance Audit", status="confirmed",
                      sessions=[{"title": f"Day {n + 1}", "local_start": _at(n, 9), "local_end": _at(n, 12)}
                                for n in range(4)])
    call = open_call(w, codes=("TH",))
    [nomination] = nominate(call, "TH", person(1, "th"))
    nominations.decide([nomination], "confirmed")
    db.session.commit()
    return w


def _row(n: int, s: Session, **changes) -> dict:
    values = {"session_id": str(s.id), "title": s.title or "", "zone": s.zone,
              "local_start": s.local_start.strftime("%Y-%m-%dT%H:%M"),
              "local_end": s.local_end.strftime("%Y-%m-%dT%H:%M"), "day": ""}
    values.update(changes)
    return {f"sessions-{n}-{k}": v for k, v in values.items() if v is not None}


def _form(sessions, changes: dict[int, dict]) -> dict:
    data = {}
    for n, s in enumerate(sessions):
        data.update(_row(n, s, **changes.get(n, {})))
    return data


def _sequences(client, workshop_id) -> dict[str, int]:
    feed = Calendar.from_ical(client.get(f"/workshops/{workshop_id}.ics").data)
    return {str(e["UID"]).split("@")[0]: int(e.get("SEQUENCE", 0)) for e in feed.walk("VEVENT")}


def _updates() -> int:
    return db.session.execute(select(func.count(OutboxMessage.id))
                              .where(OutboxMessage.subject.startswith("Updated:"))).scalar_one()


def test_the_table_shows_every_session_as_it_is(workshop, staff_client):
    whole = make_workshop("Diagnostic mission (dates only)", zone=None, sessions=[date(2019, 5, 6)])
    page = staff_client.get(f"/workshops/{workshop.id}/sessions").get_data(as_text=True)
    assert page.count('data-testid="session-row"') == 4
    assert f'value="{_at(1, 9):%Y-%m-%dT%H:%M}"' in page and 'value="Day 2"' in page
    assert '<label class="visually-hidden" for="sessions-1-local_start">Local start of row 2</label>' in page
    dates_only = staff_client.get(f"/workshops/{whole.id}/sessions").get_data(as_text=True)
    assert 'id="sessions-0-all_day" name="sessions-0-all_day" type="checkbox" value="y"' in dates_only
    assert 'value="2019-05-06"' in dates_only
    assert "Edit all sessions" in staff_client.get(f"/workshops/{workshop.id}").get_data(as_text=True)


def test_two_sessions_changed_and_one_deleted_in_one_save(workshop, staff_client):
    sessions = sorted(workshop.sessions, key=lambda s: s.start_utc)
    before = _sequences(staff_client, workshop.id)
    uids = [s.uid for s in sessions]
    heard = []

    def listen(sender, **kwargs):
        heard.append((sender.id, [s.uid for s in kwargs.get("removed", ())]))

    schedule_changed.connect(listen)
    try:
        response = staff_client.post(f"/workshops/{workshop.id}/sessions", data=_form(sessions, {
            0: {"local_start": f"{_at(0, 10):%Y-%m-%dT%H:%M}", "local_end": f"{_at(0, 13):%Y-%m-%dT%H:%M}"},
            1: {"title": "Day 2: risk profiling", "zone": "Asia/Tokyo"},
            2: {"remove": "y"}}))
    finally:
        schedule_changed.disconnect(listen)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert heard == [(workshop.id, [uids[2]])]  # once for the whole table, with the deleted session

    db.session.expire_all()
    left = db.session.execute(select(Session).where(Session.workshop_id == workshop.id)
                              .order_by(Session.start_utc)).scalars().all()
    assert [s.uid for s in left] == [uids[0], uids[1], uids[3]]
    assert (left[0].local_start, left[0].local_end) == (_at(0, 10), _at(0, 13))
    assert (left[1].title, left[1].zone, left[1].local_start) == ("Day 2: risk profiling", "Asia/Tokyo", _at(1, 9))
    after = _sequences(staff_client, workshop.id)
    assert after[uids[0]] > before[uids[0]] and after[uids[1]] > before[uids[1]]
    assert after[uids[3]] == before[uids[3]] and uids[2] not in after
    assert _updates() == 1  # the confirmed participant gets one update, not one per row
    follow = staff_client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Sessions saved: 2 moved, 1 deleted." in follow


def test_an_invalid_row_saves_nothing_and_shows_the_error_at_its_row(workshop, staff_client):
    sessions = sorted(workshop.sessions, key=lambda s: s.start_utc)
    before = _sequences(staff_client, workshop.id)
    typed_start = f"{_at(1, 15):%Y-%m-%dT%H:%M}"
    response = staff_client.post(f"/workshops/{workshop.id}/sessions", data=_form(sessions, {
        0: {"local_start": f"{_at(0, 10):%Y-%m-%dT%H:%M}"},
        1: {"local_start": typed_start, "title": "Typed title"},  # ends (12:00) before it starts (15:00)
        2: {"remove": "y"}}))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    row = re.search(r'<tr id="row-2"[^>]*>.*?</tr>', page, re.S).group(0)
    assert "table-danger" in row and 'aria-describedby="sessions-1-local_end-error"' in row
    assert re.search(r'id="sessions-1-local_end-error"[^>]*>The session must end after it starts', row)
    assert f'value="{typed_start}"' in row and 'value="Typed title"' in row  # what was typed is kept
    assert "table-danger" not in re.search(r'<tr id="row-1"[^>]*>', page).group(0)
    assert " checked " in re.search(r'<input[^>]*id="sessions-2-remove"[^>]*>', page).group(0)  # still ticked
    assert "Nothing was saved" in page and 'href="#row-2"' in page

    db.session.expire_all()
    assert len(db.session.execute(select(Session).where(Session.workshop_id == workshop.id)).all()) == 4
    assert db.session.get(Session, sessions[0].id).local_start == _at(0, 9)
    assert _sequences(staff_client, workshop.id) == before
    assert _updates() == 0


def test_a_refusal_of_the_service_is_shown_at_its_row_and_field(staff_client):
    # 02:30 on the last Sunday of March does not exist in Brussels: the clocks skip that hour.
    w = make_workshop("Meeting with the WCO Secretariat", zone="Europe/Brussels", sessions=[
        {"local_start": datetime(2030, 3, 29, 9), "local_end": datetime(2030, 3, 29, 11)},
        {"local_start": datetime(2030, 3, 30, 9), "local_end": datetime(2030, 3, 30, 11)}])
    sessions = sorted(w.sessions, key=lambda s: s.start_utc)
    response = staff_client.post(f"/workshops/{w.id}/sessions", data=_form(sessions, {
        0: {"title": "Opening"},
        1: {"local_start": "2030-03-31T02:30", "local_end": "2030-03-31T04:00"}}))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    row = re.search(r'<tr id="row-2"[^>]*>.*?</tr>', page, re.S).group(0)
    assert re.search(r'id="sessions-1-local_start-error"[^>]*>31 March 2030 02:30 does not exist', row)
    db.session.expire_all()
    assert db.session.get(Session, sessions[0].id).title is None  # the valid row was not kept either


def test_rows_that_are_not_this_workshop_s_sessions_are_refused(workshop, staff_client):
    other = make_workshop("Another workshop", sessions=[(_at(9, 9), _at(9, 12))])
    sessions = sorted(workshop.sessions, key=lambda s: s.start_utc)
    data = _form(sessions[:1], {0: {"title": "Renamed"}})
    data.update(_row(1, other.sessions[0], remove="y"))
    data.update(_row(2, sessions[1], session_id="²"))
    response = staff_client.post(f"/workshops/{workshop.id}/sessions", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert page.count("not a session of this workshop") >= 2
    db.session.expire_all()
    assert db.session.get(Session, other.sessions[0].id) is not None
    assert db.session.get(Session, sessions[0].id).title == "Day 1"


def test_nothing_changed_writes_nothing(workshop, staff_client):
    sessions = sorted(workshop.sessions, key=lambda s: s.start_utc)
    before = _sequences(staff_client, workshop.id)
    response = staff_client.post(f"/workshops/{workshop.id}/sessions", data=_form(sessions, {}),
                                 follow_redirects=True)
    assert "Nothing changed." in response.get_data(as_text=True)
    assert _sequences(staff_client, workshop.id) == before and _updates() == 0


def test_only_staff_edit_the_table(workshop, app):
    from tests.conftest import login, make_user

    client = app.test_client()  # not the staff's
    assert client.get(f"/workshops/{workshop.id}/sessions").status_code in (302, 401)
    make_user("focal@customs.go.th", "focal_point", "TH")
    login(client, "focal@customs.go.th")
    assert client.get(f"/workshops/{workshop.id}/sessions").status_code == 403
