"""What seven parsers found in the feeds (issue 15): no METHOD, names escaped, an empty calendar still valid,
cancelled sessions named and kept until passed, topics as CATEGORIES, TRANSP, CONFERENCE in private copies.
Every feed is read by the three parsers of test_ical (libical: test_libical.py)."""

import datetime as dt

import icalendar
import vobject
from ical.calendar_stream import IcsCalendarStream

from rocb.feeds.ical import feed_window_filter
from tests.feeds.test_ical import JOIN, NOW, PARSERS, feed, read_everywhere, timed, whole_days


def test_a_subscription_feed_carries_no_method_so_no_itip_rule_applies():
    """METHOD:PUBLISH would make it an iTIP message, which needs an ORGANIZER (libical refuses it without)."""
    for ics in (feed([timed()]), feed([timed()], private=True), feed([])):
        assert b"METHOD" not in ics
        assert "METHOD" not in icalendar.Calendar.from_ical(ics)
        assert "method" not in vobject.readOne(ics.decode()).contents


HONG_KONG = "ROCB A/P workshops — Hong Kong, China; SAR \\ test"


def test_calendar_names_are_escaped_text_and_read_whole_by_every_parser():
    ics = feed([timed()], name=HONG_KONG)
    assert b"NAME:ROCB A/P workshops \xe2\x80\x94 Hong Kong\\, China\\; SAR \\\\ test\r\n" in ics
    assert b"X-WR-CALNAME:ROCB A/P workshops \xe2\x80\x94 Hong Kong\\, China\\; SAR \\\\ test\r\n" in ics
    calendar = vobject.readOne(ics.decode())
    assert calendar.contents["name"][0].value == HONG_KONG
    assert calendar.contents["x-wr-calname"][0].value == HONG_KONG
    assert IcsCalendarStream.calendar_from_ics(ics.decode()).name == [HONG_KONG]
    parsed = icalendar.Calendar.from_ical(ics)  # icalendar has no type for NAME: it keeps the escaped text
    for name in ("NAME", "X-WR-CALNAME"):
        assert str(parsed[name]) == "ROCB A/P workshops — Hong Kong\\, China\\; SAR \\\\ test"


def test_an_empty_calendar_carries_only_a_utc_timezone_that_no_client_shows():
    """RFC 5545 wants at least one component: a VTIMEZONE for UTC, which every parser accepts and none shows."""
    ics = feed([])
    assert b"BEGIN:VTIMEZONE\r\nTZID:UTC\r\n" in ics
    assert b"VEVENT" not in ics
    assert all(events == [] for events in read_everywhere(ics).values())
    assert [c.name for c in icalendar.Calendar.from_ical(ics).subcomponents] == ["VTIMEZONE"]
    assert [z.tz_id for z in IcsCalendarStream.calendar_from_ics(ics.decode()).timezones] == ["UTC"]
    assert list(vobject.readOne(ics.decode()).contents["vtimezone"][0].getChildren())
    assert b"VTIMEZONE" not in feed([timed()])  # a calendar with events needs none


def test_a_cancelled_session_says_so_in_its_summary_in_every_parser():
    for name, (p,) in read_everywhere(feed([timed(status="cancelled")])).items():
        assert p.summary == "Cancelled: Regional workshop on AEO", name
        assert p.status == "CANCELLED", name
    for name, (p,) in read_everywhere(feed([timed(status="postponed")])).items():
        assert p.summary == "Regional workshop on AEO", name


def test_a_cancelled_session_ahead_stays_until_it_has_passed_however_long_ago_it_was_cancelled():
    long_ago = NOW - dt.timedelta(days=400)
    ahead = timed(uid="ahead@x", start=NOW + dt.timedelta(days=60), status="cancelled", last_modified=long_ago)
    today = timed(uid="today@x", start=NOW - dt.timedelta(hours=1), status="cancelled", last_modified=long_ago)
    passed = timed(uid="passed@x", start=NOW - dt.timedelta(days=2), status="cancelled", last_modified=long_ago)
    days_ahead = whole_days(uid="days@x", first=NOW.date(), last=NOW.date() + dt.timedelta(days=1),
                            status="cancelled", last_modified=long_ago)
    kept = feed_window_filter([ahead, today, passed, days_ahead], NOW)
    assert [e.uid for e in kept] == ["ahead@x", "today@x", "days@x"]


def categories_everywhere(ics):
    (vevent,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    (event,) = IcsCalendarStream.calendar_from_ics(ics.decode()).events
    (vo,) = vobject.readOne(ics.decode()).contents["vevent"]
    return {"icalendar": list(vevent["CATEGORIES"].cats), "ical": event.categories, "vobject": vo.categories.value}


def test_topics_are_categories_in_every_parser():
    topics = ["Risk management", "Authorized Economic Operator (AEO) and mutual recognition"]
    assert categories_everywhere(feed([timed(topics=tuple(topics))])) == dict.fromkeys(PARSERS, topics)
    assert b"CATEGORIES" not in feed([timed()])
    # a comma inside a topic is escaped (RFC 5545 3.3.11); ical splits it anyway (no seeded topic has one)
    read = categories_everywhere(feed([timed(topics=("Risk management", "AEO, MRA"))]))
    assert read["icalendar"] == read["vobject"] == ["Risk management", "AEO, MRA"]


def test_public_feeds_do_not_block_time_and_private_ones_do():
    public, private = feed([timed()]), feed([timed()], private=True)
    (vevent,) = icalendar.Calendar.from_ical(public).walk("VEVENT")
    assert str(vevent["TRANSP"]) == "TRANSPARENT"
    (event,) = IcsCalendarStream.calendar_from_ics(public.decode()).events
    assert str(event.transparency) == "TRANSPARENT"
    (vevent,) = icalendar.Calendar.from_ical(private).walk("VEVENT")
    assert str(vevent["TRANSP"]) == "OPAQUE"


def test_a_private_copy_gives_the_join_link_as_conference_and_a_public_one_does_not():
    event = timed(mode="online", join_link=JOIN)
    private = feed([event], private=True)
    (vevent,) = icalendar.Calendar.from_ical(private).walk("VEVENT")
    conference = vevent["CONFERENCE"]
    assert str(conference) == JOIN
    assert conference.params["VALUE"] == "URI" and conference.params["FEATURE"] == "VIDEO"
    (vo,) = vobject.readOne(private.decode()).contents["vevent"]
    assert vo.conference.value == JOIN
    assert b"CONFERENCE" not in feed([event])
    assert b"CONFERENCE" not in feed([timed()], private=True)  # no link, no conference
