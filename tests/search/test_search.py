"""One search box: workshops by title, topic, host or organizer; participants only for those who may see them."""

from tests.conftest import login, make_user
from tests.factories import make_participant, make_workshop


def _workshops(client, q):
    page = client.get("/search", query_string={"q": q}).get_data(as_text=True)
    table = page.split('data-testid="workshop-results"', 1)[1].split("</table>", 1)[0] if "workshop-results" in page \
        else ""
    return page, table


def test_workshops_by_title_topic_host_and_organizer(seeded, client):
    make_workshop("WCO Asia/Pacific Regional Workshop on Post-Clearance Audit", topics=["post-clearance-audit"])
    make_workshop("National Workshop on Risk Management for Fiji Customs", host="administration:FJ")
    make_workshop("Sub-Regional Workshop on AEO", topics=["aeo"], organizer_codes=["JP"])
    make_workshop("Internal planning meeting (PCA)", is_public=False)
    assert "Post-Clearance Audit" in _workshops(client, "clearance audit")[1]
    assert "Post-Clearance Audit" in _workshops(client, "POST-CLEARANCE")[1]
    _, by_topic = _workshops(client, "mutual recognition")  # the AEO topic's full name
    assert "Sub-Regional Workshop on AEO" in by_topic and "Risk Management" not in by_topic
    assert "Fiji Customs" in _workshops(client, "fiji")[1]
    assert "Sub-Regional Workshop on AEO" in _workshops(client, "japan")[1]
    assert "Internal planning" not in _workshops(client, "planning")[0]  # not public
    page, table = _workshops(client, "100%_")  # wildcards are letters here
    assert "No workshop matches." in page and table == ""


def test_participants_only_for_staff_and_their_own_administration(seeded, client):
    w = make_workshop("Regional Workshop on AEO")
    make_participant(w, "Somchai Jaidee", code="TH")
    make_participant(w, "Parisa Ahmadi", "parisa.ahmadi@irica.ir", code="IR")
    page = client.get("/search?q=a").get_data(as_text=True)
    assert "Somchai" not in page and "Parisa" not in page and "people-results" not in page

    make_user("focal@customs.go.th", "focal_point", "TH")
    login(client, "focal@customs.go.th")
    page = client.get("/search?q=ja").get_data(as_text=True)
    assert "Somchai Jaidee" in page and "Parisa" not in page
    assert "Parisa" not in client.get("/search?q=irica").get_data(as_text=True)

    client.post("/logout")
    make_user("pm@rocb-ap.org", "staff")
    login(client, "pm@rocb-ap.org")
    page = client.get("/search?q=IRICA.IR").get_data(as_text=True)
    assert "Parisa Ahmadi" in page and "Somchai" not in page


def test_the_search_box_is_on_every_page(seeded, client):
    page = client.get("/administrations/").get_data(as_text=True)
    assert 'action="/search"' in page and 'role="search"' in page
