"""What the widened fuzz test (tests/test_fuzz.py) found, each as a plain test a person could follow by hand."""

import re
from datetime import datetime

from sqlalchemy import select

from rocb.certificates import services as certificates
from rocb.certificates.models import Certificate
from rocb.extensions import db
from rocb.feeds import tokens
from rocb.feeds.models import FeedToken
from tests.factories import make_participant, make_workshop


def _held_with_certificate():
    w = make_workshop("Regional Workshop on AEO", status="held",
                      sessions=[(datetime(2021, 3, 29, 10), datetime(2021, 3, 29, 12))])
    somchai = make_participant(w, "Somchai Jaidee", "somchai@customs.go.th", "TH")
    (standing,) = certificates.issue_all(w)
    db.session.commit()
    return w, somchai, standing.certificate.code


def test_a_holder_key_beyond_ascii_is_a_404(seeded, client):
    """hmac.compare_digest refuses a str with letters beyond ASCII: ?key=² answered 500."""
    _w, _somchai, code = _held_with_certificate()
    for key in ("²", "٣", "😀", "x" * 5000):
        assert client.get(f"/certificates/{code}/pdf", query_string={"key": key}).status_code == 404
    good = certificates.holder_key(code)
    assert client.get(f"/certificates/{code}/pdf", query_string={"key": good}).status_code == 200


def test_the_certificate_of_a_removed_participant_is_no_longer_found(staff_client, client):
    """SQLite kept the certificate row of a removed participant (foreign keys were not enforced): its page answered
    500. Now SQLite enforces them as PostgreSQL does: what hangs on a participant goes with them."""
    w, somchai, code = _held_with_certificate()
    tokens.token_for_participant(somchai)
    db.session.commit()
    assert client.get(f"/certificates/{code}").status_code == 200
    assert staff_client.post(f"/participants/{somchai.id}/delete").status_code == 302
    assert client.get(f"/certificates/{code}").status_code == 404
    for model in (Certificate, FeedToken):
        assert db.session.execute(select(model).where(model.participant_id == somchai.id)).first() is None


def test_a_held_workshop_whose_sessions_were_all_removed_leaves_the_analysis_working(staff_client, client):
    """Its first day is gone, so it has no year: the participation by year answered 500 (a NaN cast to int)."""
    w = make_workshop("Regional Workshop on AEO", status="held",
                      sessions=[(datetime(2021, 3, 29, 10), datetime(2021, 3, 29, 12))])
    make_participant(w, "Somchai Jaidee", "somchai@customs.go.th", "TH")
    make_workshop("Sub-regional Workshop on HRM", status="held",
                  sessions=[(datetime(2022, 5, 9, 10), datetime(2022, 5, 9, 12))])
    from rocb.workshops.models import Session

    (session,) = db.session.execute(select(Session).where(Session.workshop_id == w.id)).scalars()
    assert staff_client.post(f"/sessions/{session.id}/delete").status_code == 302
    assert client.get("/analytics/").status_code == 200
    assert client.get("/analytics/charts/participation.csv").status_code == 200


def test_reminders_after_a_participant_was_removed_go_to_the_others(staff_client, client):
    """SQLite keeps the evaluation request of a removed participant: the reminder answered 500."""
    from rocb.mail.models import OutboxMessage

    w, somchai, _code = _held_with_certificate()
    make_participant(w, "Sione Fifita", "sione@customs.gov.to", "TO")
    assert staff_client.post(f"/workshops/{w.id}/evaluation/send").status_code == 303
    link = next(re.finditer(r"/evaluation/([A-Za-z0-9_-]+)", db.session.execute(
        select(OutboxMessage.body_text).where(OutboxMessage.to_address == "somchai@customs.go.th")).scalar_one()))
    assert staff_client.post(f"/participants/{somchai.id}/delete").status_code == 302
    done = staff_client.post(f"/workshops/{w.id}/evaluation/remind", follow_redirects=True)
    assert done.status_code == 200 and "Reminders sent to 1 participant(s)." in done.get_data(as_text=True)
    assert client.get(link.group(0)).status_code < 500
    answer = {"relevance": "5", "content": "4", "facilitators": "4", "organisation": "5", "time_zones": "3"}
    assert client.post(link.group(0), data=answer).status_code < 500
