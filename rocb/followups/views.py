"""Focal points: their administration's follow-ups and the answer form. Staff: a workshop's follow-ups, send them
now, remind.

A focal point sees and answers only their own administration's follow-ups: any other answers 404. Staff may open
any follow-up and answer for the administration (recorded under their name), as they may act on a survey response.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from rocb import access, params
from rocb.extensions import db
from rocb.followups import bp, services
from rocb.followups.forms import FollowUpForm
from rocb.pages import one_or_404, page_args
from rocb.services import ServiceError, attach_errors
from rocb.web import format_instant
from rocb.workshops.models import Workshop


@bp.get("/followups/")
@access.focal_point
def followup_list():
    staff = access.is_staff()
    own = None if staff else access.own_administration_id()
    if not staff and own is None:
        abort(403)
    page = db.paginate(services.listing(own), **page_args())
    return render_template("followups/list.html", page=page, staff=staff)


@bp.route("/followups/<int:followup_id>", methods=["GET", "POST"])
@access.focal_point
def followup_answer(followup_id):
    followup = services.visible(followup_id, access.own_administration_id(), access.is_staff())
    if followup is None:
        abort(404)
    form = FollowUpForm()
    status = 200
    if request.method == "GET":
        form.version.data = str(followup.version)
        if followup.answered:
            form.applied.data = followup.applied
            form.what_changed.data = followup.what_changed or ""
            form.support_needed.data = followup.support_needed or ""
    elif form.validate_on_submit():
        try:
            services.save_answer(followup, dict(form.data), params.whole_number(form.version.data),
                                 actor=current_user.email)
        except services.FollowUpConflict as conflict:
            db.session.rollback()
            form.form_errors.append(str(conflict))
            form.version.data = str(conflict.current_version)  # saving again now means "keep mine"
            status = 409
        except ServiceError as error:
            db.session.rollback()
            attach_errors(form, error)
            status = 400
        else:
            db.session.commit()
            flash(f"Saved the follow-up of {followup.workshop.title} for {followup.administration.name}. You can "
                  "change it later.", "success")
            return redirect(url_for(".followup_list"))
        followup = services.visible(followup_id, access.own_administration_id(), access.is_staff())
    else:
        status = 400
    return render_template("followups/answer.html", followup=followup, form=form,
                           acting=access.is_staff()), status


@bp.get("/workshops/<int:workshop_id>/followups")
@access.staff
def workshop_followups(workshop_id):
    workshop = one_or_404(select(Workshop).where(Workshop.id == workshop_id))
    return render_template("followups/workshop.html", workshop=workshop, followups=services.of_workshop(workshop),
                           due_on=services.due_on(workshop), action=FlaskForm(),
                           attending=services.attending_administrations(workshop.id))


@bp.post("/workshops/<int:workshop_id>/followups/<any(send, remind):what>")
@access.staff
def workshop_followups_send(workshop_id, what):
    workshop = one_or_404(select(Workshop).where(Workshop.id == workshop_id))
    if FlaskForm().validate_on_submit():
        try:
            done = (services.open_followups(workshop, by_staff=True) if what == "send"
                    else services.remind(workshop))
        except ServiceError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            db.session.commit()
            _flash(what, done)
    return redirect(url_for(".workshop_followups", workshop_id=workshop.id), 303)


def _flash(what: str, done) -> None:
    if what == "send":
        flash(f"Follow-up sent to {len(done)} administration(s)." if done else
              "Every administration whose officers attended has its follow-up already.", "success")
        return
    if done.sent or not done.waiting:
        flash(f"Reminders sent to {done.sent} administration(s).", "success")
    if done.waiting:
        flash(f"{done.waiting} administration(s) had a reminder in the last day ({format_instant(done.last_at)}) "
              "and get no other before a day has passed.", "info")
