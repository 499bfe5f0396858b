"""The slot finder by time of day: distinct start times, the days each works on, and the 24-hour strips
(working hours, days off, the session), checked against the full ranking and worked out by hand."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from rocb.scheduling.calendars import HoursChange, PlaceCalendar
from rocb.scheduling.planner import NON_WORKING_DAY, Place, PlannerError, SessionTime, find_slots, local_times, rank
from rocb.scheduling.times_of_day import (
    HOUR_DAY_OFF,
    HOUR_OUTSIDE,
    HOUR_PART,
    HOUR_WORKING,
    SLOT_FULL,
    SLOT_PART,
    find_slots_by_time,
    group_by_time,
    hour_strip,
)

THAILAND = Place("TH", "Thailand", "Asia/Bangkok")
JAPAN = Place("JP", "Japan", "Asia/Tokyo")
IRAN = Place("IR", "Iran", "Asia/Tehran", "Sat-Wed")
NEPAL = Place("NP", "Nepal", "Asia/Kathmandu", "Sun-Fri")
BRUSSELS = Place.extra_zone("Europe/Brussels")
BANGKOK = ZoneInfo("Asia/Bangkok")
# Two working weeks for Bangkok, Tokyo and Tehran: the ten best starts are 12:30, 12:45 and 13:00 Bangkok time on
# the first days of the range, over and over.
SEARCH = dict(places=[THAILAND, JAPAN, IRAN], date_from=date(2024, 12, 2), date_to=date(2024, 12, 13),
              duration_minutes=120, search_zone="Asia/Bangkok")


def bangkok(instant: datetime) -> datetime:
    return instant.astimezone(BANGKOK)


def test_five_groups_are_five_start_times_where_the_top_ten_has_three():
    top, groups = find_slots_by_time(**SEARCH)
    assert top == find_slots(**SEARCH)  # the ranked list is unchanged
    assert len({bangkok(s.start_utc).time() for s in top}) == 3
    starts = [g.start for g in groups]
    assert len(groups) == 5 and len(set(starts)) == 5
    assert starts[:3] == [time(12, 30), time(12, 45), time(13, 0)]
    assert groups[0].best == top[0]
    for group in groups:
        assert bangkok(group.best.start_utc).time() == group.start
        assert all(bangkok(d.start_utc).time() == group.start for d in group.days)


def test_each_time_ranks_as_its_best_day_and_lists_every_day_it_is_allowed_on():
    everything = find_slots(**SEARCH, top=None)  # the whole ranking, best first
    groups = group_by_time(rank(**SEARCH), 5)
    first_of_each_time = {}
    for slot in everything:
        first_of_each_time.setdefault(bangkok(slot.start_utc).time(), slot)
    assert [g.best for g in groups] == list(first_of_each_time.values())[:5]  # best first
    for group in groups:
        same_time = [s for s in everything if bangkok(s.start_utc).time() == group.start]
        assert [d.day for d in group.days] == sorted(bangkok(s.start_utc).date() for s in same_time)
        by_day = {bangkok(s.start_utc).date(): s for s in same_time}
        for day in group.days:
            slot = by_day[day.day]
            assert (day.start_utc, day.end_utc) == (slot.start_utc, slot.end_utc)
            assert (day.working_weight, day.working_count, day.night_or_day_off) == (
                slot.working_weight, slot.working_count, slot.night_or_day_off)
            assert day.as_good == ((slot.working_weight, slot.night_or_day_off)
                                   == (group.best.working_weight, group.best.night_or_day_off))
            assert day.not_working == tuple(p.place.key for p in slot.places if p.fit != "working")


def test_12_30_bangkok_works_on_weekdays_and_not_on_the_weekend_or_tehrans():
    group = group_by_time(rank(**SEARCH), 1)[0]
    assert group.start == time(12, 30)
    good = [d.day for d in group.good_days]
    # Mon-Wed work for all three; Thursday and Friday are Iran's weekend, Saturday and Sunday the others'.
    assert good == [date(2024, 12, 2), date(2024, 12, 3), date(2024, 12, 4), date(2024, 12, 9), date(2024, 12, 10),
                    date(2024, 12, 11)]
    thursday = next(d for d in group.days if d.day == date(2024, 12, 5))
    assert not thursday.as_good and thursday.not_working == ("IR",)
    saturday = next(d for d in group.days if d.day == date(2024, 12, 7))
    assert saturday.not_working == ("TH", "JP")
    assert group.to_dict()["days"][0] == {
        "date": "2024-12-02", "start_utc": "2024-12-02T05:30:00+00:00", "end_utc": "2024-12-02T07:30:00+00:00",
        "working_weight": 3, "working_count": 3, "night_or_day_off": 0, "as_good": True, "not_working": [],
        "holidays": {}}


def test_a_day_that_is_a_holiday_somewhere_is_less_good_and_names_it():
    calendars = {"TH": PlaceCalendar({date(2024, 12, 10): "Constitution Day"})}
    group = group_by_time(rank(**SEARCH, calendars=calendars), 1)[0]
    tuesday = next(d for d in group.days if d.day == date(2024, 12, 10))
    assert not tuesday.as_good and tuesday.not_working == ("TH",)
    assert tuesday.not_working_named == ["TH (Constitution Day)"]
    assert tuesday.to_dict()["holidays"] == {"TH": "Constitution Day"}
    assert date(2024, 12, 10) not in [d.day for d in group.good_days]


def test_times_are_read_in_the_reference_zone_kathmandu_quarter_hours():
    groups = group_by_time(rank([NEPAL, THAILAND], date(2024, 12, 2), date(2024, 12, 6), 60,
                                search_zone="Asia/Kathmandu"), 3)
    kathmandu = ZoneInfo("Asia/Kathmandu")
    for group in groups:
        assert group.start.minute in (0, 15, 30, 45)
        assert group.best.start_utc.astimezone(kathmandu).time() == group.start
        assert group.to_dict()["start"] == f"{group.start:%H:%M}"


def test_the_day_the_clocks_go_back_counts_once():
    # Brussels 27 October 2024: 02:00-03:00 happens twice. Every start from 02:00 to 02:45 is one group with
    # one entry per day, that day included.
    ranking = rank([BRUSSELS], date(2024, 10, 26), date(2024, 10, 28), 60, ["Europe/Brussels@02:00-03:45"],
                   search_zone="Europe/Brussels")
    groups = group_by_time(ranking, 10)
    assert sorted(g.start for g in groups) == [time(2, 0), time(2, 15), time(2, 30), time(2, 45)]
    for group in groups:
        assert [d.day for d in group.days] == [date(2024, 10, 26), date(2024, 10, 27), date(2024, 10, 28)]


def test_at_least_one_group():
    with pytest.raises(PlannerError, match="at least one"):
        group_by_time(rank(**SEARCH), 0)


# ---------------------------------------------------------------- 24-hour strips


def strip_of(place, day, start, end, zone, calendar=None):
    session = SessionTime.at_local(day, start, end, zone)
    return hour_strip(local_times(session, place, zone, calendar), calendar)


def test_tehran_saturday_is_a_working_day_with_the_session_marked():
    strip = strip_of(IRAN, date(2024, 12, 7), time(10, 30), time(12, 30), "Asia/Tehran")
    assert strip.weekday == "Saturday" and strip.day_off is None
    assert [h for h, what in enumerate(strip.hours) if what == HOUR_WORKING] == list(range(9, 17))
    assert all(what == HOUR_OUTSIDE for h, what in enumerate(strip.hours) if not 9 <= h < 17)
    assert {h: s for h, s in enumerate(strip.slot) if s} == {10: SLOT_PART, 11: SLOT_FULL, 12: SLOT_PART}
    assert (strip.slot_start, strip.slot_end, strip.continues_next_day) == (time(10, 30), time(12, 30), False)
    assert strip.to_dict()["working_hours"] == "09:00-17:00" and strip.to_dict()["slot_local"] == "10:30-12:30"


def test_tehran_thursday_is_a_day_off_whatever_the_hour():
    # 12:00 Bangkok on Thursday 5 December 2024 is 08:30 Tehran: Iran's weekend.
    session = SessionTime.at_local(date(2024, 12, 5), time(12), time(14), "Asia/Bangkok")
    pt = local_times(session, IRAN, "Asia/Bangkok")
    strip = hour_strip(pt)
    assert pt.fit == NON_WORKING_DAY and strip.day_off == NON_WORKING_DAY and strip.weekday == "Thursday"
    assert set(strip.hours) == {HOUR_DAY_OFF}
    assert {h: s for h, s in enumerate(strip.slot) if s} == {8: SLOT_PART, 9: SLOT_FULL, 10: SLOT_PART}


def test_a_holiday_names_the_day_off_and_changed_hours_replace_the_usual_ones():
    nowruz = PlaceCalendar({date(2026, 3, 21): "Nowruz"})
    strip = strip_of(IRAN, date(2026, 3, 21), time(10), time(12), "Asia/Tehran", nowruz)
    assert strip.day_off == "Nowruz" and set(strip.hours) == {HOUR_DAY_OFF}
    ramadan = PlaceCalendar({}, (HoursChange(date(2026, 2, 18), date(2026, 3, 19), time(8), time(13, 30), "Ramadan"),))
    strip = strip_of(IRAN, date(2026, 3, 1), time(10), time(12), "Asia/Tehran", ramadan)
    assert (strip.work_start, strip.work_end) == (time(8), time(13, 30))
    assert [h for h, what in enumerate(strip.hours) if what == HOUR_WORKING] == [8, 9, 10, 11, 12]
    assert strip.hours[13] == HOUR_PART and strip.hours[14] == HOUR_OUTSIDE


def test_hours_that_start_on_the_half_hour_are_part_working():
    place = Place("XX", "Half past", "Asia/Kolkata", work_start=time(8, 30), work_end=time(16, 30))
    strip = strip_of(place, date(2024, 12, 2), time(9), time(10), "Asia/Kolkata")
    assert strip.hours[8] == strip.hours[16] == HOUR_PART
    assert strip.hours[9:16] == (HOUR_WORKING,) * 7 and strip.hours[7] == strip.hours[17] == HOUR_OUTSIDE


def test_a_session_past_midnight_is_marked_to_midnight_and_says_it_continues():
    session = SessionTime(datetime(2024, 12, 2, 19, 45, tzinfo=UTC), datetime(2024, 12, 2, 21, 45, tzinfo=UTC))
    strip = hour_strip(local_times(session, NEPAL, "UTC"))  # 01:30-03:30 Tuesday in Kathmandu (UTC+05:45)
    assert strip.local_date == date(2024, 12, 3) and not strip.continues_next_day
    assert {h: s for h, s in enumerate(strip.slot) if s} == {1: SLOT_PART, 2: SLOT_FULL, 3: SLOT_PART}
    late = SessionTime(datetime(2024, 12, 2, 17, 15, tzinfo=UTC), datetime(2024, 12, 2, 19, 15, tzinfo=UTC))
    strip = hour_strip(local_times(late, NEPAL, "UTC"))  # 23:00-01:00 in Kathmandu
    assert strip.local_date == date(2024, 12, 2) and strip.continues_next_day
    assert {h: s for h, s in enumerate(strip.slot) if s} == {23: SLOT_FULL}
    assert (strip.slot_start, strip.slot_end) == (time(23), time(1))


def test_groups_carry_one_strip_per_place_of_their_best_day():
    group = group_by_time(rank(**SEARCH), 1)[0]
    assert [s.place_key for s in group.strips] == ["TH", "JP", "IR"]
    for pt, strip in zip(group.best.places, group.strips, strict=True):
        assert strip.local_date == pt.local_start.date()
        assert strip.slot_start == pt.local_start.time()
    tehran = group.strips[2].to_dict()  # 12:30 Bangkok on Monday 2 December is 09:00 Tehran
    assert tehran["slot"][9:11] == ["full", "full"] and tehran["hours"][9] == "working"
    assert len(tehran["hours"]) == len(tehran["slot"]) == 24
    assert datetime.fromisoformat(group.to_dict()["best"]["start_utc"]) - group.best.start_utc == timedelta(0)
