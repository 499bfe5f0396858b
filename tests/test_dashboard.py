"""The dashboard: key figures, upcoming sessions in the viewer's zone, and the open survey."""

from datetime import timedelta

from rocb.extensions import db, utcnow
from rocb.surveys.models import SurveyCycle
from tests.conftest import login, make_user


def _open_cycle():
    now = utcnow()
    cycle = SurveyCycle(year=2027, title="Annual Capacity Building Needs Survey 2027",
                        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30))
    db.session.add(cycle)
    db.session.commit()
    return cycle


def test_dashboard_shows_key_figures(seeded, client):
    page = client.get("/").get_data(as_text=True)
    assert "35 member administrations" in page
    assert "Accredited regional entities" in page


def test_focal_point_is_led_to_the_open_survey(seeded, client):
    _open_cycle()
    make_user("focal@customs.gov.ws", "focal_point", "WS")
    login(client, "focal@customs.gov.ws")
    page = client.get("/").get_data(as_text=True)
    assert "Needs Survey 2027" in page and "/surveys/2027/response" in page


def test_no_survey_banner_when_none_is_open(seeded, client):
    assert 'data-testid="open-survey"' not in client.get("/").get_data(as_text=True)


def test_a_four_day_workshop_is_listed_once(seeded, client):
    from datetime import datetime

    from tests.factories import make_workshop

    start = (utcnow() + timedelta(days=10)).replace(tzinfo=None, hour=9, minute=0, second=0, microsecond=0)
    make_workshop("WCO Asia/Pacific Regional Workshop on Post-Clearance Audit", zone="UTC",
                  sessions=[(start + timedelta(days=d), start + timedelta(days=d, hours=3)) for d in range(4)])
    make_workshop("Sub-Regional Workshop on AEO", zone="UTC",
                  sessions=[(datetime(start.year + 1, 1, 5, 9), datetime(start.year + 1, 1, 5, 12))])
    client.set_cookie("display_zone", "UTC")
    page = client.get("/").get_data(as_text=True)
    assert page.count('data-testid="upcoming-workshop"') == 2
    assert page.count("Post-Clearance Audit") == 1
    last = start + timedelta(days=3)
    assert f"and 3 more sessions to {last:%a %d %b}" in page
