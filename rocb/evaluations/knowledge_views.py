"""The optional knowledge check: staff write the questions and send the "before" links; participants answer before
the workshop from their link (the "after" answers come with the evaluation)."""

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from rocb import access
from rocb.evaluations import bp, knowledge, knowledge_services
from rocb.evaluations.forms import KnowledgeForm, QuestionsForm, with_questions
from rocb.extensions import db
from rocb.pages import one_or_404
from rocb.services import ServiceError, attach_errors
from rocb.workshops.models import Workshop


def _workshop(workshop_id) -> Workshop:
    return one_or_404(select(Workshop).where(Workshop.id == workshop_id))


@bp.route("/workshops/<int:workshop_id>/evaluation/questions", methods=["GET", "POST"])
@access.staff
def knowledge_questions(workshop_id):
    workshop = _workshop(workshop_id)
    form = QuestionsForm()
    back = url_for(".evaluation_results", workshop_id=workshop.id)
    if form.validate_on_submit():
        try:
            knowledge_services.save_questions(workshop, form.questions.data or "")
        except ServiceError as error:
            db.session.rollback()
            attach_errors(form, error)
        else:
            db.session.commit()
            flash("Knowledge check saved: the same questions go before the workshop and with the evaluation.",
                  "success")
            return redirect(back, 303)
    elif not form.is_submitted():
        form.questions.data = knowledge.as_text(knowledge_services.as_questions(
            knowledge_services.questions_of(workshop.id)))
    return render_template("form_page.html", form=form, title=f"Knowledge check of {workshop.title}",
                           cancel_url=back, submit="Save the questions",
                           note="The same short questions before the workshop (a personal link) and after it (with "
                                "the evaluation): what participants learnt shows in the difference. Up to "
                                f"{knowledge.MAX_QUESTIONS} questions of {knowledge.MIN_CHOICES} to "
                                f"{knowledge.MAX_CHOICES} choices."), 400 if form.is_submitted() else 200


@bp.post("/workshops/<int:workshop_id>/evaluation/knowledge")
@access.staff
def knowledge_send(workshop_id):
    workshop = _workshop(workshop_id)
    if FlaskForm().validate_on_submit():
        try:
            count = knowledge_services.send_before(workshop)
        except ServiceError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash(f"Knowledge check sent to {count} participant(s).", "success")
    return redirect(url_for(".evaluation_results", workshop_id=workshop.id), 303)


@bp.route("/knowledge/<token>", methods=["GET", "POST"])
@access.public
def knowledge_form(token):
    try:
        check = knowledge_services.before_check_of(token)
    except knowledge_services.LinkRefused as refused:
        return render_template("evaluations/closed.html", message=str(refused)), 410
    workshop = db.session.get(Workshop, check.workshop_id)
    form = with_questions(KnowledgeForm, knowledge_services.questions_of(workshop.id))()
    if form.validate_on_submit():
        try:
            knowledge_services.answer_before(token, form.data)
            db.session.commit()
        except ServiceError as error:
            db.session.rollback()
            attach_errors(form, error)
        except (knowledge_services.LinkRefused, IntegrityError) as refused:
            db.session.rollback()
            return render_template("evaluations/closed.html", message=str(refused) if isinstance(
                refused, knowledge_services.LinkRefused) else knowledge_services.USED), 410
        else:
            return render_template("evaluations/closed.html", message="Thank you: your answers were received. "
                                   "The same questions come again with the evaluation after the workshop.")
    return render_template("evaluations/knowledge.html", form=form, workshop=workshop), \
        400 if form.is_submitted() else 200
