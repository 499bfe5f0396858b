"""Invitations read back by the three parsers the feeds are tested with (icalendar, ical, vobject): METHOD,
ORGANIZER, ATTENDEE, UID, SEQUENCE and the instants agree; the join link only in the private copy."""

import datetime as dt

import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

from rocb.nominations.invitations import Invitation, build_invitation
from tests.feeds.test_ical import JOIN, STAMP, assert_wire_format, read_everywhere, same_value, timed, whole_days

OFFICE = "rocb-ap@rocb.example"


def invite(event=None, method="REQUEST", private=True):
    return Invitation(event or timed(uid="s1-n7@rocb.example", sequence=3, join_link=JOIN), OFFICE, "ROCB A/P",
                      "somchai@customs.go.th", "Somchai Jaidee", method=method, private=private)


def methods_and_people(ics):
    """{parser: (METHOD, ORGANIZER, ATTENDEE)} as each parser reads them."""
    cal = icalendar.Calendar.from_ical(ics)
    event = cal.walk("VEVENT")[0]
    by_icalendar = (str(cal["METHOD"]), str(event["ORGANIZER"]), str(event["ATTENDEE"]))
    stream = IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))
    ev = stream.events[0]
    by_ical = (stream.method, ev.organizer.uri, ev.attendees[0].uri)
    v = vobject.readOne(ics.decode("utf-8"))
    by_vobject = (v.method.value, v.vevent.organizer.value, v.vevent.attendee.value)
    return {"icalendar": by_icalendar, "ical": by_ical, "vobject": by_vobject}


def test_a_request_names_organizer_and_attendee_in_every_parser():
    ics = build_invitation(invite(), STAMP)
    assert_wire_format(ics)
    for name, found in methods_and_people(ics).items():
        assert found == ("REQUEST", f"mailto:{OFFICE}", "mailto:somchai@customs.go.th"), name
    for name, events in read_everywhere(ics).items():
        (e,) = events
        assert e.uid == "s1-n7@rocb.example" and e.sequence == 3 and e.status == "CONFIRMED", name
        assert same_value(e.start, dt.datetime(2021, 3, 29, 8, 0, tzinfo=dt.UTC)), name
        assert JOIN in e.description, name


def test_only_the_private_copy_carries_the_join_link():
    ics = build_invitation(invite(private=False), STAMP)
    assert JOIN not in ics.decode("utf-8").replace("\r\n ", "")
    assert "Join:" not in "".join(e.description for e in read_everywhere(ics)["vobject"])


def test_an_update_keeps_the_uid_and_raises_the_sequence_and_a_cancel_says_cancelled():
    first = build_invitation(invite(), STAMP)
    moved = timed(uid="s1-n7@rocb.example", sequence=4, start=dt.datetime(2021, 3, 30, 8, 0, tzinfo=dt.UTC))
    update = build_invitation(invite(moved), STAMP)
    cancel = build_invitation(invite(timed(uid="s1-n7@rocb.example", sequence=5), method="CANCEL"), STAMP)
    for name in ("icalendar", "ical", "vobject"):
        a, b, c = (read_everywhere(x)[name][0] for x in (first, update, cancel))
        assert a.uid == b.uid == c.uid, name
        assert a.sequence < b.sequence < c.sequence, name
        assert same_value(b.start, dt.datetime(2021, 3, 30, 8, 0, tzinfo=dt.UTC)), name
        assert c.status == "CANCELLED", name
    assert {found[0] for found in methods_and_people(cancel).values()} == {"CANCEL"}


def test_a_whole_day_session_is_a_date_invitation():
    ics = build_invitation(invite(whole_days(uid="d1-n7@rocb.example")), STAMP)
    for name, (e,) in read_everywhere(ics).items():
        assert same_value(e.start, dt.date(2021, 1, 12)) and same_value(e.end, dt.date(2021, 1, 16)), name


def test_an_invitation_needs_addresses_and_a_known_method():
    with pytest.raises(ValueError):
        invite(method="PUBLISH")
    with pytest.raises(ValueError):
        Invitation(timed(), "not an address", "ROCB A/P", "a@b.example", "A")
