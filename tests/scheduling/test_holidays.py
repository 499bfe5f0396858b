"""Public holidays in the pure planner: 1 January and Songkran flagged and ranked below the next working day for the
places that keep them; Iran's and Afghanistan's weekends and holidays; dated working-hours changes; and the holiday
package covering the region."""

import csv
from datetime import date, time
from pathlib import Path

import pytest

from rocb.scheduling.calendars import HoursChange, PlaceCalendar
from rocb.scheduling.planner import NON_WORKING_DAY, WORKING, Place, SessionTime, find_slots, find_slots_naive, schedule
from rocb.scheduling.public_holidays import holidays_between, missing_countries, public_holidays

# The 35 administrations of the real seed.
with open(Path(__file__).parents[2] / "seed" / "administrations.csv", encoding="utf-8") as handle:
    REGION = [row["code"] for row in csv.DictReader(handle)]

TH = Place("TH", "Thailand", "Asia/Bangkok")
JP = Place("JP", "Japan", "Asia/Tokyo")
IR = Place("IR", "Iran", "Asia/Tehran", "Sat-Wed")
AF = Place("AF", "Afghanistan", "Asia/Kabul", "Sat-Wed")


def calendars(*places, first=date(2025, 12, 1), last=date(2027, 1, 31)):
    return {p.key: PlaceCalendar(holidays_between(p.key, first, last)) for p in places}


def test_the_holiday_package_covers_every_administration_of_the_region():
    assert len(REGION) == 35
    assert missing_countries(REGION) == []
    assert missing_countries(["TH", "XX"]) == ["XX"]


def test_holidays_are_computed_once_per_country_and_year():
    public_holidays.cache_clear()
    holidays_between("TH", date(2026, 1, 1), date(2026, 12, 31))
    holidays_between("TH", date(2026, 4, 1), date(2026, 4, 30))
    holidays_between("TH", date(2026, 12, 1), date(2027, 1, 31))
    info = public_holidays.cache_info()
    assert (info.misses, info.hits) == (2, 2)  # 2026 once, 2027 once


def test_songkran_is_flagged_and_ranked_below_the_next_working_day_in_thailand():
    cals = calendars(TH)
    assert [cals["TH"].holiday_on(date(2026, 4, d)) for d in (13, 14, 15, 16)] == [
        "Songkran Festival", "Songkran Festival", "Songkran Festival", None]
    slots = find_slots([TH], date(2026, 4, 13), date(2026, 4, 16), 120, search_zone="Asia/Bangkok", calendars=cals,
                       top=None)
    assert slots[0].places[0].local_start.date() == date(2026, 4, 16)
    on_songkran = [s for s in slots if s.places[0].local_start.date() == date(2026, 4, 13)]
    assert on_songkran and all(s.places[0].holiday == "Songkran Festival" for s in on_songkran)
    assert all(s.places[0].fit == NON_WORKING_DAY for s in on_songkran)
    best_working = slots.index(next(s for s in slots if s.places[0].fit == WORKING))
    worst_working = max(i for i, s in enumerate(slots) if s.places[0].fit == WORKING)
    first_holiday = slots.index(on_songkran[0])
    assert best_working == 0 and first_holiday > worst_working
    # Without the calendar the same search proposes Songkran itself (what the planner used to do).
    assert find_slots([TH], date(2026, 4, 13), date(2026, 4, 16), 120, search_zone="Asia/Bangkok",
                      top=1)[0].places[0].local_start.date() == date(2026, 4, 13)


def test_songkran_costs_thailand_only_japan_keeps_working():
    cals = calendars(TH, JP)
    slot = find_slots([TH, JP], date(2026, 4, 14), date(2026, 4, 14), 120, search_zone="Asia/Bangkok",
                      calendars=cals, top=1)[0]
    th, jp = slot.places
    assert (th.holiday, th.fit) == ("Songkran Festival", NON_WORKING_DAY)
    assert (jp.holiday, jp.fit) == (None, WORKING)
    assert slot.to_dict()["places"][0]["holiday"] == "Songkran Festival"
    assert slot.to_dict()["places"][1]["holiday"] is None


