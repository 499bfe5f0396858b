"""Staff change a cycle after creating it; the delivery window's default; the paged list of cycles."""

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from rocb.analytics.frames import cycle_windows
from rocb.audit import AuditEntry
from rocb.extensions import db
from rocb.surveys.models import CycleTopic, SurveyCycle, delivery_window_of
from tests.surveys.conftest import TOPICS, item, make_cycle
from tests.surveys.test_staff import _answer


def _edit(**changes):
    data = {"title": "Needs Survey 2021 (revised)", "opens_at": "2021-03-01T09:00", "closes_at": "2021-04-30T23:59",
            "zone": "Asia/Bangkok", "topic_codes": TOPICS, "window_start": "", "window_end": ""}
    data.update(changes)
    return data


def _updates():
    return db.session.execute(select(AuditEntry).where(AuditEntry.record_type == "SurveyCycle",
                                                       AuditEntry.action == "update")).scalars().all()


def _stored(year=2021):
    db.session.expire_all()
    return db.session.execute(select(SurveyCycle).where(SurveyCycle.year == year)).scalar_one()


def test_staff_change_title_dates_and_delivery_window_audited(staff_client, open_cycle):
    form = staff_client.get("/surveys/2021/edit").get_data(as_text=True)
    assert 'value="Needs Survey 2021"' in form and 'name="year"' not in form  # the year is the address
    page = staff_client.post("/surveys/2021/edit", data=_edit(window_start="2021-07-01", window_end="2022-06-30"))
    assert page.status_code == 302 and page.headers["Location"].endswith("/surveys/2021/")
    cycle = _stored()
    assert cycle.title == "Needs Survey 2021 (revised)"
    assert cycle.opens_at == datetime(2021, 3, 1, 2, 0, tzinfo=UTC)
    assert cycle.closes_at == datetime(2021, 4, 30, 16, 59, tzinfo=UTC)
    assert cycle.delivery_window() == (date(2021, 7, 1), date(2022, 6, 30))
    [entry] = _updates()
    assert set(entry.changes) == {"title", "opens_at", "closes_at", "window_start", "window_end"}
    assert entry.changes["title"] == ["Needs Survey 2021", "Needs Survey 2021 (revised)"]
    assert entry.actor == "staff@rocb-ap.org"
    assert "2021-07-01 to 2022-06-30" in staff_client.get("/surveys/2021/").get_data(as_text=True)


def test_edit_form_shows_the_stored_times_in_bangkok_and_saving_them_unchanged_writes_nothing(staff_client,
                                                                                              open_cycle):
    cycle = _stored()
    cycle.opens_at, cycle.closes_at = datetime(2021, 3, 1, 2, 0, tzinfo=UTC), datetime(2021, 4, 30, 16, 59, tzinfo=UTC)
    db.session.commit()
    form = staff_client.get("/surveys/2021/edit").get_data(as_text=True)
    assert 'value="2021-03-01T09:00"' in form and 'value="2021-04-30T23:59"' in form
    assert staff_client.post("/surveys/2021/edit", data=_edit(title="Needs Survey 2021")).status_code == 302
    assert _updates() == []


def test_topics_change_while_nobody_has_answered(staff_client, open_cycle):
    page = staff_client.post("/surveys/2021/edit", data=_edit(topic_codes=["aeo", "risk-management"]))
    assert page.status_code == 302
    cycle = _stored()
    assert [t.code for t in cycle.topics] == ["aeo", "risk-management"]
    assert cycle.topics[1].name.startswith("Risk") and [t.position for t in cycle.topics] == [0, 1]
    assert _updates()[0].changes["topics"] == [TOPICS, ["aeo", "risk-management"]]
    assert len(db.session.execute(select(CycleTopic)).scalars().all()) == 2  # the removed ones are gone


