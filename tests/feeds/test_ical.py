"""The calendar builder: every feed is read back by three independent parsers (icalendar, ical, vobject),
which must agree with each other and with the instants that were put in."""

import dataclasses
import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

from rocb.feeds.ical import (
    PRODID,
    FeedEvent,
    FeedMeta,
    build_calendar,
    feed_window_filter,
    google_calendar_link,
)

UTC = dt.UTC
STAMP = dt.datetime(2021, 3, 1, 9, 0, tzinfo=UTC)
JOIN = "https://zoom.example/j/123456?pwd=secret"


def timed(uid="s1@rocb.example", start=dt.datetime(2021, 3, 29, 8, 0, tzinfo=UTC), hours=2, **fields):
    values = dict(
        uid=uid, sequence=0, status="confirmed", title="Regional workshop on AEO",
        reference_zone="Europe/Brussels", location="Online", url="https://rocb.example/workshops/7",
        created=STAMP, last_modified=STAMP, start_utc=start, end_utc=start + dt.timedelta(hours=hours),
    )
    values.update(fields)
    return FeedEvent(**values)


def whole_days(uid="d1@rocb.example", first=dt.date(2021, 1, 12), last=dt.date(2021, 1, 15), **fields):
    values = dict(
        uid=uid, sequence=0, status="held", title="National workshop on risk management",
        reference_zone="Asia/Bangkok", location="Bangkok", url="https://rocb.example/workshops/8",
        created=STAMP, last_modified=STAMP, first_day=first, last_day=last,
    )
    values.update(fields)
    return FeedEvent(**values)


def feed(events, private=False, name="ROCB A/P workshops — Thailand"):
    return build_calendar(FeedMeta(name=name, private=private), events)


@dataclasses.dataclass
class Parsed:
    uid: str
    start: object
    end: object
    summary: str
    description: str
    location: str
    status: str
    sequence: int


def read_with_icalendar(ics):
    calendar = icalendar.Calendar.from_ical(ics)
    return [
        Parsed(str(e["UID"]), e["DTSTART"].dt, e["DTEND"].dt, str(e["SUMMARY"]), str(e["DESCRIPTION"]),
               str(e["LOCATION"]), str(e["STATUS"]), int(e["SEQUENCE"]))
        for e in calendar.walk("VEVENT")
    ]


def read_with_ical(ics):
    calendar = IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))
    return [
        Parsed(e.uid, e.dtstart, e.dtend, e.summary, e.description, e.location, str(e.status.value),
               e.sequence)
        for e in calendar.events
    ]


def read_with_vobject(ics):
    calendar = vobject.readOne(ics.decode("utf-8"))
    return [
        Parsed(e.uid.value, e.dtstart.value, e.dtend.value, e.summary.value, e.description.value,
               e.location.value, e.status.value, int(e.sequence.value))
        for e in calendar.contents.get("vevent", [])
    ]


PARSERS = {"icalendar": read_with_icalendar, "ical": read_with_ical, "vobject": read_with_vobject}


def read_everywhere(ics):
    """{parser name: [Parsed, ...]}; every parser must read the feed."""
    return {name: read(ics) for name, read in PARSERS.items()}


def same_value(parsed, expected):
    """A date equals a date; a datetime equals the same instant and is not floating."""
    if isinstance(expected, dt.datetime):
        return isinstance(parsed, dt.datetime) and parsed.utcoffset() is not None and parsed == expected
    return type(parsed) is dt.date and parsed == expected


def assert_any_tzid_has_its_vtimezone(ics):
    text = ics.decode("utf-8")
    used = set(re.findall(r";TZID=\"?([^\";:]+)", text))
    defined = set(re.findall(r"BEGIN:VTIMEZONE\r\nTZID:([^\r\n]+)", text))
    missing = used - defined
    assert not missing, f"TZID without VTIMEZONE: {sorted(missing)}"


def assert_wire_format(ics):
    assert ics.endswith(b"\r\n")
    lines = ics.split(b"\r\n")[:-1]
    assert not any(b"\n" in line or b"\r" in line for line in lines), "bare LF or CR in the feed"
    for line in lines:
        assert len(line) <= 75, f"line of {len(line)} octets: {line!r}"
        line.decode("utf-8")  # folding never cuts a character in two


