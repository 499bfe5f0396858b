"""The evaluation: a personal link by mail to each participant who attended, answered once, results for staff."""

import re
from datetime import timedelta

from rocb.evaluations.models import EvaluationRequest
from rocb.extensions import db, utcnow
from rocb.jobs import run_burst
from tests.certificates.helpers import held_workshop
from tests.conftest import PASSWORD, login, make_user

ANSWER = {"relevance": "5", "content": "4", "facilitators": "5", "organisation": "4", "time_zones": "3",
          "will_apply": "Risk profiles for express consignments", "comments": "More case studies please"}


def _send(staff_client, app, smtp_server, w):
    done = staff_client.post(f"/workshops/{w.id}/evaluation/send", follow_redirects=True)
    assert "Evaluation links sent to 3 participant(s)." in done.get_data(as_text=True)  # Mele did not attend
    run_burst(app)
    smtp_server.wait_for(3)
    return {m["To"]: re.search(r"(/evaluation/[\w-]+)", m.get_body(("plain",)).get_content()).group(1)
            for m in smtp_server.messages}


def test_a_participant_answers_once_and_staff_see_it_anonymous(staff_client, app, smtp_server):
    w, *_ = held_workshop()
    links = _send(staff_client, app, smtp_server, w)
    assert sorted(links) == ["anan@customs.go.th", "somchai@customs.go.th", "wang@customs.gov.cn"]
    visitor = app.test_client()
    assert "How was Regional Workshop on Post-Clearance Audit?" in visitor.get(links["wang@customs.gov.cn"]).get_data(
        as_text=True)
    bad = visitor.post(links["wang@customs.gov.cn"], data={**ANSWER, "relevance": ""})
    assert "Relevance to your work: choose a score from 1 to 5." in bad.get_data(as_text=True)
    assert "Risk profiles for express consignments" in bad.get_data(as_text=True)  # what was typed is kept
    ok = visitor.post(links["wang@customs.gov.cn"], data=ANSWER)
    assert "Thank you: your answers were received." in ok.get_data(as_text=True)
    again = visitor.get(links["wang@customs.gov.cn"])
    assert again.status_code == 410 and "already used" in again.get_data(as_text=True)

    page = staff_client.get(f"/workshops/{w.id}/evaluation").get_data(as_text=True)
    assert "1 of 3 participants answered (33%)." in page
    assert "Risk profiles for express consignments" in page and "(anonymous)" in page and "王小明" not in page
    api = staff_client.get(f"/api/v1/workshops/{w.id}/evaluation").get_json()
    assert api["answered"] == 1 and api["response_rate"] == 33 and api["comments"] == []
    assert api["questions"][0]["distribution"]["5"] == 1


def test_admins_see_who_answered_and_a_named_answer_is_named_to_staff(staff_client, app, smtp_server):
    w, *_ = held_workshop()
    links = _send(staff_client, app, smtp_server, w)
    app.test_client().post(links["wang@customs.gov.cn"], data=ANSWER)
    app.test_client().post(links["somchai@customs.go.th"], data={**ANSWER, "named": "y", "comments": "Good"})
    page = staff_client.get(f"/workshops/{w.id}/evaluation").get_data(as_text=True)
    assert "(สมชาย ใจดี)" in page and "王小明" not in page
    api = staff_client.get(f"/api/v1/workshops/{w.id}/evaluation").get_json()
    assert [c["comments"] for c in api["comments"]] == ["Good"]
    make_user("admin2@rocb-ap.org", "admin")
    admin = app.test_client()
    login(admin, "admin2@rocb-ap.org", PASSWORD)
    assert "(王小明)" in admin.get(f"/workshops/{w.id}/evaluation").get_data(as_text=True)


def test_a_reminder_goes_to_those_who_have_not_answered_and_an_expired_link_says_so(staff_client, app, smtp_server):
    w, *_ = held_workshop()
    links = _send(staff_client, app, smtp_server, w)
    app.test_client().post(links["wang@customs.gov.cn"], data=ANSWER)
    done = staff_client.post(f"/workshops/{w.id}/evaluation/remind", follow_redirects=True)
    assert "Reminders sent to 2 participant(s)." in done.get_data(as_text=True)
    run_burst(app)
    smtp_server.wait_for(5)
    assert len(smtp_server.to("wang@customs.gov.cn")) == 1
    (reminder,) = [m for m in smtp_server.to("anan@customs.go.th") if m["Subject"].startswith("Reminder")]
    new_link = re.search(r"(/evaluation/[\w-]+)", reminder.get_body(("plain",)).get_content()).group(1)
    assert app.test_client().get(links["anan@customs.go.th"]).status_code == 410  # the old link stopped
    for r in db.session.execute(db.select(EvaluationRequest)).scalars():
        r.closes_on = utcnow().date() - timedelta(days=1)
    db.session.commit()
    closed = app.test_client().get(new_link)
    assert closed.status_code == 410 and "This evaluation closed on" in closed.get_data(as_text=True)


def test_the_evaluation_waits_until_the_workshop_is_held(staff_client):
    from tests.factories import make_workshop

    w = make_workshop("Future workshop")
    done = staff_client.post(f"/workshops/{w.id}/evaluation/send", follow_redirects=True)
    assert "once the workshop is recorded as held" in done.get_data(as_text=True)


