"""The optional knowledge check: the same short questions before the workshop (a personal link) and after it (with
the evaluation); staff see the share of right answers before and after, never a participant's own answers."""

import re
from datetime import datetime, timedelta

import pytest

from rocb.evaluations import knowledge
from rocb.evaluations.models import EvaluationRequest
from rocb.extensions import db, utcnow
from rocb.jobs import run_burst
from tests.evaluations.test_evaluation import ANSWER
from tests.factories import make_participant, make_workshop

QUESTIONS = """What does AEO stand for?
* Authorized Economic Operator
- Approved Export Office
- Automated Entry Option

Which WCO instrument sets the standards of AEO programmes?
- The Harmonized System
* The SAFE Framework of Standards
"""


def test_the_questions_are_read_from_plain_text_and_every_mistake_is_named():
    parsed = knowledge.parse(QUESTIONS)
    assert [(q.text, len(q.choices), q.correct) for q in parsed] == [
        ("What does AEO stand for?", 3, 0), ("Which WCO instrument sets the standards of AEO programmes?", 2, 1)]
    assert knowledge.parse(knowledge.as_text(parsed)) == parsed
    assert knowledge.parse("  \n\n ") == []
    for text, message in (
        ("Question?\n- a\n- b", "mark exactly one choice as the right one"),
        ("Question?\n* a\n* b", "(2 marked)"),
        ("Question?\n* a", "give 2 to 6 choices (1 given)"),
        ("Question?\n* a\nb", "each choice starts with"),
        ("* a\n- b", "start with the question itself"),
        ("Question?\n* a\n- a", "two choices say the same"),
        ("\n\n".join(f"Q{n}?\n* a\n- b" for n in range(11)), "At most 10 questions"),
    ):
        with pytest.raises(knowledge.QuestionsRefused, match=re.escape(message)):
            knowledge.parse(text)
    comparison = knowledge.compare(parsed, [("before", [1, 1]), ("before", [0, 0]), ("after", [0, 1])])
    assert comparison.average == {"before": 50, "after": 100}
    assert comparison.per_question[0][1:] == (50, 100)


def _future_workshop():
    day = utcnow().date() + timedelta(days=10)
    w = make_workshop("Regional Workshop on AEO", sessions=[(datetime.combine(day, datetime.min.time()).replace(
        hour=10), datetime.combine(day, datetime.min.time()).replace(hour=12))])
    make_participant(w, "Sione Tupou", "sione@customs.gov.to", "TO")
    make_participant(w, "Anan Chai", "anan@customs.go.th", "TH")
    make_participant(w, "Kenji Sato", "kenji@customs.go.jp", "JP", role="expert")  # teaches: takes no check
    return w


def _link(smtp_server, to, path):
    (message,) = [m for m in smtp_server.to(to) if path in m.get_body(("plain",)).get_content()]
    return re.search(rf"({path}[\w-]+)", message.get_body(("plain",)).get_content()).group(1)


def test_before_and_after_the_same_questions_and_staff_see_what_was_learnt(staff_client, app, smtp_server):
    w = _future_workshop()
    bad = staff_client.post(f"/workshops/{w.id}/evaluation/questions", data={"questions": "What is AEO?\n- a\n- b"})
    assert bad.status_code == 400 and "Question 1: mark exactly one choice" in bad.get_data(as_text=True)
    assert "What is AEO?" in bad.get_data(as_text=True)  # what was typed is kept
    saved = staff_client.post(f"/workshops/{w.id}/evaluation/questions", data={"questions": QUESTIONS})
    assert saved.status_code == 303
    sent = staff_client.post(f"/workshops/{w.id}/evaluation/knowledge", follow_redirects=True)
    assert "Knowledge check sent to 2 participant(s)." in sent.get_data(as_text=True)
    run_burst(app)
    smtp_server.wait_for(2)
    sione, anan = (_link(smtp_server, to, "/knowledge/") for to in ("sione@customs.gov.to", "anan@customs.go.th"))

    visitor = app.test_client()
    form = visitor.get(sione).get_data(as_text=True)
    assert "Knowledge check 1: What does AEO stand for?" in form and "The SAFE Framework of Standards" in form
    missing = visitor.post(sione, data={"k0": "0"})
    assert missing.status_code == 400 and "Choose an answer." in missing.get_data(as_text=True)
    assert visitor.post(sione, data={"k0": "1", "k1": "1"}).status_code == 200  # one right of two
    used = visitor.get(sione)
    assert used.status_code == 410 and "already used" in used.get_data(as_text=True)
    assert visitor.post(anan, data={"k0": "2", "k1": "0"}).status_code == 200  # none right

    more = QUESTIONS + "\n\nQ?\n* a\n- b"
    changed = staff_client.post(f"/workshops/{w.id}/evaluation/questions", data={"questions": more})
    assert changed.status_code == 400 and "answered these questions already" in changed.get_data(as_text=True)

    # After the workshop: the evaluation asks the same questions.
    w.status = "held"  # as if its days had passed and staff recorded it
    db.session.commit()
    closed = visitor.get(anan)
    assert closed.status_code == 410
    from rocb.evaluations import services

    services.send(w)
    db.session.commit()
    request = db.session.execute(db.select(EvaluationRequest).where(
        EvaluationRequest.participant.has(email="sione@customs.gov.to"))).scalar_one()
    request.token_hash = services._hash("sione-after-link")
    db.session.commit()
    evaluation = visitor.get("/evaluation/sione-after-link").get_data(as_text=True)
    assert "Knowledge check 2: Which WCO instrument sets the standards of AEO programmes?" in evaluation
    incomplete = visitor.post("/evaluation/sione-after-link", data=ANSWER)
    assert incomplete.status_code == 200 and "Choose an answer." in incomplete.get_data(as_text=True)
    done = visitor.post("/evaluation/sione-after-link", data={**ANSWER, "k0": "0", "k1": "1"})
    assert "Thank you: your answers were received." in done.get_data(as_text=True)
    expert = db.session.execute(db.select(EvaluationRequest).where(
        EvaluationRequest.participant.has(email="kenji@customs.go.jp"))).scalar_one()
    expert.token_hash = services._hash("kenji-link")
    db.session.commit()
    assert "Knowledge check" not in visitor.get("/evaluation/kenji-link").get_data(as_text=True)

    page = staff_client.get(f"/workshops/{w.id}/evaluation").get_data(as_text=True)
    assert "Right answers: before 25% (2 answered), after 100% (1 answered)." in " ".join(page.split())
    api = staff_client.get(f"/api/v1/workshops/{w.id}/evaluation").get_json()
    assert api["knowledge"] == {"before": {"answered": 2, "right": 25}, "after": {"answered": 1, "right": 100}}


def test_the_check_before_waits_for_questions_and_closes_when_the_workshop_is_held(staff_client):
    w = _future_workshop()
    refused = staff_client.post(f"/workshops/{w.id}/evaluation/knowledge", follow_redirects=True)
    assert "Write the questions of the knowledge check first." in refused.get_data(as_text=True)
    page = staff_client.get(f"/workshops/{w.id}/evaluation").get_data(as_text=True)
    assert "Write the questions" in page and "Right answers" not in page
