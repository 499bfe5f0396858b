"""Private feeds: a participant's or a user's workshops with join links; tokens hashed, rotated, revoked."""

import csv
import hashlib
import io
import re

import pytest
from sqlalchemy import select

from rocb.auth.models import User
from rocb.extensions import db, utcnow
from rocb.feeds import tokens
from rocb.feeds.models import FeedToken
from tests.conftest import login, make_user
from tests.feeds.rows import JOIN, add_participant, add_workshop, administration, in_days
from tests.feeds.test_ical import read_everywhere

LINK = re.compile(r"http://rocb\.test/feeds/([A-Za-z0-9_-]+)/calendar\.ics")


@pytest.fixture
def roster(seeded):
    """Somchai (TH) attends an online workshop and a non-public one; Aiko (JP) only the online one."""
    online = add_workshop("Online workshop on e-commerce", sessions=[(in_days(7), in_days(7, 12))])
    hidden = add_workshop("Attachment programme", is_public=False, mode="physical", venue_city="Seoul",
                          join_link=None, sessions=[(in_days(30), in_days(30, 16))])
    invited = add_workshop("Sub-regional workshop (TH invited)", sessions=[(in_days(14), in_days(14, 12))])
    invited.invited_administrations.append(administration("TH"))
    add_workshop("Someone else's workshop", sessions=[(in_days(9), in_days(9, 12))])
    somchai = add_participant(online, "Somchai Jaidee", "somchai@customs.go.th", "TH")
    add_participant(hidden, "Somchai Jaidee", "Somchai@customs.go.th", "TH")
    add_participant(online, "Aiko Tanaka", "aiko@customs.go.jp", "JP")
    return {"online": online, "hidden": hidden, "invited": invited, "somchai": somchai}


