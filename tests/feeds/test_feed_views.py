"""The served feeds: read back by three parsers with the stored instants, right content per feed, HTTP caching."""

from datetime import UTC, date, datetime, timedelta

import pytest

from rocb.extensions import cache, db, utcnow
from rocb.workshops.models import WorkshopParty
from tests.feeds.rows import JOIN, add_participant, add_session, add_workshop, administration, first_entity, in_days
from tests.feeds.test_ical import assert_any_tzid_has_its_vtimezone, assert_wire_format, read_everywhere, same_value

BRUSSELS_START = (in_days(20, 10), in_days(20, 12))


@pytest.fixture
def workshops(seeded):
    """A timed online session agreed in Brussels time, a whole-day session in Suva, a non-public workshop."""
    online = add_workshop("Regional workshop on AEO; MRA, part 1", sessions=[BRUSSELS_START],
                          host_entity_id=first_entity().id)
    online.invited_administrations.append(administration("TH"))
    add_participant(online, "Somchai Jaidee", "somchai@customs.go.th", "TH")
    physical = add_workshop("National workshop on risk management — ฝึกอบรม 🚢", zone="Pacific/Fiji",
                            mode="physical", venue_city="Suva", join_link=None,
                            sessions=[(in_days(40) - timedelta(hours=10)).date()])
    physical.invited_administrations.append(administration("FJ"))
    hidden = add_workshop("Diagnostic mission (not public)", is_public=False, sessions=[(in_days(5), in_days(5, 12))])
    db.session.commit()
    return {"online": online, "physical": physical, "hidden": hidden}


def stored_instants(workshop):
    out = {}
    for session in workshop.sessions:
        if session.all_day:
            out[f"{session.uid}@rocb.test"] = (session.local_start.date(), session.local_end.date())
        else:
            out[f"{session.uid}@rocb.test"] = (session.start_utc, session.end_utc)
    return out


def assert_feed_holds(body, *workshop_list):
    """Every parser reads the same events, at the instants (or dates) stored."""
    assert_wire_format(body)
    assert_any_tzid_has_its_vtimezone(body)
    expected = {}
    for workshop in workshop_list:
        expected.update(stored_instants(workshop))
    for parser, events in read_everywhere(body).items():
        got = {e.uid: (e.start, e.end) for e in events}
        assert set(got) == set(expected), parser
        for uid, (start, end) in expected.items():
            assert same_value(got[uid][0], start) and same_value(got[uid][1], end), (parser, uid, got[uid])


def test_public_feed_holds_public_workshops_at_the_stored_instants(workshops, client):
    response = client.get("/calendar.ics")
    assert response.status_code == 200
    assert response.content_type == "text/calendar; charset=utf-8"
    assert_feed_holds(response.data, workshops["online"], workshops["physical"])
    text = response.get_data(as_text=True)
    assert "Diagnostic mission" not in text
    assert "X-WR-CALNAME:ROCB A/P workshops" in text
    assert "Regional workshop on AEO\\; MRA\\, part 1" in text
    assert "ฝึกอบรม 🚢" in read_everywhere(response.data)["vobject"][1].summary


def test_no_join_link_or_email_in_any_public_feed(workshops, client):
    online = workshops["online"]
    for url in ["/calendar.ics", "/administrations/TH/calendar.ics",
                f"/entities/{online.host_entity_id}/calendar.ics", f"/workshops/{online.id}.ics"]:
        text = client.get(url).get_data(as_text=True).replace("\r\n ", "")  # unfold
        assert "BEGIN:VEVENT" in text, url
        assert JOIN not in text and "zoom.example" not in text, url
        assert "@customs.go.th" not in text and "Somchai" not in text, url