ZONES_AND_INSTANTS = [
    ("Europe/Brussels", dt.datetime(2021, 1, 12, 9, 0, tzinfo=UTC)),
    ("Europe/Brussels", dt.datetime(2021, 3, 29, 8, 0, tzinfo=UTC)),
    ("Asia/Tehran", dt.datetime(2023, 1, 10, 6, 30, tzinfo=UTC)),
    ("Australia/Adelaide", dt.datetime(2021, 1, 11, 23, 30, tzinfo=UTC)),
    ("Pacific/Apia", dt.datetime(2021, 3, 29, 20, 0, tzinfo=UTC)),
    ("Asia/Kathmandu", dt.datetime(2022, 5, 2, 4, 15, tzinfo=UTC)),
]


def test_timed_sessions_are_read_as_the_same_utc_instants_by_all_three_parsers():
    events = [timed(uid=f"s{i}@rocb.example", start=start, reference_zone=zone)
              for i, (zone, start) in enumerate(ZONES_AND_INSTANTS)]
    ics = feed(events)
    assert b"DTSTART:20210329T080000Z\r\nDTEND:20210329T100000Z\r\n" in ics
    for name, parsed in read_everywhere(ics).items():
        assert [p.uid for p in parsed] == [e.uid for e in events], name
        for event, p in zip(events, parsed, strict=True):
            assert same_value(p.start, event.start_utc), (name, event.reference_zone, p.start)
            assert same_value(p.end, event.end_utc), (name, event.reference_zone, p.end)


