"""The pure series finder of "propose a workshop": same local time each day, weekends and holidays avoided, experts'
hours as hard or soft constraints, who pays, bad input."""

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from rocb.scheduling.calendars import PlaceCalendar
from rocb.scheduling.planner import NON_WORKING_DAY, WORKING, Place, PlannerError
from rocb.scheduling.proposal import propose_series, propose_series_naive, span_days
from rocb.scheduling.public_holidays import holidays_between

PACIFIC = [Place("FJ", "Fiji", "Pacific/Fiji"), Place("WS", "Samoa", "Pacific/Apia"),
           Place("TO", "Tonga", "Pacific/Tongatapu"), Place("PG", "Papua New Guinea", "Pacific/Port_Moresby")]
BRUSSELS = [Place("expert:1", "A. Expert", "Europe/Brussels", work_start=time(8), work_end=time(18)),
            Place("expert:2", "B. Expert", "Europe/Brussels", work_start=time(8), work_end=time(18))]


def calendars(places, countries=None, first=date(2026, 1, 1), last=date(2026, 12, 31)):
    countries = countries or {}
    return {p.key: PlaceCalendar(holidays_between(countries.get(p.key, p.key), first, last)) for p in places}


def test_a_series_is_the_same_local_time_on_working_days_and_says_who_pays():
    places = PACIFIC + BRUSSELS
    cals = calendars(places, {"expert:1": "BE", "expert:2": "BE"})
    proposals = propose_series(places, date(2026, 3, 2), date(2026, 4, 30), 3, 120, "Europe/Brussels",
                               calendars=cals)
    best = proposals[0]
    assert len(best.sessions) == 3 and len(set(best.days)) == 3
    locals_ = {s.start_utc.astimezone(ZoneInfo("Europe/Brussels")).time() for s in best.sessions}
    assert locals_ == {best.local_start}
    assert all(d.weekday() < 5 for d in best.days)
    assert max(best.days) - min(best.days) < timedelta(days=span_days(3))
    # Nobody is on a non-working day; Brussels and the Pacific are 11-13 hours apart, so someone pays.
    assert all(c.non_working_day == 0 for c in best.costs)
    assert any(c.pays for c in best.costs)
    assert [c.place.key for c in best.costs] == [p.key for p in places]
    assert best.to_dict()["who_pays"][0]["place"] == "FJ"
    assert len({p.local_start for p in proposals}) == len(proposals)  # alternatives at other local times


def test_hard_expert_hours_keep_every_session_inside_them():
    places = PACIFIC + BRUSSELS
    cals = calendars(places, {"expert:1": "BE", "expert:2": "BE"})
    best = propose_series(places, date(2026, 3, 2), date(2026, 4, 30), 3, 120, "Asia/Bangkok",
                          required=["expert:1", "expert:2"], calendars=cals)[0]
    for slot in best.sessions:
        assert [p.fit for p in slot.places[-2:]] == [WORKING, WORKING]
    assert not any(h for c in best.costs[-2:] for h in c.holidays)


def test_a_series_skips_songkran_for_thailand():
    th = Place("TH", "Thailand", "Asia/Bangkok")
    best = propose_series([th], date(2026, 4, 13), date(2026, 4, 24), 3, 120, "Asia/Bangkok",
                          calendars=calendars([th]))[0]
    assert best.days == (date(2026, 4, 16), date(2026, 4, 17), date(2026, 4, 20))
    assert best.costs[0].working == 3 and best.costs[0].holidays == ()


def test_when_every_day_is_a_holiday_the_cost_names_it():
    th = Place("TH", "Thailand", "Asia/Bangkok")
    best = propose_series([th], date(2026, 4, 13), date(2026, 4, 14), 2, 60, "Asia/Bangkok",
                          calendars=calendars([th]))[0]
    assert best.costs[0].non_working_day == 2 and best.costs[0].holidays == ("Songkran Festival",)
    assert best.sessions[0].places[0].fit == NON_WORKING_DAY


def test_fast_and_naive_series_agree():
    places = PACIFIC + BRUSSELS + [Place("IR", "Iran", "Asia/Tehran", "Sat-Wed")]
    cals = calendars(places, {"expert:1": "BE", "expert:2": "BE"})
    args = (places, date(2026, 3, 16), date(2026, 4, 5), 2, 90, "Asia/Bangkok")
    assert propose_series(*args, calendars=cals) == propose_series_naive(*args, calendars=cals)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"date_to": date(2027, 3, 3)}, "367 days long; at most 366"),
    ({"days": 11}, "1 to 10 days"),
    ({"minutes": 5}, "15 to 600 minutes"),
    ({"required": ["expert:9"]}, "expert:9"),
    ({"date_to": date(2026, 3, 1)}, "before it starts"),
])
def test_bad_input_is_refused_with_a_clear_message(kwargs, message):
    args = {"places": PACIFIC, "date_from": date(2026, 3, 2), "date_to": date(2026, 3, 31), "days": 3,
            "minutes": 120, "reference_zone": "Asia/Bangkok"} | kwargs
    with pytest.raises(PlannerError, match=message):
        propose_series(**args)


def test_no_series_inside_impossible_hard_hours():
    night_owl = Place("expert:3", "C. Expert", "Pacific/Apia", work_start=time(9), work_end=time(10))
    with pytest.raises(PlannerError, match="working hours of expert:3"):
        propose_series([night_owl], date(2026, 3, 2), date(2026, 3, 31), 3, 120, "Asia/Bangkok",
                       required=["expert:3"])