def test_administration_feed_holds_the_workshops_it_is_invited_to(workshops, client):
    assert_feed_holds(client.get("/administrations/TH/calendar.ics").data, workshops["online"])
    assert_feed_holds(client.get("/administrations/fj/calendar.ics").data, workshops["physical"])
    assert_feed_holds(client.get("/administrations/JP/calendar.ics").data)  # empty feed parses too
    assert "Japan" in client.get("/administrations/JP/calendar.ics").get_data(as_text=True)
    assert client.get("/administrations/XX/calendar.ics").status_code == 404


def test_entity_feed_holds_the_workshops_it_hosts(workshops, client):
    entity_id = workshops["online"].host_entity_id
    assert_feed_holds(client.get(f"/entities/{entity_id}/calendar.ics").data, workshops["online"])
    assert client.get("/entities/999999/calendar.ics").status_code == 404


def test_workshop_download_is_an_attachment_with_every_session(workshops, client):
    online = workshops["online"]
    add_session(online, (datetime(2019, 5, 6, 9), datetime(2019, 5, 6, 11)))  # old: a download keeps it
    db.session.commit()
    response = client.get(f"/workshops/{online.id}.ics")
    assert response.headers["Content-Disposition"] == f'attachment; filename="rocb-workshop-{online.id}.ics"'
    assert_feed_holds(response.data, online)


def test_a_non_public_workshop_downloads_for_staff_only(workshops, client, staff_client):
    hidden = workshops["hidden"]
    client.post("/logout")
    assert client.get(f"/workshops/{hidden.id}.ics").status_code == 404
    from tests.conftest import login
    login(client, "staff@rocb-ap.org")
    assert_feed_holds(client.get(f"/workshops/{hidden.id}.ics").data, hidden)


def test_timed_session_says_its_local_time_and_whole_day_is_a_date(workshops, client):
    text = client.get("/calendar.ics").get_data(as_text=True).replace("\r\n ", "")
    assert "10:00-12:00 Brussels time (CE" in text
    assert "DTSTART;VALUE=DATE:" in text
    assert "LOCATION:Suva" in text and "LOCATION:Online" in text
    assert f"URL:http://rocb.test/workshops/{workshops['online'].id}" in text


def test_window_and_cancelled_sessions(seeded, client):
    now = utcnow()
    two_years_ago = (datetime(now.year - 2, 1, 10, 9), datetime(now.year - 2, 1, 10, 11))
    old = add_workshop("Held two years ago", sessions=[two_years_ago])
    recent = add_workshop("Held last month", sessions=[(in_days(-30), in_days(-30, 12))])
    ahead = add_workshop("Cancelled long ago, still ahead", sessions=[(in_days(10), in_days(10, 12))])
    ahead.sessions[0].cancelled = True
    ahead.sessions[0].sequence = 1
    ahead.sessions[0].updated_at = now - timedelta(days=400)  # an old row: kept until the session has passed
    kept = add_workshop("Cancelled, passed, kept 30 days", sessions=[(in_days(-3), in_days(-3, 12))])
    kept.sessions[0].cancelled = True
    kept.sessions[0].updated_at = now - timedelta(days=29)
    gone = add_workshop("Cancelled too long ago", sessions=[(in_days(-3), in_days(-3, 12))])
    gone.sessions[0].cancelled = True
    gone.sessions[0].updated_at = now - timedelta(days=31)
    db.session.commit()

    body = client.get("/calendar.ics").data
    for parser, parsed in read_everywhere(body).items():
        events = {e.summary: e for e in parsed}
        assert set(events) == {recent.title, f"Cancelled: {ahead.title}", f"Cancelled: {kept.title}"}, parser
        assert events[f"Cancelled: {ahead.title}"].status == "CANCELLED", parser
        assert events[f"Cancelled: {ahead.title}"].sequence == 1, parser
    assert old.title not in body.decode() and gone.title not in body.decode()