def test_a_start_given_in_another_zone_is_written_as_its_utc_instant():
    from zoneinfo import ZoneInfo

    start = dt.datetime(2021, 3, 29, 10, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    ics = feed([timed(start=start)])
    assert b"DTSTART:20210329T080000Z\r\n" in ics
    for name, (p,) in read_everywhere(ics).items():
        assert same_value(p.start, start), name


def test_whole_day_sessions_are_dates_with_an_exclusive_end_in_all_three_parsers():
    ics = feed([whole_days(first=dt.date(2021, 1, 12), last=dt.date(2021, 1, 15)),
                whole_days(uid="d2@rocb.example", first=dt.date(2021, 12, 31), last=dt.date(2021, 12, 31))])
    assert b"DTSTART;VALUE=DATE:20210112\r\nDTEND;VALUE=DATE:20210116\r\n" in ics
    assert b"DTSTART;VALUE=DATE:20211231\r\nDTEND;VALUE=DATE:20220101\r\n" in ics
    for name, (four_days, one_day) in read_everywhere(ics).items():
        assert same_value(four_days.start, dt.date(2021, 1, 12)), name
        assert same_value(four_days.end, dt.date(2021, 1, 16)), name
        assert same_value(one_day.end, dt.date(2022, 1, 1)), name


def test_no_tzid_and_no_calendar_timezone_anywhere_in_a_feed():
    ics = feed([timed(uid=f"s{i}@x", start=start, reference_zone=zone)
                for i, (zone, start) in enumerate(ZONES_AND_INSTANTS)] + [whole_days()])
    assert b"TZID" not in ics
    assert b"VTIMEZONE" not in ics
    assert b"X-WR-TIMEZONE" not in ics  # would make some clients shift every event
    assert_any_tzid_has_its_vtimezone(ics)


def test_the_tzid_check_catches_a_tzid_without_its_vtimezone():
    from zoneinfo import ZoneInfo

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//test//EN")
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", "tz@x")
    event.add("dtstamp", STAMP)
    event.add("dtstart", dt.datetime(2021, 3, 29, 10, 0, tzinfo=ZoneInfo("Europe/Brussels")))
    calendar.add_component(event)
    with pytest.raises(AssertionError, match="Europe/Brussels"):
        assert_any_tzid_has_its_vtimezone(calendar.to_ical())
    calendar.add_missing_timezones()
    assert_any_tzid_has_its_vtimezone(calendar.to_ical())


def test_uids_are_written_unchanged_and_a_duplicate_is_refused():
    events = [timed(uid="6f1c2a9e-0b4d-4c51-9d1e-2a1f3b4c5d6e@rocb.example"),
              whole_days(uid="d9@rocb.example")]
    for name, parsed in read_everywhere(feed(events)).items():
        uids = [p.uid for p in parsed]
        assert uids == [e.uid for e in events], name
        assert len(set(uids)) == len(uids), name
    with pytest.raises(ValueError, match="twice"):
        feed([timed(uid="same@x"), whole_days(uid="same@x")])


def test_sequence_is_written_so_clients_take_a_moved_session():
    before = timed(sequence=0)
    moved = dataclasses.replace(before, sequence=1, start_utc=before.start_utc + dt.timedelta(hours=1),
                                end_utc=before.end_utc + dt.timedelta(hours=1))
    for name, read in PARSERS.items():
        (old,), (new,) = read(feed([before])), read(feed([moved]))
        assert (old.uid, old.sequence) == (before.uid, 0), name
        assert (new.uid, new.sequence) == (before.uid, 1), name
        assert same_value(new.start, moved.start_utc), name


@pytest.mark.parametrize(
    ("status", "ical_status"),
    [("planned", "TENTATIVE"), ("postponed", "TENTATIVE"), ("confirmed", "CONFIRMED"),
     ("held", "CONFIRMED"), ("cancelled", "CANCELLED")],
)
def test_session_status_becomes_the_calendar_status(status, ical_status):
    for name, (p,) in read_everywhere(feed([timed(status=status)])).items():
        assert p.status == ical_status, name


def test_lines_end_in_crlf_and_are_folded_at_75_octets_even_in_thai_and_emoji():
    long_title = "การประชุมเชิงปฏิบัติการระดับภูมิภาค 🎉 " * 6
    events = [timed(title=long_title, organizers=("WCO Secretariat", "ROCB A/P", "Japan Customs") * 5,
                    topics=("Authorized Economic Operator",) * 8, mode="hybrid", join_link=JOIN),
              whole_days(title="x" * 300)]
    ics = feed(events, private=True)
    assert_wire_format(ics)
    for name, parsed in read_everywhere(ics).items():
        assert parsed[0].summary == long_title, name
        assert parsed[1].summary == "x" * 300, name


def test_an_empty_feed_parses_everywhere_and_says_whose_it_is():
    ics = feed([], name="ROCB A/P workshops — Thailand")
    assert_wire_format(ics)
    assert all(parsed == [] for parsed in read_everywhere(ics).values())
    calendar = icalendar.Calendar.from_ical(ics)
    assert str(calendar["PRODID"]) == PRODID == "-//WCO ROCB A/P//ROCB Capacity//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert "METHOD" not in calendar
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"]) == "ROCB A/P workshops — Thailand"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in ics
    assert b"X-PUBLISHED-TTL:PT6H\r\n" in ics
    assert vobject.readOne(ics.decode()).contents["x-wr-calname"][0].value == "ROCB A/P workshops — Thailand"


def test_refresh_interval_follows_the_meta():
    ics = build_calendar(FeedMeta(name="n", refresh_hours=12), [])
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in ics and b"X-PUBLISHED-TTL:PT12H\r\n" in ics


@pytest.mark.parametrize(
    "text",
    [
        "Workshop on AEO, MRA; and SAFE",
        "Back\\slash \\n not a newline, C:\\path\\",
        "Two\nlines",
        "การประชุมเชิงปฏิบัติการ ศุลกากร",
        "海关能力建设区域研讨会",
        "کارگاه منطقه‌ای گمرک",
        "Kick-off 🚀🇹🇭 “quoted” — dash",
    ],
)
def test_titles_and_places_survive_the_round_trip_in_all_three_parsers(text):
    event = timed(title=text, location=text, organizers=(text,))
    for name, (p,) in read_everywhere(feed([event])).items():
        assert p.summary == text, name
        assert p.location == text, name
        assert f"Organizers: {text}" in p.description, name


def test_the_join_link_is_only_in_a_private_feed():
    event = timed(mode="online", join_link=JOIN)
    public, private = feed([event]), feed([event], private=True)
    assert JOIN.encode() not in public.replace(b"\r\n ", b"")
    assert b"zoom.example" not in public.replace(b"\r\n ", b"")
    for name, (p,) in read_everywhere(private).items():
        assert p.description.endswith(f"Join: {JOIN}"), name
    for name, (p,) in read_everywhere(public).items():
        assert "Join:" not in p.description, name


def test_the_description_lists_organizers_fund_topics_mode_and_page_in_plain_text():
    event = timed(organizers=("WCO Secretariat", "ROCB A/P"), fund="CCF/Japan",
                  topics=("Risk management", "Post-clearance audit"), mode="online")
    for name, (p,) in read_everywhere(feed([event])).items():
        assert p.description.split("\n") == [
            "10:00-12:00 Brussels time (CEST)",
            "Organizers: WCO Secretariat, ROCB A/P",
            "Fund: CCF/Japan",
            "Topics: Risk management, Post-clearance audit",
            "Mode: online",
            "Workshop page: https://rocb.example/workshops/7",
        ], name


@pytest.mark.parametrize(
    ("zone", "start", "hours", "first_line"),
    [
        ("Europe/Brussels", dt.datetime(2021, 1, 12, 9, 0, tzinfo=UTC), 2, "10:00-12:00 Brussels time (CET)"),
        ("Europe/Brussels", dt.datetime(2021, 3, 29, 8, 0, tzinfo=UTC), 2,
         "10:00-12:00 Brussels time (CEST)"),
        ("Europe/Brussels", dt.datetime(2021, 3, 28, 0, 30, tzinfo=UTC), 1,
         "01:30-03:30 Brussels time (CET to CEST)"),
        ("Europe/Brussels", dt.datetime(2021, 3, 29, 21, 0, tzinfo=UTC), 2,
         "Mon 29 Mar 2021 23:00 - Tue 30 Mar 2021 01:00 Brussels time (CEST)"),
        ("Asia/Tehran", dt.datetime(2023, 1, 10, 6, 30, tzinfo=UTC), 2,
         "10:00-12:00 Tehran time (UTC+03:30)"),
        ("Australia/Adelaide", dt.datetime(2021, 1, 11, 23, 30, tzinfo=UTC), 2,
         "Tue 12 Jan 2021, 10:00-12:00 Adelaide time (ACDT)"),
        ("Australia/Adelaide", dt.datetime(2021, 7, 12, 0, 30, tzinfo=UTC), 2,
         "10:00-12:00 Adelaide time (ACST)"),
        ("Pacific/Apia", dt.datetime(2021, 3, 29, 20, 0, tzinfo=UTC), 2,
         "Tue 30 Mar 2021, 10:00-12:00 Apia time (UTC+14:00)"),
        ("Pacific/Apia", dt.datetime(2022, 7, 12, 21, 0, tzinfo=UTC), 2,
         "Wed 13 Jul 2022, 10:00-12:00 Apia time (UTC+13:00)"),
        ("America/Argentina/Buenos_Aires", dt.datetime(2022, 5, 2, 13, 0, tzinfo=UTC), 2,
         "10:00-12:00 Buenos Aires time (UTC-03:00)"),
        ("UTC", dt.datetime(2022, 5, 2, 13, 0, tzinfo=UTC), 2, "13:00-15:00 UTC"),
    ],
)
def test_the_description_starts_with_the_local_time_in_the_reference_zone(zone, start, hours, first_line):
    event = timed(reference_zone=zone, start=start, hours=hours)
    for name, (p,) in read_everywhere(feed([event])).items():
        assert p.description.split("\n")[0] == first_line, name


def test_whole_day_description_gives_the_days():
    one = whole_days(uid="a@x", first=dt.date(2021, 1, 12), last=dt.date(2021, 1, 12))
    four = whole_days(uid="b@x")
    parsed = read_with_vobject(feed([one, four]))
    assert parsed[0].description.split("\n")[0] == "Whole day, Tue 12 Jan 2021"
    assert parsed[1].description.split("\n")[0] == "Whole days, Tue 12 Jan 2021 - Fri 15 Jan 2021"


def test_every_event_carries_stamp_times_page_and_place():
    event = timed(created=dt.datetime(2020, 11, 2, 3, 4, 5, tzinfo=UTC),
                  last_modified=dt.datetime(2021, 2, 3, 4, 5, 6, tzinfo=UTC), location="Bangkok")
    (vevent,) = icalendar.Calendar.from_ical(feed([event])).walk("VEVENT")
    # without METHOD, DTSTAMP is when the event was last revised (RFC 5545 3.8.7.2): the same as LAST-MODIFIED
    assert vevent["DTSTAMP"].dt == event.last_modified
    assert vevent["CREATED"].dt == event.created
    assert vevent["LAST-MODIFIED"].dt == event.last_modified
    assert str(vevent["URL"]) == "https://rocb.example/workshops/7"
    assert str(vevent["LOCATION"]) == "Bangkok"


def test_the_same_data_gives_the_same_bytes():
    events = [timed(), whole_days()]
    assert feed(events) == feed(list(events))  # ETags and caches depend on it


def test_google_calendar_link_for_a_timed_session():
    event = timed(title="AEO, MRA & SAFE — ทดสอบ", location="Online", join_link=JOIN)
    link = google_calendar_link(event)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "calendar.google.com", "/calendar/render")
    query = parse_qs(parts.query)
    assert query["action"] == ["TEMPLATE"]
    assert query["text"] == ["AEO, MRA & SAFE — ทดสอบ"]
    assert query["dates"] == ["20210329T080000Z/20210329T100000Z"]
    assert query["location"] == ["Online"]
    assert query["details"][0].startswith("10:00-12:00 Brussels time (CEST)\n")
    assert "zoom.example" not in link


