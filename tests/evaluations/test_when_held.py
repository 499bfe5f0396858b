"""Evaluation links go out when a workshop becomes held, whichever way staff record it (the status buttons or the
edit form), and never again for a later change of a workshop that was held already."""

from datetime import date, datetime

from sqlalchemy import func, select

from rocb.evaluations.models import EvaluationRequest
from rocb.extensions import db
from rocb.jobs import run_burst
from tests.factories import make_participant, make_workshop


def _edit_form(w, **changes):
    return {"title": w.title, "kind": w.kind, "mode": w.mode, "status": w.status, "reference_zone": w.reference_zone,
            "host": "", "is_public": "y", **changes}


def _requests() -> int:
    return db.session.execute(select(func.count()).select_from(EvaluationRequest)).scalar_one()


def test_recording_held_through_the_edit_form_mails_the_links(staff_client, app, smtp_server):
    w = make_workshop("Regional Workshop on AEO", sessions=[(datetime(2026, 3, 2, 10), datetime(2026, 3, 2, 12))])
    make_participant(w, "Sione Tupou", "sione@customs.gov.to", "TO")
    make_participant(w, "Anan Chai", "anan@customs.go.th", "TH", attended=False)
    saved = staff_client.post(f"/workshops/{w.id}/edit", data=_edit_form(w, status="held"))
    assert saved.status_code == 302, saved.get_data(as_text=True)
    run_burst(app)
    smtp_server.wait_for(1)
    assert [m["To"] for m in smtp_server.messages] == ["sione@customs.gov.to"]
    assert "/evaluation/" in smtp_server.messages[0].get_body(("plain",)).get_content()
    # Saving the held workshop again (a new title) sends nothing more.
    staff_client.post(f"/workshops/{w.id}/edit", data=_edit_form(w, status="held", title="AEO workshop"))
    run_burst(app)
    assert len(smtp_server.messages) == 1 and _requests() == 1


def test_editing_a_session_of_a_workshop_held_in_2019_mails_nothing(staff_client, app, smtp_server):
    w = make_workshop("Sub-regional Workshop on Valuation", sessions=[date(2019, 5, 6), date(2019, 5, 7)],
                      status="held")
    make_participant(w, "Sione Tupou", "sione@customs.gov.to", "TO")
    make_participant(w, "Anan Chai", "anan@customs.go.th", "TH")
    session = w.sessions[0]
    # A correction of the record: the first day was the 3rd, not the 6th (the change is announced to listeners).
    edited = staff_client.post(f"/sessions/{session.id}/edit", data={
        "title": "Day 1: valuation methods", "all_day": "y", "day": "2019-05-03", "zone": ""})
    assert edited.status_code == 302, edited.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(session), session.id).local_start == datetime(2019, 5, 3)
    run_burst(app)
    assert smtp_server.messages == [] and _requests() == 0
