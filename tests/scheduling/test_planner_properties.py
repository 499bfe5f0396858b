"""Properties of the planner, checked by hypothesis on random zones, instants and searches."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rocb.scheduling.planner import (
    NON_WORKING_DAY,
    WORKING,
    Constraint,
    Place,
    PlannerError,
    SessionTime,
    find_slots,
    find_slots_naive,
    local_times,
)
from rocb.scheduling.zones import offset_segments, offsets_at

REGION = [
    "Asia/Kabul", "Asia/Dhaka", "Asia/Thimphu", "Asia/Kolkata", "Asia/Tehran", "Indian/Maldives",
    "Asia/Kathmandu", "Asia/Karachi", "Asia/Colombo", "Asia/Shanghai", "Asia/Ulaanbaatar", "Asia/Tokyo",
    "Asia/Yangon", "Asia/Bangkok", "Australia/Sydney", "Australia/Adelaide", "Pacific/Fiji",
    "Pacific/Auckland", "Pacific/Apia", "Pacific/Tongatapu", "Pacific/Efate", "Asia/Dili",
    "Europe/Brussels", "America/New_York",
]
# Zones with odd rules, to stress the offset segments: 30-minute DST, +12:45, Ramadan suspensions, -03:30.
ODD = ["Australia/Lord_Howe", "Pacific/Chatham", "Africa/Casablanca", "America/St_Johns", "America/Santiago",
       "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"]
ZONES = REGION + ODD
WEEKS = ["Mon-Fri", "Sat-Wed", "Sun-Thu", "Sun-Fri", "Mon-Thu+Sat"]
# Start days next to clock changes (EU, Australia/NZ, Samoa 2020-21, Iran 2022, Fiji, Morocco 2023).
NEAR_CHANGES = [date(2021, 3, 26), date(2021, 4, 2), date(2021, 9, 24), date(2021, 10, 1), date(2021, 10, 29),
                date(2020, 9, 25), date(2022, 3, 20), date(2022, 9, 20), date(2019, 11, 9), date(2023, 3, 18),
                date(2023, 4, 22), date(2024, 10, 5)]

instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 12, 31),
                        timezones=st.just(UTC))
places = st.builds(
    lambda zone, week, start, hours, weight, i: Place(f"P{i}", zone, zone, week, time(start),
                                                      time(start + hours), weight),
    st.sampled_from(ZONES), st.sampled_from(WEEKS), st.integers(6, 10), st.integers(6, 10),
    st.integers(0, 5), st.integers(0, 10_000),
)
search_days = st.one_of(st.sampled_from(NEAR_CHANGES), st.dates(date(2019, 1, 1), date(2025, 12, 31)))


@given(instants, st.integers(1, 720), st.sampled_from(ZONES), st.sampled_from(ZONES))
def test_every_local_time_converts_back_to_the_same_instant(start, minutes, zone, reference):
    session = SessionTime(start, start + timedelta(minutes=minutes), reference_zone=reference)
    seen = local_times(session, Place("X", zone, zone))
    data = seen.to_dict()
    assert datetime.fromisoformat(data["local_start"]) == session.start_utc
    assert datetime.fromisoformat(data["local_end"]) == session.end_utc
    assert str(seen.local_start.tzinfo) == zone
    reference_day = start.astimezone(ZoneInfo(reference)).date()
    assert seen.day_shift == (seen.local_date - reference_day).days
    assert seen.weekday == seen.local_start.strftime("%A")


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(ZONES), search_days)
def test_offset_segments_match_zoneinfo_at_every_quarter_hour(zone, first):
    start = int(datetime.combine(first, time(0), tzinfo=UTC).timestamp())
    end = start + 31 * 86_400
    quarter_hours = np.arange(start, end, 900, dtype=np.int64)
    segments = offset_segments(zone, start, end)
    # The exact instants of the changes, and the second before each, must be right too.
    instants = np.unique(np.concatenate([quarter_hours, segments[0], segments[0][1:] - 1]))
    zi = ZoneInfo(zone)
    expected = [datetime.fromtimestamp(t, tz=zi).utcoffset().total_seconds() for t in instants.tolist()]
    assert offsets_at(segments, instants).tolist() == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(places, min_size=1, max_size=6), search_days, st.integers(0, 2),
       st.sampled_from([15, 30, 45, 60, 90, 120, 240, 720]), st.sampled_from([15, 30, 60]))
def test_ranking_never_prefers_fewer_weighted_places_in_working_hours(chosen, first, extra, minutes, step):
    slots = find_slots(chosen, first, first + timedelta(days=extra), minutes, step_minutes=step, top=None)
    assert len(slots) == (extra + 1) * 24 * 60 // step
    keys = [(-s.working_weight, s.night_or_day_off, s.start_utc) for s in slots]
    assert keys == sorted(keys)
    for slot in slots:
        working = [p for p in slot.places if p.fit == WORKING]
        assert slot.working_weight == sum(p.place.weight for p in working)
        assert slot.working_count == len(working)
        assert slot.night_or_day_off == sum(p.night or p.fit == NON_WORKING_DAY for p in slot.places)
        for p in slot.places:
            assert p.local_start.astimezone(UTC) == slot.start_utc
            assert p.local_end.astimezone(UTC) == slot.end_utc


constraints = st.builds(
    lambda zone, start, hours: Constraint(zone, time(start), time((start + hours) % 24)),
    st.sampled_from(ZONES), st.integers(0, 23), st.integers(1, 24),
)


SEARCH_ZONES = ["UTC", "Asia/Bangkok", "Europe/Brussels", "Pacific/Apia"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(places, min_size=1, max_size=5), search_days, st.integers(0, 2),
       st.one_of(st.integers(1, 180), st.integers(1, 720)), st.lists(constraints, max_size=2),
       st.sampled_from(SEARCH_ZONES))
def test_fast_and_naive_slot_finders_agree(chosen, first, extra, minutes, required, search_zone):
    last = first + timedelta(days=extra)
    outcomes = []
    for finder in (find_slots, find_slots_naive):
        try:
            outcomes.append(finder(chosen, first, last, minutes, required, top=None, search_zone=search_zone))
        except PlannerError as error:
            outcomes.append(str(error))
    event("refused" if isinstance(outcomes[0], str) else "slots found")
    assert outcomes[0] == outcomes[1]