def test_topics_are_frozen_once_an_administration_has_answered(staff_client, open_cycle):
    _answer("TH", aeo=item("high", 10))
    form = staff_client.get("/surveys/2021/edit").get_data(as_text=True)
    assert "The topics are frozen: 1 administration has answered" in form
    select_tag = re.search(r'<select[^>]*name="topic_codes"[^>]*>', form).group(0)
    assert "disabled" in select_tag

    refused = staff_client.post("/surveys/2021/edit", data=_edit(topic_codes=["aeo", "risk-management"]))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "the answers refer to these topics" in html
    assert 'value="Needs Survey 2021 (revised)"' in html  # what was typed is still there
    cycle = _stored()
    assert [t.code for t in cycle.topics] == TOPICS and cycle.title == "Needs Survey 2021" and _updates() == []

    # The disabled select posts nothing: the other fields still change, the topics stay.
    data = _edit()
    del data["topic_codes"]
    assert staff_client.post("/surveys/2021/edit", data=data).status_code == 302
    cycle = _stored()
    assert cycle.title == "Needs Survey 2021 (revised)" and [t.code for t in cycle.topics] == TOPICS


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"closes_at": "2021-02-01T09:00"}, "closes_at", "The survey must close after it opens."),
    ({"window_start": "2021-09-01", "window_end": "2021-08-31"}, "window_end",
     "The delivery window must end after it starts."),
    ({"window_start": "2022-06-01"}, "window_start", "Without an end, the window ends on 30 April 2022"),
])
def test_bad_dates_come_back_with_the_typed_values_and_the_error_at_the_field(staff_client, open_cycle, changes,
                                                                             field, message):
    before = _stored()
    title, opens, closes = before.title, before.opens_at, before.closes_at
    page = staff_client.post("/surveys/2021/edit", data=_edit(**changes))
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    # the message sits right after its own field
    after_field = html.split(f'name="{field}"')[1].split('class="mb-3"')[0]
    assert message in after_field
    for value in changes.values():
        assert f'value="{value}"' in html
    assert 'value="Needs Survey 2021 (revised)"' in html
    cycle = _stored()
    assert (cycle.title, cycle.opens_at, cycle.closes_at, cycle.window_start) == (title, opens, closes, None)
    assert _updates() == []


def test_only_staff_edit_a_cycle(focal_point_client, open_cycle):
    assert focal_point_client.get("/surveys/2021/edit").status_code == 403
    assert focal_point_client.post("/surveys/2021/edit", data=_edit()).status_code == 403
    assert _stored().title == "Needs Survey 2021"


def test_unknown_cycle_is_404(staff_client, seeded):
    assert staff_client.get("/surveys/1999/edit").status_code == 404


@pytest.mark.parametrize(("closing_day", "window"), [
    (date(2022, 4, 30), (date(2022, 5, 1), date(2023, 4, 30))),
    (date(2021, 6, 30), (date(2021, 7, 1), date(2022, 6, 30))),
    (date(2023, 12, 31), (date(2024, 1, 1), date(2024, 12, 31))),
    (date(2024, 2, 29), (date(2024, 3, 1), date(2025, 2, 28))),
    (date(2024, 1, 31), (date(2024, 2, 1), date(2025, 1, 31))),
])
def test_default_delivery_window_is_the_12_months_after_the_closing_day_as_analytics_count(closing_day, window):
    assert delivery_window_of(closing_day) == window
    frame = cycle_windows([{"year": 2000, "closes": closing_day}])
    assert (frame["window_start"][0].date(), frame["window_end"][0].date()) == window


def test_one_stated_end_keeps_the_default_other_end(seeded):
    cycle = make_cycle(2021, opens=datetime(2021, 3, 1, tzinfo=UTC), closes=datetime(2021, 6, 30, 10, tzinfo=UTC))
    cycle.window_start = date(2021, 9, 1)
    assert cycle.delivery_window() == (date(2021, 9, 1), date(2022, 6, 30))
    cycle.window_start, cycle.window_end = None, date(2021, 12, 31)
    assert cycle.delivery_window() == (date(2021, 7, 1), date(2021, 12, 31))


def test_public_cycle_list_is_paged(client, seeded):
    for year in range(1991, 2021):  # 30 cycles
        db.session.add(SurveyCycle(year=year, title=f"Needs Survey {year}", opens_at=datetime(year, 3, 1, tzinfo=UTC),
                                   closes_at=datetime(year, 4, 30, tzinfo=UTC)))
    db.session.commit()
    first = client.get("/surveys/").get_data(as_text=True)
    assert first.count("<td>Needs Survey ") == 25
    assert "Needs Survey 2020" in first and "Needs Survey 1996" in first and "Needs Survey 1995" not in first
    assert "30 in all · page 1 of 2" in first and "/surveys/?page=2" in first
    second = client.get("/surveys/?page=2").get_data(as_text=True)
    assert second.count("<td>Needs Survey ") == 5 and "Needs Survey 1995" in second and "Needs Survey 1991" in second
    assert client.get("/surveys/?page=abc").status_code == 200


def test_a_short_cycle_list_has_no_page_links(client, seeded):
    make_cycle(2021)
    html = client.get("/surveys/").get_data(as_text=True)
    assert "Needs Survey 2021" in html and "page 1 of" not in html