def test_google_calendar_link_for_whole_days_has_an_exclusive_end():
    query = parse_qs(urlsplit(google_calendar_link(whole_days())).query)
    assert query["dates"] == ["20210112/20210116"]


NOW = dt.datetime(2024, 3, 31, 12, 0, tzinfo=UTC)


def test_the_feed_window_keeps_the_last_12_months_and_everything_ahead():
    year_ago = dt.datetime(2023, 3, 31, 12, 0, tzinfo=UTC)
    kept = [
        timed(uid="ends-exactly-12-months-ago@x", start=year_ago - dt.timedelta(hours=2)),
        timed(uid="last-month@x", start=NOW - dt.timedelta(days=30)),
        timed(uid="next-year@x", start=NOW + dt.timedelta(days=400)),
        whole_days(uid="days-ending-12-months-ago@x", first=dt.date(2023, 3, 28), last=dt.date(2023, 3, 31)),
    ]
    dropped = [
        timed(uid="just-older@x", start=year_ago - dt.timedelta(hours=2, minutes=1)),
        whole_days(uid="days-older@x", first=dt.date(2023, 3, 27), last=dt.date(2023, 3, 30)),
    ]
    assert [e.uid for e in feed_window_filter(dropped + kept, NOW)] == [e.uid for e in kept]


