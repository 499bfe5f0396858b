"""Propose a workshop (staff): /planner/workshop shows the best series of sessions for a topic, administrations
and experts, with who pays for it; "Create the draft workshop" turns the chosen series into a planned workshop."""

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select

from rocb import access, params
from rocb.experts.models import Expert
from rocb.extensions import db, utcnow
from rocb.proposals import services
from rocb.proposals.forms import ProposalForm
from rocb.registry.models import Topic
from rocb.scheduling.forms import split_list
from rocb.services import ServiceError, attach_errors

bp = Blueprint("proposals", __name__)
QUERY_ARGS = ("topic", "admins", "asked", "experts", "hard", "days", "hours", "from", "to", "reference")


def proposal_form(formdata) -> ProposalForm:
    form = ProposalForm(formdata=formdata)
    form.topic.choices = [("", "— choose —")] + [
        (c, n) for c, n in db.session.execute(select(Topic.code, Topic.name).order_by(Topic.name))]
    form.experts.choices = [(str(i), f"{n} ({z})") for i, n, z in db.session.execute(
        select(Expert.id, Expert.name, Expert.timezone).order_by(Expert.name))]
    return form


def proposal_query(form: ProposalForm) -> services.ProposalQuery:
    return services.ProposalQuery(
        topic=form.topic.data, codes=split_list(form.admins.data), asked=bool(form.asked.data),
        experts=form.expert_keys(), hard=bool(form.hard.data), days=form.days.data,
        minutes=int(round(form.hours.data * 60)), date_from=form.date_from.data, date_to=form.date_to.data,
        reference=form.reference.data or "Asia/Bangkok")


def _args():
    return request.form if request.method == "POST" else request.args


@bp.route("/planner/workshop", methods=["GET"])
@access.staff
def propose():
    outcome, status = None, 200
    if any(name in request.args for name in QUERY_ARGS):
        form = proposal_form(request.args)
        if form.validate():
            try:
                outcome = services.propose(proposal_query(form))
            except ServiceError as error:
                attach_errors(form, error)
        if form.errors or form.form_errors:
            status = 400
    else:
        start = utcnow().date() + timedelta(days=14)
        form = proposal_form(None)
        form.date_from.data, form.date_to.data = start, start + timedelta(days=59)
    return render_template("proposals/propose.html", form=form, outcome=outcome, query=request.args,
                           create_form=FlaskForm()), status


@bp.post("/planner/workshop/draft")
@access.staff
def create_draft():
    """The same question (hidden fields) and the chosen proposal's rank: recomputed here, never trusted from the
    page, then saved as a draft workshop."""
    form = proposal_form(request.form)
    back = url_for(".propose", **{k: request.form.getlist(k) for k in QUERY_ARGS if k in request.form})
    if not FlaskForm().validate_on_submit() or not form.validate():
        flash("That proposal could not be read: " + "; ".join(m for ms in form.errors.values() for m in ms), "error")
        return redirect(back)
    rank = request.form.get("rank", "0")
    try:
        outcome = services.propose(proposal_query(form))
        chosen = params.whole_number(rank, 0, 99) or 0
        if chosen >= len(outcome.proposals):
            raise ServiceError({"rank": "That proposal is no longer available: propose again."})
        proposal = outcome.proposals[chosen]
        workshop = services.create_draft(outcome, proposal)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(back)
    db.session.commit()
    flash(f"Draft workshop created with {len(proposal.sessions)} sessions and {len(outcome.experts)} expert(s). "
          "It is not public until you tick Public.", "success")
    return redirect(url_for("workshops.workshop_detail", workshop_id=workshop.id))