def test_uid_stays_and_sequence_grows_when_a_session_moves(workshops, client):
    online = workshops["online"]
    before = read_everywhere(client.get("/calendar.ics").data)["ical"]
    session = online.sessions[0]
    session.start_utc += timedelta(hours=1)
    session.end_utc += timedelta(hours=1)
    session.sequence += 1
    db.session.commit()
    after = read_everywhere(client.get("/calendar.ics").data)["ical"]
    uid = f"{session.uid}@rocb.test"
    old, new = [next(e for e in events if e.uid == uid) for events in (before, after)]
    assert new.sequence == old.sequence + 1
    assert new.start == old.start + timedelta(hours=1)


def test_etag_last_modified_304_and_head(workshops, client):
    response = client.get("/calendar.ics", headers={"Accept-Encoding": "gzip, deflate"})
    etag, last_modified = response.headers["ETag"], response.headers["Last-Modified"]
    assert "Content-Encoding" not in response.headers
    assert "no-transform" in response.headers["Cache-Control"]
    # first served: dated by the last data change (its data version's time), never before the rows it holds
    from rocb.versioning import version_and_time

    stored = max(max(s.updated_at for s in w.sessions + [w]) for w in (workshops["online"], workshops["physical"]))
    changed = version_and_time("workshops", "registry")[1]
    assert response.last_modified == changed.replace(microsecond=0) >= stored.replace(microsecond=0)

    again = client.get("/calendar.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get("/calendar.ics", headers={"If-Modified-Since": last_modified}).status_code == 304
    assert client.get("/calendar.ics", headers={"If-None-Match": '"something-else"'}).status_code == 200

    head = client.head("/calendar.ics")
    assert head.status_code == 200 and head.data == b""
    assert head.headers["ETag"] == etag and head.content_type == "text/calendar; charset=utf-8"


def test_a_change_rebuilds_the_cached_feed(workshops, client):
    first = client.get("/calendar.ics")
    assert client.get("/calendar.ics").data == first.data  # served from the cache: same bytes, same ETag
    workshops["online"].title = "Regional workshop on AEO (moved online)"
    db.session.commit()
    changed = client.get("/calendar.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != first.headers["ETag"]
    assert "moved online" in changed.get_data(as_text=True)


def test_a_removed_session_moves_last_modified_forward(workshops, client):
    an_hour_ago = utcnow() - timedelta(hours=1)
    for workshop in workshops.values():
        workshop.updated_at = an_hour_ago
        for session in workshop.sessions:
            session.updated_at = an_hour_ago
    db.session.commit()
    first = client.get("/calendar.ics")
    db.session.delete(workshops["physical"])
    db.session.commit()
    second = client.get("/calendar.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert second.status_code == 200
    assert second.last_modified > first.last_modified
    assert "Suva" not in second.get_data(as_text=True)


def test_last_modified_never_goes_back_in_a_new_process_when_old_rows_are_added(seeded, client):
    """A fresh install answers; then old records arrive (history, demo data: their rows say 2006). A new process
    (nothing in memory: the cache cleared, as after a restart) must not answer the first date with 304."""
    first = client.get("/calendar.ics")
    assert first.status_code == 200
    long_ago = datetime(2006, 1, 1, tzinfo=UTC)
    archive = add_workshop("Regional workshop from the archive", sessions=[(in_days(30), in_days(30, 12))],
                           created_at=long_ago, updated_at=long_ago)
    for session in archive.sessions:
        session.created_at = session.updated_at = long_ago
    db.session.commit()
    cache.clear()  # a new process
    second = client.get("/calendar.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert second.status_code == 200
    assert "from the archive" in second.get_data(as_text=True)
    assert second.last_modified > first.last_modified
    # the same content in yet another process: the same date, so a client that has it gets 304
    cache.clear()
    third = client.get("/calendar.ics", headers={"If-Modified-Since": second.headers["Last-Modified"]})
    assert third.status_code == 304
    cache.clear()
    assert client.get("/calendar.ics").headers["Last-Modified"] == second.headers["Last-Modified"]


def test_a_feed_that_did_not_change_keeps_its_date_when_other_data_changes(workshops, client):
    before = client.get("/administrations/FJ/calendar.ics")
    workshops["online"].title = "Regional workshop on AEO (renamed)"  # not in Fiji's feed
    db.session.commit()
    cache.clear()
    url = "/administrations/FJ/calendar.ics"
    assert client.get(url, headers={"If-Modified-Since": before.headers["Last-Modified"]}).status_code == 304
    cache.clear()
    assert client.get(url).headers["Last-Modified"] == before.headers["Last-Modified"]


def test_calendar_pages_offer_subscribe_and_copy_links(workshops, client):
    page = client.get("/calendars").get_data(as_text=True)
    assert 'href="webcal://rocb.test/calendar.ics"' in page
    assert 'value="http://rocb.test/calendar.ics"' in page
    assert "webcal://rocb.test/administrations/TH/calendar.ics" in page
    assert "Google" in page and "12 to 24 hours" in page and "Outlook" in page and "Apple" in page
    admin_page = client.get("/administrations/TH").get_data(as_text=True)
    assert "webcal://rocb.test/administrations/TH/calendar.ics" in admin_page
    entity_id = workshops["online"].host_entity_id
    entity_page = client.get(f"/entities/{entity_id}").get_data(as_text=True)
    assert f"webcal://rocb.test/entities/{entity_id}/calendar.ics" in entity_page


def test_workshop_partial_links_subscribe_download_and_google(workshops, app):
    from flask import render_template

    online = workshops["online"]
    with app.test_request_context("/"):
        html = render_template("feeds/_workshop_links.html", workshop=online)
    assert f'href="webcal://rocb.test/workshops/{online.id}.ics"' in html
    assert f'href="/workshops/{online.id}.ics"' in html
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert 'data-copy="#workshop-feed-url-' in html
    assert "zoom.example" not in html


def test_whole_day_dates_and_instants_survive_in_every_parser(seeded, client):
    zones = {"Asia/Tehran": date(2030, 3, 21), "Pacific/Apia": date(2030, 1, 1), "Australia/Adelaide": date(2030, 4, 6)}
    made = []
    for zone, day in zones.items():
        ten, noon = (datetime(day.year, day.month, day.day, hour) for hour in (10, 12))
        made.append(add_workshop(f"Workshop in {zone}", zone=zone, sessions=[(ten, noon), day]))
    assert_feed_holds(client.get("/calendar.ics").data, *made)


def test_every_seeded_workshop_and_feed_parses_with_the_stored_instants(seeded, client):
    """The newsletter No.72 seed: each workshop's download, and every public feed, read by three parsers."""
    from rocb.registry.models import Administration, RegionalEntity
    from rocb.workshops.models import Workshop

    seeded_workshops = db.session.execute(db.select(Workshop)).scalars().all()
    assert seeded_workshops, "the seed holds workshops"
    for workshop in seeded_workshops:
        if workshop.is_public and workshop.sessions:
            assert_feed_holds(client.get(f"/workshops/{workshop.id}.ics").data, workshop)
    feeds = ["/calendar.ics"]
    feeds += [f"/administrations/{code}/calendar.ics" for code in db.session.scalars(db.select(Administration.code))]
    feeds += [f"/entities/{entity_id}/calendar.ics" for entity_id in db.session.scalars(db.select(RegionalEntity.id))]
    for url in feeds:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_wire_format(response.data)
        parsed = read_everywhere(response.data)
        assert len({len(events) for events in parsed.values()}) == 1, url


@pytest.fixture
def moved_site(app):
    """The site moves to another address (ROCB_BASE_URL) and keeps its UID domain (ROCB_UID_DOMAIN)."""
    saved = {key: app.config.get(key) for key in ("ROCB_BASE_URL", "ROCB_UID_DOMAIN")}
    yield app
    app.config.update(saved)


def test_uids_keep_their_domain_when_the_site_moves(workshops, moved_site, client):
    before = {e.uid for e in read_everywhere(client.get("/calendar.ics").data)["icalendar"]}
    assert before and all(uid.endswith("@rocb.test") for uid in before)  # the default: the host of ROCB_BASE_URL
    moved_site.config.update(ROCB_BASE_URL="https://capacity.example.org", ROCB_UID_DOMAIN="rocb.test")
    body = client.get("/calendar.ics").data
    for parser, events in read_everywhere(body).items():
        assert {e.uid for e in events} == before, parser  # subscribed calendars update, never re-create
    assert f"URL:https://capacity.example.org/workshops/{workshops['online'].id}" in body.decode()


def test_the_uid_domain_setting_comes_from_the_environment_and_a_bad_one_is_refused(monkeypatch, tmp_path):
    from rocb.config import ConfigError, from_environment

    monkeypatch.delenv("ROCB_UID_DOMAIN", raising=False)
    monkeypatch.setenv("ROCB_BASE_URL", "https://capacity.example.org")
    assert from_environment(str(tmp_path)).get("ROCB_UID_DOMAIN") is None  # follows ROCB_BASE_URL's host
    monkeypatch.setenv("ROCB_UID_DOMAIN", " Capacity.ROCB-AP.org ")
    assert from_environment(str(tmp_path))["ROCB_UID_DOMAIN"] == "capacity.rocb-ap.org"
    for bad in ("https://capacity.rocb-ap.org/", "rocb ap.org", "me@rocb-ap.org"):
        monkeypatch.setenv("ROCB_UID_DOMAIN", bad)
        with pytest.raises(ConfigError, match="ROCB_UID_DOMAIN"):
            from_environment(str(tmp_path))


def test_public_feeds_are_the_same_for_everyone_so_they_do_not_vary_on_cookie(workshops, client):
    online = workshops["online"]
    urls = ["/calendar.ics", "/administrations/TH/calendar.ics", f"/entities/{online.host_entity_id}/calendar.ics",
            f"/workshops/{online.id}.ics"]
    for url in urls:
        for response in (client.get(url), client.head(url)):
            assert response.status_code == 200, url
            assert "cookie" not in response.headers.get("Vary", "").lower(), url
            assert response.headers["Cache-Control"].startswith("public"), url
            assert "Set-Cookie" not in response.headers, url
        etag = client.get(url).headers["ETag"]
        not_modified = client.get(url, headers={"If-None-Match": etag})
        assert not_modified.status_code == 304 and "cookie" not in not_modified.headers.get("Vary", "").lower()


def test_a_staff_download_of_a_non_public_workshop_stays_private(workshops, staff_client):
    hidden = workshops["hidden"]
    response = staff_client.get(f"/workshops/{hidden.id}.ics")
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("private")
    assert "cookie" in response.headers.get("Vary", "").lower()
    public = staff_client.get("/calendar.ics")  # logged in, a public feed is still the public one
    assert public.headers["Cache-Control"].startswith("public")
    assert "cookie" not in public.headers.get("Vary", "").lower()


def test_an_administration_named_as_attending_or_presenting_has_the_workshop_in_its_feed_and_schedule(seeded, client):
    meeting = add_workshop("Sub-regional meeting for the Pacific Islands", sessions=[BRUSSELS_START])
    meeting.parties.append(WorkshopParty(relation="attended", position=0, administration_id=administration("WS").id))
    meeting.parties.append(WorkshopParty(relation="presented", position=1, administration_id=administration("TO").id))
    db.session.commit()
    for code in ("WS", "TO"):
        assert "Sub-regional meeting for the Pacific Islands" in client.get(
            f"/administrations/{code}/calendar.ics").get_data(as_text=True)
    assert "Sub-regional meeting" not in client.get("/administrations/FJ/calendar.ics").get_data(as_text=True)
    schedule = client.get(f"/workshops/{meeting.id}/schedule").get_data(as_text=True)
    assert "Pacific/Apia" in schedule and "Pacific/Tongatapu" in schedule
