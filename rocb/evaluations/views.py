"""Staff: send the evaluation of a held workshop, remind, read the results. Participants: the form of their link."""

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from rocb import access
from rocb.api import api
from rocb.evaluations import bp, knowledge_services, services
from rocb.evaluations.forms import EvaluationForm, with_questions
from rocb.evaluations.models import QUESTIONS
from rocb.extensions import db
from rocb.pages import one_or_404
from rocb.services import ServiceError, attach_errors
from rocb.web import format_instant
from rocb.workshops.models import Workshop


def _workshop(workshop_id) -> Workshop:
    return one_or_404(select(Workshop).where(Workshop.id == workshop_id))


@bp.get("/workshops/<int:workshop_id>/evaluation")
@access.staff
def evaluation_results(workshop_id):
    workshop = _workshop(workshop_id)
    return render_template("evaluations/results.html", workshop=workshop, action=FlaskForm(), questions=QUESTIONS,
                           results=services.results_of(workshop, show_names=access.is_admin()),
                           last_reminder=services.last_reminder(workshop),
                           knowledge=knowledge_services.comparison(workshop))


@bp.post("/workshops/<int:workshop_id>/evaluation/<any(send, remind):what>")
@access.staff
def evaluation_send(workshop_id, what):
    workshop = _workshop(workshop_id)
    if FlaskForm().validate_on_submit():
        try:
            done = services.send(workshop) if what == "send" else services.remind(workshop)
        except ServiceError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            db.session.commit()
            if what == "send":
                flash(f"Evaluation links sent to {done} participant(s).", "success")
            else:
                _flash_reminded(done)
    return redirect(url_for(".evaluation_results", workshop_id=workshop.id), 303)


def _flash_reminded(done: services.Reminded) -> None:
    if done.sent or not done.waiting:
        flash(f"Reminders sent to {done.sent} participant(s).", "success")
    if done.waiting:
        flash(f"{done.waiting} participant(s) had a reminder in the last day ({format_instant(done.last_at)}) and "
              "get no other before a day has passed.", "info")


@bp.route("/evaluation/<token>", methods=["GET", "POST"])
@access.public
def evaluation_form(token):
    try:
        request_ = services.request_of(token)
    except services.LinkRefused as refused:
        return render_template("evaluations/closed.html", message=str(refused)), 410
    workshop = db.session.get(Workshop, request_.workshop_id)
    form = with_questions(EvaluationForm, knowledge_services.questions_for(request_))()
    if form.validate_on_submit():
        try:
            services.answer(token, form.data)
            db.session.commit()
        except ServiceError as error:
            db.session.rollback()
            attach_errors(form, error)
        except (services.LinkRefused, IntegrityError):  # the same link sent twice at once: one answer counts
            db.session.rollback()
            return render_template("evaluations/closed.html", message=services.USED), 410
        else:
            return render_template("evaluations/closed.html", message="Thank you: your answers were received.")
    return render_template("evaluations/form.html", form=form, workshop=workshop, closes_on=request_.closes_on)


@api.get("/workshops/<int:workshop_id>/evaluation")
@access.staff
def evaluation_api(workshop_id):
    """Aggregates of a workshop's evaluation (staff only); comments only of participants who agreed to be named.
    ---
    get:
      summary: Evaluation results of a workshop, aggregates only (staff only)
      tags: [evaluations]
      security: [{session: []}]
      parameters:
        - {name: workshop_id, in: path, required: true, schema: {type: integer, minimum: 0, maximum: 2147483647}}
      responses:
        "200":
          description: response rate, distribution per question, named comments
          content:
            application/json:
              schema:
                type: object
                required: [workshop_id, sent, answered, questions, comments, knowledge]
                properties: {workshop_id: {type: integer}, sent: {type: integer}, answered: {type: integer},
                             questions: {type: array}, comments: {type: array},
                             knowledge: {type: [object, "null"], description: "the optional knowledge check:
                               {before|after: {answered, right (percent of right answers, null: none)}}; null
                               without questions"}}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
    """
    workshop = _workshop(workshop_id)
    r = services.results_of(workshop, show_names=False)
    return {"workshop_id": workshop.id, "sent": r.sent, "answered": r.answered, "response_rate": r.response_rate,
            "questions": [{"question": q, "label": label, "average": r.average[q],
                           "distribution": {str(k): v for k, v in r.distribution[q].items()}}
                          for q, label in QUESTIONS],
            "comments": [{"will_apply": c["will_apply"], "comments": c["comments"]} for c in r.comments if c["named"]],
            "knowledge": ({moment: {"answered": k.answered[moment], "right": k.average[moment]}
                           for moment in ("before", "after")}
                          if (k := knowledge_services.comparison(workshop)) else None)}