def export(client, workshop):
    response = client.get(f"/workshops/{workshop.id}/feed-links.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def path_of(link):
    return link.removeprefix("http://rocb.test")


def titles(body):
    return sorted({e.summary for e in read_everywhere(body)["icalendar"]})


def test_roster_export_gives_each_participant_a_private_feed_with_join_links(roster, staff_client):
    rows = {row["name"]: row for row in export(staff_client, roster["online"])}
    assert set(rows) == {"Somchai Jaidee", "Aiko Tanaka"}
    somchai = rows["Somchai Jaidee"]
    assert somchai["email"] == "somchai@customs.go.th" and somchai["administration"] == "TH"
    assert somchai["subscribe_link"] == somchai["feed_link"].replace("http://", "webcal://")
    token = LINK.fullmatch(somchai["feed_link"]).group(1)
    assert len(token) >= 43  # 256 bits, base64url

    staff_client.post("/logout")
    response = staff_client.get(path_of(somchai["feed_link"]))
    assert response.status_code == 200
    assert "private" in response.headers["Cache-Control"]
    # every roster with the same e-mail (any case), public or not; join link of the online one
    assert titles(response.data) == ["Attachment programme", "Online workshop on e-commerce"]
    assert JOIN in response.get_data(as_text=True).replace("\r\n ", "")
    assert titles(staff_client.get(path_of(rows["Aiko Tanaka"]["feed_link"])).data) == [
        "Online workshop on e-commerce"]


def test_the_token_is_stored_only_hashed_and_a_second_export_gives_the_same_links(roster, staff_client):
    first = export(staff_client, roster["online"])
    assert export(staff_client, roster["online"]) == first
    tokens = {LINK.fullmatch(row["feed_link"]).group(1) for row in first}
    stored = db.session.execute(select(FeedToken)).scalars().all()
    assert len(stored) == 2
    for token in stored:
        assert token.token_hash in {hashlib.sha256(t.encode()).hexdigest() for t in tokens}
        assert all(t not in (token.salt, token.token_hash) for t in tokens)


def test_the_same_person_has_one_link_across_rosters(roster, staff_client):
    online = {r["email"].lower(): r["feed_link"] for r in export(staff_client, roster["online"])}
    hidden = {r["email"].lower(): r["feed_link"] for r in export(staff_client, roster["hidden"])}
    assert online["somchai@customs.go.th"] == hidden["somchai@customs.go.th"]


def test_only_staff_export_feed_links(roster, client):
    assert client.get(f"/workshops/{roster['online'].id}/feed-links.csv").status_code == 302  # to login
    make_user("focal@customs.go.th", "focal_point", "TH")
    login(client, "focal@customs.go.th")
    assert client.get(f"/workshops/{roster['online'].id}/feed-links.csv").status_code == 403
    assert db.session.execute(select(FeedToken)).first() is None


def test_staff_rotate_a_participant_link_and_the_old_one_answers_404(roster, staff_client):
    old = next(r for r in export(staff_client, roster["online"]) if r["name"] == "Somchai Jaidee")["feed_link"]
    response = staff_client.post(f"/feeds/participants/{roster['somchai'].id}/rotate")
    assert response.status_code == 302
    new = next(r for r in export(staff_client, roster["online"]) if r["name"] == "Somchai Jaidee")["feed_link"]
    assert new != old
    assert staff_client.get(path_of(old)).status_code == 404
    assert staff_client.get(path_of(new)).status_code == 200


def test_unknown_malformed_and_revoked_tokens_answer_404(roster, staff_client):
    link = export(staff_client, roster["online"])[0]["feed_link"]
    assert staff_client.get("/feeds/" + "A" * 43 + "/calendar.ics").status_code == 404
    assert staff_client.get("/feeds/x/calendar.ics").status_code == 404
    assert staff_client.get("/feeds/" + "é" * 300 + "/calendar.ics").status_code == 404
    for token in db.session.execute(select(FeedToken)).scalars():
        token.revoked_at = utcnow()
    db.session.commit()
    assert staff_client.get(path_of(link)).status_code == 404


def test_unknown_and_known_tokens_take_the_same_lookup(roster, staff_client, monkeypatch):
    """Both run the hash lookup and a constant-time comparison (no early exit on an unknown token)."""
    link = export(staff_client, roster["online"])[0]["feed_link"]
    compared = []
    real = tokens.hmac.compare_digest
    monkeypatch.setattr(tokens.hmac, "compare_digest", lambda a, b: compared.append((a, b)) or real(a, b))
    assert staff_client.get("/feeds/" + "B" * 43 + "/calendar.ics").status_code == 404
    assert staff_client.get(path_of(link)).status_code == 200
    token_comparisons = [pair for pair in compared if isinstance(pair[1], str) and len(pair[1]) == 64]
    assert len(token_comparisons) == 2


def test_my_calendar_shows_a_private_link_that_rotates(roster, client):
    make_user("focal@customs.go.th", "focal_point", "TH")
    login(client, "focal@customs.go.th")
    page = client.get("/account/calendar").get_data(as_text=True)
    link = LINK.search(page).group(0)
    assert client.get("/account/calendar").get_data(as_text=True).count(link) >= 1  # shown again, unchanged
    assert "webcal://rocb.test/feeds/" in page and "Google" in page and "12 to 24 hours" in page

    body = client.get(path_of(link)).data
    # a focal point of Thailand: the workshops Thailand is invited to or attends (Somchai), non-public included
    assert titles(body) == ["Attachment programme", "Online workshop on e-commerce",
                            "Sub-regional workshop (TH invited)"]

    response = client.post("/account/calendar/rotate")
    assert response.status_code == 302
    new_link = LINK.search(client.get("/account/calendar").get_data(as_text=True)).group(0)
    assert new_link != link
    assert client.get(path_of(link)).status_code == 404
    assert client.get(path_of(new_link)).status_code == 200


def test_staff_private_feed_holds_every_workshop(roster, staff_client):
    link = LINK.search(staff_client.get("/account/calendar").get_data(as_text=True)).group(0)
    assert len(titles(staff_client.get(path_of(link)).data)) == 4


def test_my_calendar_needs_a_login(client):
    assert client.get("/account/calendar").status_code == 302


def test_a_deactivated_user_link_answers_404(roster, client):
    user = make_user("focal@customs.go.th", "focal_point", "TH")
    login(client, "focal@customs.go.th")
    link = LINK.search(client.get("/account/calendar").get_data(as_text=True)).group(0)
    user.active = False
    db.session.commit()
    assert client.get(path_of(link)).status_code == 404


def test_a_new_secret_key_gives_new_links_that_work(roster, staff_client, app):
    old = export(staff_client, roster["online"])[0]["feed_link"]
    app.config["SECRET_KEY"] = "another-secret"
    try:
        login(staff_client, "staff@rocb-ap.org")  # a new key ends every session signed with the old one
        new = export(staff_client, roster["online"])[0]["feed_link"]
        assert new != old
        assert staff_client.get(path_of(new)).status_code == 200
    finally:
        app.config["SECRET_KEY"] = "test-secret"


def test_staff_give_a_user_a_new_link_from_the_users_page(roster, client):
    make_user("focal@customs.go.th", "focal_point", "TH")
    login(client, "focal@customs.go.th")
    old_link = LINK.search(client.get("/account/calendar").get_data(as_text=True)).group(0)
    focal = db.session.execute(select(User).filter_by(email="focal@customs.go.th")).scalar_one()
    assert client.post(f"/feeds/users/{focal.id}/rotate").status_code == 403  # not their call
    client.post("/logout")

    make_user("pm@rocb-ap.org", "staff")
    login(client, "pm@rocb-ap.org")
    users_page = client.get("/users/").get_data(as_text=True)
    assert "focal@customs.go.th" in users_page and "Thailand" in users_page
    assert client.post(f"/feeds/users/{focal.id}/rotate").status_code == 302
    assert client.get(path_of(old_link)).status_code == 404