def test_recording_a_workshop_as_held_mails_the_links(seeded, smtp_server):
    from datetime import datetime

    from rocb.workshops import services
    from tests.factories import make_participant, make_workshop

    w = make_workshop("Regional Workshop on AEO", sessions=[(datetime(2026, 3, 2, 10), datetime(2026, 3, 2, 12))])
    make_participant(w, "Sione Tupou", "sione@customs.gov.to", "TO")
    make_participant(w, "Anan Chai", "anan@customs.go.th", "TH", attended=False)
    services.change_status(w, "held")
    db.session.commit()
    run_burst(seeded)
    smtp_server.wait_for(1)
    assert [m["To"] for m in smtp_server.messages] == ["sione@customs.gov.to"]
    assert "/evaluation/" in smtp_server.messages[0].get_body(("plain",)).get_content()
    # A later change to the held workshop sends no second link.
    services.add_session(w, {"local_start": datetime(2026, 3, 3, 10), "local_end": datetime(2026, 3, 3, 12)})
    db.session.commit()
    run_burst(seeded)
    assert len(smtp_server.messages) == 1


def test_the_same_link_posted_twice_at_once_counts_once_and_says_used(staff_client, app, smtp_server):
    """Two posts of one link that both passed the "not used yet" check: the second one finds the link used (no 500,
    no second answer)."""
    from rocb.evaluations.models import EvaluationAnswer

    w, *_ = held_workshop()
    links = _send(staff_client, app, smtp_server, w)
    request = db.session.execute(db.select(EvaluationRequest).join(EvaluationRequest.participant)
                                 .where(EvaluationRequest.participant.has(email="wang@customs.gov.cn"))).scalar_one()
    # The first post's answer is in, its "answered" mark not seen yet by the second post (which checked before).
    db.session.add(EvaluationAnswer(workshop_id=w.id, request_id=request.id, relevance=5, content=5, facilitators=5,
                                    organisation=5, time_zones=5))
    db.session.commit()
    second = app.test_client().post(links["wang@customs.gov.cn"], data=ANSWER)
    assert second.status_code == 410 and "already used" in second.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count()).select_from(EvaluationAnswer)).scalar_one() == 1
    # and the other way round: the link marked used between the check and the write
    request = db.session.execute(db.select(EvaluationRequest).where(
        EvaluationRequest.participant.has(email="anan@customs.go.th"))).scalar_one()
    from rocb.evaluations import services

    real = services.request_of
    services.request_of = lambda token: request  # the check passed before the other post marked the link
    try:
        request.answered_at = utcnow()
        db.session.commit()
        third = app.test_client().post(links["anan@customs.go.th"], data=ANSWER)
    finally:
        services.request_of = real
    assert third.status_code == 410 and "already used" in third.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count()).select_from(EvaluationAnswer)).scalar_one() == 1


def test_a_double_click_on_remind_mails_nobody_twice_and_says_when_the_last_went(staff_client, app, smtp_server):
    w, *_ = held_workshop()
    _send(staff_client, app, smtp_server, w)
    first = staff_client.post(f"/workshops/{w.id}/evaluation/remind", follow_redirects=True).get_data(as_text=True)
    second = staff_client.post(f"/workshops/{w.id}/evaluation/remind", follow_redirects=True).get_data(as_text=True)
    assert "Reminders sent to 3 participant(s)." in first
    assert "Reminders sent to" not in second
    assert "3 participant(s) had a reminder in the last day" in second
    assert "Last reminder:" in second
    run_burst(app)
    smtp_server.wait_for(6)
    assert len([m for m in smtp_server.messages if m["Subject"].startswith("Reminder")]) == 3
    # A day later they can be reminded again.
    for r in db.session.execute(db.select(EvaluationRequest)).scalars():
        r.reminded_at = utcnow() - timedelta(hours=25)
    db.session.commit()
    again = staff_client.post(f"/workshops/{w.id}/evaluation/remind", follow_redirects=True).get_data(as_text=True)
    assert "Reminders sent to 3 participant(s)." in again


def test_the_results_page_reads_the_same_number_of_queries_at_1_and_10_answers(staff_client, app):
    from tests.conftest import QueryCounter
    from tests.factories import make_participant

    w, *_ = held_workshop()
    for n in range(9):
        make_participant(w, f"Officer {n}", f"officer{n}@customs.go.th", "TH", commit=False)
    db.session.commit()
    from rocb.evaluations import services

    services.send(w)
    db.session.commit()
    requests = db.session.execute(db.select(EvaluationRequest).order_by(EvaluationRequest.id)).scalars().all()
    links = {}
    for r in requests:  # new links known to the test (the mailed ones are hashed)
        links[r.id] = f"t{r.id}-" + "x" * 20
        r.token_hash = services._hash(links[r.id])
    db.session.commit()

    def answer(r, named):
        response = app.test_client().post(f"/evaluation/{links[r.id]}",
                                          data={**ANSWER, **({"named": "y"} if named else {})})
        assert response.status_code == 200

    def count() -> int:
        db.session.expire_all()
        staff_client.get("/")  # the session's user and the data versions, read once after the changes
        with QueryCounter() as q:
            page = staff_client.get(f"/workshops/{w.id}/evaluation")
        assert page.status_code == 200
        return q.count, page.get_data(as_text=True)

    answer(requests[0], named=True)
    one, page = count()
    assert "1 of 12 participants answered (8%)." in page
    for i, r in enumerate(requests[1:10]):
        answer(r, named=i % 2 == 0)
    ten, page = count()
    assert "10 of 12 participants answered (83%)." in page
    assert ten == one
