"""Local times, classes and DST flags of the planner, with values checked by hand against the zone rules."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from rocb.scheduling.planner import (
    EDGE,
    NON_WORKING_DAY,
    OUTSIDE,
    WORKING,
    Constraint,
    Place,
    PlannerError,
    SessionTime,
    check_zone,
    dst_flags,
    find_series,
    find_slots,
    find_slots_naive,
    format_working_days,
    local_times,
    parse_constraint,
    parse_working_days,
    schedule,
)

THAILAND = Place("TH", "Thailand", "Asia/Bangkok")
IRAN = Place("IR", "Iran", "Asia/Tehran", "Sat-Wed")
NEPAL = Place("NP", "Nepal", "Asia/Kathmandu", "Sun-Fri")
BRUNEI = Place("BN", "Brunei Darussalam", "Asia/Brunei", "Mon-Thu+Sat")
SAMOA = Place("WS", "Samoa", "Pacific/Apia")
TONGA = Place("TO", "Tonga", "Pacific/Tongatapu")
AUSTRALIA = Place("AU", "Australia", "Australia/Sydney")
NEW_ZEALAND = Place("NZ", "New Zealand", "Pacific/Auckland")
BRUSSELS = Place.extra_zone("Europe/Brussels")
TOKYO = Place("JP", "Japan", "Asia/Tokyo")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def hour_at(day, start, zone, minutes=60) -> SessionTime:
    """A session agreed as local time in `zone` (60 minutes unless told)."""
    local = datetime.combine(day, start)
    end = (local + timedelta(minutes=minutes)).time()
    return SessionTime.at_local(day, start, end, zone)


# ---------------------------------------------------------------- working weeks and zone names


@pytest.mark.parametrize(("text", "days"), [
    ("Mon-Fri", {0, 1, 2, 3, 4}),
    ("Sat-Wed", {5, 6, 0, 1, 2}),
    ("Sun-Thu", {6, 0, 1, 2, 3}),
    ("Sun-Fri", {6, 0, 1, 2, 3, 4}),
    ("Mon-Thu+Sat", {0, 1, 2, 3, 5}),
])
def test_working_days_of_the_seed_data_read_and_write_back(text, days):
    assert parse_working_days(text) == frozenset(days)
    assert format_working_days(frozenset(days)) == text


@pytest.mark.parametrize("text", ["", "Mon-Fry", "Mon+", "Weekdays"])
def test_unreadable_working_days_are_refused(text):
    with pytest.raises(PlannerError):
        parse_working_days(text)


def test_unknown_zone_is_refused_with_a_hint():
    assert check_zone("Asia/Kathmandu") == "Asia/Kathmandu"
    with pytest.raises(ValueError, match="unknown time zone 'Asia/Katmandoo'"):
        check_zone("Asia/Katmandoo")
    with pytest.raises(ValueError, match="did you mean Europe/Brussels"):
        check_zone("europe/brussels")
    with pytest.raises(PlannerError):
        Place("XX", "Nowhere", "Mars/Olympus_Mons")


# ---------------------------------------------------------------- offsets of 30 and 45 minutes


@pytest.mark.parametrize(("zone", "local"), [
    ("Asia/Kathmandu", "2023-06-05T11:45:00+05:45"),
    ("Asia/Kabul", "2023-06-05T10:30:00+04:30"),
    ("Asia/Tehran", "2023-06-05T09:30:00+03:30"),  # Iran has kept +03:30 all year since 2023
    ("Asia/Kolkata", "2023-06-05T11:30:00+05:30"),
    ("Asia/Yangon", "2023-06-05T12:30:00+06:30"),
    ("Australia/Adelaide", "2023-06-05T15:30:00+09:30"),
])
def test_half_and_three_quarter_hour_offsets(zone, local):
    session = SessionTime(utc(2023, 6, 5, 6), utc(2023, 6, 5, 7))
    seen = local_times(session, Place("X", zone, zone))
    assert seen.to_dict()["local_start"] == local
    assert seen.local_start.astimezone(UTC) == session.start_utc


def test_adelaide_is_half_past_ten_hours_ahead_in_its_summer():
    adelaide = Place("AU-SA", "Adelaide", "Australia/Adelaide")
    seen = local_times(SessionTime(utc(2023, 1, 9, 6), utc(2023, 1, 9, 7)), adelaide)
    assert seen.to_dict()["local_start"] == "2023-01-09T16:30:00+10:30"


def test_local_time_in_json_carries_the_places_offset():
    session = hour_at(date(2021, 3, 29), time(10), "Europe/Brussels")
    data = local_times(session, THAILAND).to_dict()
    assert data["local_start"] == "2021-03-29T15:00:00+07:00"
    assert data["utc_offset"] == "+07:00"
    assert session.to_dict()["start_utc"] == "2021-03-29T08:00:00+00:00"


# ---------------------------------------------------------------- the date line


@pytest.mark.parametrize("place", [SAMOA, TONGA])
def test_monday_morning_in_bangkok_is_monday_afternoon_on_the_date_line(place):
    seen = local_times(hour_at(date(2023, 6, 5), time(9), "Asia/Bangkok"), place)
    assert (seen.weekday, seen.local_start.time(), seen.day_shift) == ("Monday", time(15), 0)


@pytest.mark.parametrize(("day", "hour"), [(date(2023, 1, 16), 21), (date(2023, 6, 5), 20)])
@pytest.mark.parametrize("place", [SAMOA, TONGA])
def test_monday_morning_in_brussels_is_monday_evening_on_the_date_line(place, day, hour):
    seen = local_times(hour_at(day, time(9), "Europe/Brussels"), place)
    assert (seen.weekday, seen.local_start.hour, seen.day_shift) == ("Monday", hour, 0)
    assert seen.fit == OUTSIDE


def test_day_shift_forward_and_back():
    afternoon_in_brussels = local_times(hour_at(date(2023, 1, 16), time(13), "Europe/Brussels"), SAMOA)
    assert (afternoon_in_brussels.weekday, afternoon_in_brussels.local_start.hour) == ("Tuesday", 1)
    assert afternoon_in_brussels.day_shift == 1
    morning_in_apia = local_times(hour_at(date(2023, 1, 16), time(8), "Pacific/Apia"), IRAN)
    assert morning_in_apia.local_start.isoformat() == "2023-01-15T22:30:00+03:30"
    assert (morning_in_apia.weekday, morning_in_apia.day_shift) == ("Sunday", -1)
    assert morning_in_apia.fit == OUTSIDE and morning_in_apia.night


# ---------------------------------------------------------------- DST: Europe, Australia, New Zealand, Samoa


@pytest.mark.parametrize(("day", "sydney", "auckland"), [
    (date(2021, 3, 22), 20, 22),  # Brussels +1, Sydney +11, Auckland +13
    (date(2021, 3, 29), 19, 21),  # Brussels moved to +2 on 28 March
    (date(2021, 4, 6), 18, 20),  # Sydney +10 and Auckland +12 since 4 April
    (date(2021, 9, 28), 18, 21),  # Auckland +13 since 26 September
    (date(2021, 10, 5), 19, 21),  # Sydney +11 since 3 October
    (date(2021, 11, 2), 20, 22),  # Brussels back to +1 on 31 October
])
def test_brussels_to_sydney_and_auckland_across_the_clock_changes(day, sydney, auckland):
    session = hour_at(day, time(10), "Europe/Brussels")
    assert local_times(session, AUSTRALIA).local_start.hour == sydney
    assert local_times(session, NEW_ZEALAND).local_start.hour == auckland


def test_samoa_kept_standard_time_after_its_2021_rule_change():
    before = local_times(SessionTime(utc(2020, 9, 29), utc(2020, 9, 29, 1)), SAMOA)
    after = local_times(SessionTime(utc(2021, 9, 28), utc(2021, 9, 28, 1)), SAMOA)
    assert before.to_dict()["local_start"] == "2020-09-29T14:00:00+14:00"
    assert after.to_dict()["local_start"] == "2021-09-28T13:00:00+13:00"


# ---------------------------------------------------------------- working weeks and classes


@pytest.mark.parametrize(("place", "day", "fit"), [
    (IRAN, date(2023, 6, 4), WORKING),  # Sunday
    (IRAN, date(2023, 6, 8), NON_WORKING_DAY),  # Thursday
    (IRAN, date(2023, 6, 9), NON_WORKING_DAY),  # Friday
    (NEPAL, date(2023, 6, 4), WORKING),  # Sunday
    (NEPAL, date(2023, 6, 10), NON_WORKING_DAY),  # Saturday
    (BRUNEI, date(2023, 6, 9), NON_WORKING_DAY),  # Friday
    (BRUNEI, date(2023, 6, 10), WORKING),  # Saturday
    (THAILAND, date(2023, 6, 4), NON_WORKING_DAY),  # Sunday
])
def test_working_week_of_each_administration(place, day, fit):
    assert local_times(hour_at(day, time(10), place.zone), place).fit == fit


@pytest.mark.parametrize(("start", "minutes", "fit", "night"), [
    (time(9), 480, WORKING, False),
    (time(7), 120, EDGE, False),
    (time(16), 120, EDGE, False),
    (time(18), 60, EDGE, False),
    (time(18), 120, OUTSIDE, False),  # ends 3 h after working hours
    (time(6, 30), 60, OUTSIDE, False),
    (time(5), 120, OUTSIDE, True),
    (time(21), 120, OUTSIDE, True),
    (time(20), 120, OUTSIDE, False),  # ends as the night begins
    (time(6), 60, OUTSIDE, False),  # starts as the night ends
    (time(5, 45), 30, OUTSIDE, True),
])
def test_working_edge_and_outside_hours(start, minutes, fit, night):
    seen = local_times(hour_at(date(2023, 6, 5), start, "Asia/Bangkok", minutes), THAILAND)
    assert (seen.fit, seen.night) == (fit, night)


def test_own_working_hours_of_a_place():
    early = Place("JP", "Japan", "Asia/Tokyo", work_start=time(8, 30), work_end=time(17, 15))
    half_past_eight = hour_at(date(2023, 6, 5), time(8, 30), "Asia/Tokyo")
    assert local_times(half_past_eight, early).fit == WORKING
    assert local_times(half_past_eight, TOKYO).fit == EDGE


def test_whole_day_session_is_the_same_date_everywhere():
    sunday = SessionTime(day=date(2023, 6, 4), reference_zone="Asia/Bangkok")
    iran, thailand, samoa = (local_times(sunday, p) for p in (IRAN, THAILAND, SAMOA))
    assert (iran.local_date, iran.fit, iran.local_start) == (date(2023, 6, 4), WORKING, None)
    assert (thailand.fit, samoa.fit, samoa.day_shift) == (NON_WORKING_DAY, NON_WORKING_DAY, 0)
    assert iran.to_dict()["local_date"] == "2023-06-04"


def test_session_times_are_checked():
    with pytest.raises(PlannerError, match="timezone-aware"):
        SessionTime(datetime(2023, 6, 5, 9), datetime(2023, 6, 5, 10))
    with pytest.raises(PlannerError, match="end after"):
        SessionTime(utc(2023, 6, 5, 9), utc(2023, 6, 5, 9))
    with pytest.raises(PlannerError, match="does not exist"):
        SessionTime.at_local(date(2021, 3, 28), time(2, 30), time(4), "Europe/Brussels")


# ---------------------------------------------------------------- schedule and DST flags


def test_schedule_has_a_row_per_place_and_a_time_per_session():
    sessions = [hour_at(date(2023, 6, 5), time(10), "Asia/Bangkok"),
                hour_at(date(2023, 6, 6), time(10), "Asia/Bangkok")]
    result = schedule(sessions, [THAILAND, SAMOA, BRUSSELS], "Asia/Bangkok")
    assert [row.place.key for row in result.rows] == ["TH", "WS", "Europe/Brussels"]
    brussels = result.rows[2].times
    assert [t.local_start.isoformat() for t in brussels] == ["2023-06-05T05:00:00+02:00",
                                                             "2023-06-06T05:00:00+02:00"]
    data = result.to_dict()
    assert data["rows"][1]["times"][0]["local_start"] == "2023-06-05T16:00:00+13:00"
    assert data["dst_flags"] == []


def test_dst_flag_in_the_week_before_the_workshop():
    sessions = [hour_at(date(2021, 4, 6), time(10), "Asia/Bangkok")]
    [flag] = dst_flags(sessions, [THAILAND, SAMOA])
    assert flag.place == SAMOA and flag.before_workshop
    assert flag.at_utc == utc(2021, 4, 3, 14)  # 04:00 in Apia went back to 03:00
    assert (flag.old_offset, flag.new_offset) == (timedelta(hours=14), timedelta(hours=13))
    assert flag.to_dict()["at_local"] == "2021-04-04T03:00:00+13:00"


def test_dst_flag_during_the_workshop_and_none_when_the_change_is_later():
    sessions = [hour_at(date(2021, 3, 26), time(10), "Europe/Brussels"),
                hour_at(date(2021, 3, 30), time(10), "Europe/Brussels")]
    [flag] = dst_flags(sessions, [BRUSSELS, THAILAND])
    assert (flag.at_utc, flag.before_workshop) == (utc(2021, 3, 28, 1), False)
    assert flag.to_dict()["new_offset"] == "+02:00"
    # Sydney changes on 3 October, the day after this workshop's last session.
    late_september = [SessionTime(day=date(2021, 9, 27)), SessionTime(day=date(2021, 10, 1))]
    flags = dst_flags(late_september, [SAMOA, NEW_ZEALAND, AUSTRALIA])
    assert [(f.place.key, f.at_utc) for f in flags] == [("NZ", utc(2021, 9, 25, 14))]


def test_no_flag_outside_the_week_before():
    assert dst_flags([hour_at(date(2021, 4, 12), time(10), "Asia/Bangkok")], [SAMOA, AUSTRALIA]) == []


# ---------------------------------------------------------------- the slot finder

NEW_YORK = Place.extra_zone("America/New_York")
MONDAY = date(2023, 6, 5)


def test_best_slot_suits_both_places_and_shows_every_local_time():
    [best] = find_slots([THAILAND, BRUSSELS], MONDAY, MONDAY, 60, top=1)
    # Bangkok works 02:00-10:00 UTC, Brussels (summer) 07:00-15:00 UTC: the earliest common hour is 07:00.
    assert best.start_utc == utc(2023, 6, 5, 7)
    assert (best.working_weight, best.working_count, best.night_or_day_off) == (2, 2, 0)
    data = best.to_dict()
    assert data["start_utc"] == "2023-06-05T07:00:00+00:00"
    assert [p["local_start"] for p in data["places"]] == ["2023-06-05T14:00:00+07:00",
                                                          "2023-06-05T09:00:00+02:00"]
    assert [p["class"] for p in data["places"]] == [WORKING, WORKING]


def test_night_and_day_off_break_ties_before_the_earliest():
    slots = find_slots([TOKYO, BRUSSELS], MONDAY, MONDAY, 60, top=3)
    assert slots[0].start_utc == utc(2023, 6, 5, 7)  # both in working hours
    # Tokyo alone is in working hours from 00:00 UTC, but before 04:00 UTC it is night in Brussels.
    assert [s.start_utc for s in slots[1:]] == [utc(2023, 6, 5, 4), utc(2023, 6, 5, 4, 15)]
    assert [s.night_or_day_off for s in slots] == [0, 0, 0]


def test_weights_decide_between_groups_that_cannot_meet():
    # Sydney (+10 in June) works 23:00-07:00 UTC, Brussels 07:00-15:00, New York 13:00-21:00.
    light = find_slots([AUSTRALIA, BRUSSELS, NEW_YORK], MONDAY, MONDAY, 60, top=1)[0]
    heavy = find_slots([Place("AU", "Australia", "Australia/Sydney", weight=3), BRUSSELS, NEW_YORK],
                       MONDAY, MONDAY, 60, top=1)[0]
    assert [p.place.key for p in light.places if p.fit == WORKING] == ["Europe/Brussels", "America/New_York"]
    assert [p.place.key for p in heavy.places if p.fit == WORKING] == ["AU"]
    assert heavy.working_weight == 3


def test_constraint_keeps_the_session_inside_the_local_window():
    slots = find_slots([TOKYO], MONDAY, date(2023, 6, 7), 90, ["Europe/Brussels@08:00-18:00"], top=None)
    assert slots
    for slot in slots:
        brussels = slot.start_utc.astimezone(ZoneInfo("Europe/Brussels"))
        assert time(8) <= brussels.time() and (brussels + timedelta(minutes=90)).time() <= time(18)
    assert slots[0].start_utc == utc(2023, 6, 5, 6)  # 08:00 in Brussels, 15:00 in Tokyo


def test_constraint_text_is_read():
    assert parse_constraint("Europe/Brussels@08:00-18:00") == Constraint("Europe/Brussels", time(8), time(18))
    assert str(parse_constraint(" Asia/Tehran @ 22:00-24:00")) == "Asia/Tehran@22:00-24:00"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"constraints": ["Mars/Base@08:00-18:00"]}, "unknown time zone 'Mars/Base'"),
    ({"search_zone": "Moon/Tranquility"}, "unknown time zone"),
    ({"date_to": date(2023, 6, 4)}, "ends .* before it starts"),
    ({"date_to": date(2023, 7, 6)}, "32 days long; at most 31"),
    ({"duration_minutes": 0}, "between 1 and 720"),
    ({"duration_minutes": 721}, "between 1 and 720"),
    ({"constraints": ["Europe/Brussels@08:00-08:30"]}, "shorter than the 60-minute session"),
    ({"constraints": ["Europe/Brussels@08:00-09:00", "Asia/Tokyo@08:00-09:00"]}, "no start time .*satisf"),
    ({"constraints": ["Brussels 8 to 6"]}, "Zone@HH:MM-HH:MM"),
    ({"constraints": ["Europe/Brussels@08:00-25:00"]}, "00:00 to 24:00"),
    ({"places": []}, "at least one administration"),
    ({"date_from": "5 June"}, "not a date"),
])
def test_bad_searches_are_refused_with_a_clear_message(kwargs, message):
    search = {"places": [THAILAND, BRUSSELS], "date_from": MONDAY, "date_to": MONDAY, "duration_minutes": 60}
    search.update(kwargs)
    for finder in (find_slots, find_slots_naive):
        with pytest.raises(PlannerError, match=message):
            finder(**search)


def test_dates_as_iso_text_are_accepted():
    assert find_slots([THAILAND], "2023-06-05", "2023-06-05", 60, top=1)[0].start_utc == utc(2023, 6, 5, 2)


def test_range_follows_the_search_zone_days():
    slots = find_slots([THAILAND], MONDAY, MONDAY, 60, top=None, search_zone="Asia/Bangkok")
    assert slots[-1].start_utc == utc(2023, 6, 5, 16, 45)  # 23:45 in Bangkok is the last start
    assert min(s.start_utc for s in slots) == utc(2023, 6, 4, 17)


def test_series_shares_out_the_bad_hours():
    places = [SAMOA, IRAN, BRUSSELS]
    week = (date(2023, 6, 5), date(2023, 6, 9))
    top = find_slots(places, *week, 60, top=2)
    assert all(next(p for p in s.places if p.place == SAMOA).fit != WORKING for s in top)
    series = find_series(places, *week, 60, k=2)
    # Apia (+13) and Tehran (+03:30) never share working hours: each has its own session.
    for place in places:
        assert any(next(p for p in s.places if p.place == place).fit == WORKING for s in series)
    assert len({s.start_utc.date() for s in series}) == 2
    assert series == sorted(series, key=lambda s: s.start_utc)


@pytest.mark.parametrize(("k", "message"), [(0, "1 to 5"), (6, "1 to 5"), (5, "only 2 day")])
def test_series_size_is_checked(k, message):
    with pytest.raises(PlannerError, match=message):
        find_series([THAILAND], date(2023, 6, 5), date(2023, 6, 6), 60, k=k)


def test_a_long_workshop_sees_both_clock_changes_of_a_ramadan_suspension():
    casablanca = Place.extra_zone("Africa/Casablanca")
    sessions = [SessionTime(day=date(2023, 3, 13)), SessionTime(day=date(2023, 4, 28))]
    flags = dst_flags(sessions, [casablanca])
    assert [(f.at_utc.date(), f.to_dict()["old_offset"], f.to_dict()["new_offset"]) for f in flags] == [
        (date(2023, 3, 19), "+01:00", "+00:00"), (date(2023, 4, 23), "+00:00", "+01:00")]
