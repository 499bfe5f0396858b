"""The analytics page's layout is kept per viewer (rocb/layout.py): whoever looks next, in whatever zone, sees their
own menu, account and messages, never those of the viewer before."""

import re

from tests.conftest import PASSWORD, make_user


def _page(client) -> str:
    response = client.get("/analytics/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_each_viewer_sees_their_own_account_and_messages(seeded, client):
    assert "Log in" in _page(client) and "Log out" not in _page(client)
    make_user("pm@rocb-ap.org", "staff")
    make_user("focal@customs.go.th", "focal_point", "TH")

    welcome = client.post("/login?next=/analytics/", data={"email": "pm@rocb-ap.org", "password": PASSWORD},
                          follow_redirects=True).get_data(as_text=True)
    assert "Logged in as pm@rocb-ap.org." in welcome and "Log out" in welcome
    again = _page(client)  # the kept layout: the message was shown once
    assert "Logged in as" not in again and "pm@rocb-ap.org" in again and ">Outbox<" in again

    client.post("/logout")
    after = _page(client)
    assert "Logged out." in after  # flashed on the way out, shown on the next page
    after = _page(client)
    assert "Logged out." not in after
    assert "pm@rocb-ap.org" not in after and "Log in" in after and ">Outbox<" not in after

    client.post("/login", data={"email": "focal@customs.go.th", "password": PASSWORD})
    _page(client)  # the "Logged in" message
    focal = _page(client)
    assert "focal@customs.go.th" in focal and "Thailand" in focal and "pm@rocb-ap.org" not in focal
    assert ">Outbox<" not in focal


def test_a_message_is_shown_once_even_to_a_viewer_whose_layout_is_kept(seeded, client):
    _page(client)
    _page(client)
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Your survey response was saved.")]
    assert "Your survey response was saved." in _page(client)
    assert "Your survey response was saved." not in _page(client)


def test_the_zone_shown_follows_the_viewer(seeded, client):
    client.set_cookie("display_zone", "Asia/Bangkok")
    assert 'data-zone="Asia/Bangkok"' in _page(client)
    client.set_cookie("display_zone", "Pacific/Apia")
    page = _page(client)
    assert 'data-zone="Pacific/Apia"' in page and "Asia/Bangkok" not in page


def test_logout_from_a_kept_layout_passes_the_csrf_check(seeded, client):
    make_user("pm@rocb-ap.org", "staff")
    client.post("/login", data={"email": "pm@rocb-ap.org", "password": PASSWORD})
    seeded.config["WTF_CSRF_ENABLED"] = True
    try:
        _page(client)
        kept = _page(client)  # served from the kept layout
        token = re.search(r'name="csrf_token" value="([^"]+)"', kept).group(1)
        response = client.post("/logout", data={"csrf_token": token})
        assert response.status_code == 302
        assert "Log in" in _page(client)
    finally:
        seeded.config["WTF_CSRF_ENABLED"] = False
