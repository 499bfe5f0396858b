"""libical accepts every feed: its parser and its restriction (iTIP) check find nothing to complain about.

Without libical these tests are skipped locally and fail when ROCB_REQUIRE_LIBICAL=1 (CI, `make libical`).
"""

import icalendar
import pytest

from rocb.extensions import db
from rocb.feeds import tokens
from tests.conftest import make_user
from tests.feeds import libical
from tests.feeds.rows import JOIN, add_session, add_workshop, in_days
from tests.feeds.test_ical import feed, read_everywhere, timed, whole_days


@pytest.fixture(scope="module")
def lib():
    found = libical.load()
    if found is None:
        if libical.REQUIRED:
            pytest.fail(libical.MISSING)
        pytest.skip(libical.MISSING)
    return found


def assert_libical_accepts(lib, ics, where=""):
    verdict = libical.read(lib, ics)
    assert verdict.problems == [], (where, verdict.problems)
    # libical reads as many events as the three other parsers
    assert {verdict.events} == {len(events) for events in read_everywhere(ics).values()}, where


def test_libical_refuses_publish_without_organizer_so_the_check_can_fail(lib):
    publish = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\n"
               b"UID:a@x\r\nDTSTAMP:20210101T000000Z\r\nDTSTART:20210101T090000Z\r\nSUMMARY:s\r\n"
               b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    problems = libical.read(lib, publish).problems
    assert any("ORGANIZER" in problem for problem in problems), problems
    assert libical.read(lib, publish.replace(b"METHOD:PUBLISH\r\n", b"")).problems == []


def test_a_feed_with_every_kind_of_session_is_accepted(lib):
    events = [
        timed(uid="t@x", topics=("Risk management", "AEO, MRA"), mode="online", join_link=JOIN),
        timed(uid="c@x", status="cancelled"),
        whole_days(uid="w@x"),
    ]
    for private in (False, True):
        assert_libical_accepts(lib, feed(events, private=private), f"private={private}")
    assert_libical_accepts(lib, feed([], name="ROCB A/P workshops — Hong Kong, China"), "empty")


def test_every_seeded_feed_is_accepted_by_libical(seeded, client, lib):
    """The newsletter No.72 seed, plus a session ahead and a cancelled one: every public feed, every workshop's
    download and a private feed pass libical's parser and restriction check."""
    from rocb.registry.models import Administration, RegionalEntity
    from rocb.workshops.models import Workshop

    ahead = add_workshop("Regional workshop on AEO, part 2", sessions=[(in_days(10), in_days(10, 12))])
    add_session(ahead, (in_days(11), in_days(11, 12)), cancelled=True, sequence=1)
    db.session.commit()
    urls = ["/calendar.ics"]
    urls += [f"/administrations/{code}/calendar.ics" for code in db.session.scalars(db.select(Administration.code))]
    urls += [f"/entities/{entity_id}/calendar.ics" for entity_id in db.session.scalars(db.select(RegionalEntity.id))]
    urls += [f"/workshops/{wid}.ics" for wid in db.session.scalars(db.select(Workshop.id).where(Workshop.is_public))]
    staff = make_user("staff@rocb-ap.org", "staff")
    urls.append(tokens.feed_link(tokens.token_for_user(staff)).removeprefix("http://rocb.test"))
    db.session.commit()
    with_events = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_libical_accepts(lib, response.data, url)
        with_events += bool(icalendar.Calendar.from_ical(response.data).walk("VEVENT"))
    assert with_events >= 3  # not only empty calendars were checked