def test_twelve_months_before_a_leap_day_is_the_last_day_of_february():
    leap_now = dt.datetime(2024, 2, 29, 12, 0, tzinfo=UTC)
    event = whole_days(first=dt.date(2023, 2, 28), last=dt.date(2023, 2, 28))
    assert feed_window_filter([event], leap_now) == [event]
    assert feed_window_filter([dataclasses.replace(event, first_day=dt.date(2023, 2, 27),
                                                   last_day=dt.date(2023, 2, 27))], leap_now) == []


def test_a_passed_cancelled_session_stays_30_days_after_its_cancellation_then_leaves():
    passed = NOW - dt.timedelta(days=60)
    recent = timed(uid="recent@x", start=passed, status="cancelled", last_modified=NOW - dt.timedelta(days=30))
    old = timed(uid="old@x", start=passed, status="cancelled", last_modified=NOW - dt.timedelta(days=31))
    postponed = timed(uid="postponed@x", start=passed, status="postponed",
                      last_modified=NOW - dt.timedelta(days=90))
    assert [e.uid for e in feed_window_filter([recent, old, postponed], NOW)] == ["recent@x", "postponed@x"]
    (p,) = read_with_ical(feed([recent]))
    assert str(p.status) == "CANCELLED"


@pytest.mark.parametrize(
    "fields",
    [
        {"start_utc": dt.datetime(2021, 3, 29, 8, 0)},  # naive
        {"end_utc": dt.datetime(2021, 3, 29, 7, 0, tzinfo=UTC)},  # ends before it starts
        {"first_day": dt.date(2021, 3, 29), "last_day": dt.date(2021, 3, 29)},  # both shapes
        {"status": "done"},
        {"reference_zone": "Europe/Brusels"},
        {"created": dt.datetime(2021, 1, 1)},
    ],
)
def test_a_session_the_feed_cannot_show_correctly_is_refused(fields):
    with pytest.raises(ValueError):
        timed(**fields)


def test_whole_days_must_be_dates_in_order():
    with pytest.raises(ValueError):
        whole_days(first=dt.date(2021, 1, 15), last=dt.date(2021, 1, 12))
    with pytest.raises(ValueError):
        whole_days(first=dt.datetime(2021, 1, 12, tzinfo=UTC), last=dt.datetime(2021, 1, 13, tzinfo=UTC))
    with pytest.raises(ValueError):
        FeedMeta(name="n", refresh_hours=0)

