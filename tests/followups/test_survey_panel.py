"""The next needs survey shows a focal point what their own administration said it applied."""

from sqlalchemy import select

from rocb.extensions import db
from rocb.followups.jobs import send_due_followups
from rocb.followups.models import FollowUp
from rocb.registry.models import Administration
from tests.conftest import login
from tests.followups.helpers import focal_points, held_workshop_ended
from tests.surveys.conftest import make_cycle


def _answer(code, applied, what_changed):
    followup = db.session.execute(select(FollowUp).join(Administration).where(Administration.code == code)
                                  ).scalars().first()
    followup.applied, followup.what_changed = applied, what_changed
    db.session.commit()


def test_the_survey_shows_a_focal_point_their_administrations_followup_answers(seeded, app):
    held_workshop_ended(title="Regional Workshop on AEO")
    held_workshop_ended(title="Sub-regional Workshop on Single Window", topics=("single-window",))
    focal_points()
    send_due_followups()
    _answer("TH", "fully", "AEO validation checklist in use at Laem Chabang")
    _answer("CN", "not yet", "Waiting for the new AEO regulation")
    make_cycle(2026)
    thai = app.test_client()
    login(thai, "focal@customs.go.th")
    page = thai.get("/surveys/2026/response").get_data(as_text=True)
    assert "What your officers applied" in page
    assert "AEO validation checklist in use at Laem Chabang" in page and "Fully" in page
    assert "Authorized Economic Operator (AEO) and mutual recognition" in page  # the workshop's topic
    assert "Waiting for the new AEO regulation" not in page  # China's answer is China's
    assert "1 follow-up still waits for an answer" in page  # the single-window one

    chinese = app.test_client()
    login(chinese, "focal@customs.gov.cn")
    page = chinese.get("/surveys/2026/response").get_data(as_text=True)
    assert "Waiting for the new AEO regulation" in page and "Laem Chabang" not in page


def test_no_panel_without_any_followup(seeded, app):
    focal_points()
    make_cycle(2026)
    thai = app.test_client()
    login(thai, "focal@customs.go.th")
    page = thai.get("/surveys/2026/response")
    assert page.status_code == 200 and "What your officers applied" not in page.get_data(as_text=True)