def test_new_years_day_is_ranked_below_the_next_working_day_and_named_per_place():
    # Thailand also keeps Friday 2 January 2026 (a bridge holiday); 3-4 January is a weekend.
    places = [TH, JP]
    slots = find_slots(places, date(2026, 1, 1), date(2026, 1, 5), 120, search_zone="Asia/Bangkok",
                       calendars=calendars(*places), top=None)
    assert slots[0].places[0].local_start.date() == date(2026, 1, 5) and slots[0].working_count == 2
    jan1 = next(s for s in slots if s.places[0].local_start.date() == date(2026, 1, 1))
    assert [p.holiday for p in jan1.places] == ["New Year's Day", "New Year's Day"]
    assert jan1.working_count == 0
    jan2 = next(s for s in slots if s.places[0].local_start.date() == date(2026, 1, 2) and s.places[1].fit == WORKING)
    assert [p.holiday for p in jan2.places] == ["Bridge Public Holiday", None]
    assert slots.index(jan2) > max(i for i, s in enumerate(slots) if s.working_count == 2)


def test_iran_keeps_a_thursday_friday_weekend_and_nowruz():
    # 2026-03-19 is a Thursday, 03-20 a Friday; Nowruz falls on 21-24 March; Saturday 28 March is a working day.
    times = {d: SessionTime.at_local(date(2026, 3, d), time(10), time(12), "Asia/Tehran") for d in range(18, 29)}
    row = schedule(times.values(), [IR], "Asia/Tehran", calendars(IR)).rows[0]
    by_day = dict(zip(times, row.times, strict=True))
    assert by_day[18].fit == WORKING  # Wednesday
    assert by_day[19].fit == NON_WORKING_DAY and by_day[19].holiday is None  # Thursday: the weekend
    assert by_day[21].holiday and "Nowruz" in by_day[21].holiday
    assert by_day[24].fit == NON_WORKING_DAY and "Nowruz" in by_day[24].holiday
    assert by_day[28].fit == WORKING  # Saturday is a working day in Iran
    best = find_slots([IR], date(2026, 3, 19), date(2026, 3, 28), 120, search_zone="Asia/Tehran",
                      calendars=calendars(IR), top=1)[0].places[0]
    assert best.local_start.date() == date(2026, 3, 25)  # the first day after the weekend and Nowruz


def test_afghanistan_weekend_and_liberation_day():
    # 15 February 2026 (Liberation Day) is a Sunday, a working day of Afghanistan's Sat-Wed week.
    cals = calendars(AF)
    assert cals["AF"].holiday_on(date(2026, 2, 15)) == "Liberation Day"
    slots = find_slots([AF], date(2026, 2, 12), date(2026, 2, 16), 120, search_zone="Asia/Kabul", calendars=cals,
                       top=None)
    assert slots[0].places[0].local_start.date() == date(2026, 2, 14)  # Saturday: Thu 12, Fri 13 are the weekend
    days_working = {s.places[0].local_start.date() for s in slots if s.places[0].fit == WORKING}
    assert days_working == {date(2026, 2, 14), date(2026, 2, 16)}


def test_a_dated_hours_change_replaces_working_hours_on_its_days():
    ramadan = HoursChange(date(2026, 2, 18), date(2026, 3, 19), time(8), time(13), "Ramadan hours")
    cals = {"AF": PlaceCalendar({}, (ramadan,))}
    inside = SessionTime.at_local(date(2026, 2, 21), time(14), time(16), "Asia/Kabul")
    after = SessionTime.at_local(date(2026, 3, 21), time(14), time(16), "Asia/Kabul")
    row = schedule([inside, after], [AF], "Asia/Kabul", cals).rows[0]
    assert (row.times[0].fit, row.times[0].hours_change) == ("outside", "Ramadan hours")
    assert (row.times[1].fit, row.times[1].hours_change) == (WORKING, None)


@pytest.mark.parametrize("places", [[TH, JP, IR, AF], [Place("WS", "Samoa", "Pacific/Apia"), TH]])
def test_fast_and_naive_slot_finders_agree_with_holidays_and_hours_changes(places):
    cals = calendars(*places)
    cals[places[-1].key] = PlaceCalendar(cals[places[-1].key].holidays,
                                         (HoursChange(date(2026, 3, 20), date(2026, 3, 24), time(7), time(12), "x"),))
    args = (places, date(2026, 3, 16), date(2026, 4, 15), 90)
    fast = find_slots(*args, search_zone="Asia/Bangkok", calendars=cals, top=50)
    assert fast == find_slots_naive(*args, search_zone="Asia/Bangkok", calendars=cals, top=50)
