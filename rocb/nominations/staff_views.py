"""Staff pages: open a call on a workshop, review it (one table, every administration's state), decide one or
many nominations, remind the administrations that have not replied."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select

from rocb import access, params
from rocb.extensions import db
from rocb.nominations import bp, queries, services
from rocb.nominations.forms import CallForm
from rocb.nominations.models import Nomination
from rocb.pages import form_round_trip, one_or_404
from rocb.registry.models import Administration
from rocb.services import ServiceError
from rocb.workshops.models import Workshop

DECISION_WORDS = {"confirm": "confirmed", "waitlist": "waitlisted", "decline": "declined"}


@bp.route("/workshops/<int:workshop_id>/calls/new", methods=["GET", "POST"])
@access.staff
def call_open(workshop_id):
    workshop = one_or_404(select(Workshop).where(Workshop.id == workshop_id))
    form = CallForm()
    form.administration_codes.choices = [(c, f"{n} ({c})") for c, n in db.session.execute(
        select(Administration.code, Administration.name).order_by(Administration.name))]
    if request.method == "GET" and not form.administration_codes.data:
        form.administration_codes.data = [a.code for a in workshop.invited_administrations]
    back = url_for("workshops.workshop_detail", workshop_id=workshop.id)
    return form_round_trip(form, lambda data: services.open_call(workshop, data), "form_page.html",
                           lambda call: url_for(".call_review", call_id=call.id),
                           "Call opened; its message is on its way to the focal points.",
                           title=f"Call for nominations: {workshop.title}", cancel_url=back,
                           note=(f"The deadline is in the workshop's reference zone, {workshop.reference_zone}; "
                                 "each focal point reads it in their own local time." if workshop.reference_zone
                                 else services.NO_ZONE))


def _call_or_404(call_id):
    call = queries.call_or_none(call_id)
    if call is None:
        abort(404)
    return call


@bp.get("/nominations/calls/<int:call_id>/review")
@access.staff
def call_review(call_id):
    call = _call_or_404(call_id)
    rows = queries.review(call)
    totals = {state: sum(r.counts[state] for r in rows) for state in
              ("nominated", "confirmed", "waitlisted", "declined", "withdrawn")}
    return render_template("nominations/review.html", call=call, rows=rows, totals=totals, form=FlaskForm(),
                           silent=sum(1 for r in rows if not r.nominations))


@bp.post("/nominations/calls/<int:call_id>/decide")
@access.staff
def call_decide(call_id):
    call = _call_or_404(call_id)
    back = redirect(url_for(".call_review", call_id=call.id))
    if not FlaskForm().validate_on_submit():
        return back
    state = DECISION_WORDS.get(request.form.get("decision", ""))
    ids = [n for i in request.form.getlist("nomination") if (n := params.whole_number(i)) is not None]
    chosen = db.session.execute(select(Nomination).where(Nomination.id.in_(ids), Nomination.call_id == call.id)
                                ).scalars().all() if ids else []
    try:
        if state is None:
            raise ServiceError("Choose confirm, waitlist or decline.")
        changed = services.decide(chosen, state)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(f"{len(changed)} nomination(s) {state}." + (" Their invitations are on their way."
                                                          if state == "confirmed" and changed else ""), "success")
    return back


@bp.post("/nominations/calls/<int:call_id>/remind")
@access.staff
def call_remind(call_id):
    call = _call_or_404(call_id)
    if FlaskForm().validate_on_submit():
        try:
            silent = services.remind(call)
        except ServiceError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash(f"Reminder sent to {len(silent)} administration(s) without a reply." if silent
                  else "Every administration has replied: no reminder sent.", "success")
    return redirect(url_for(".call_review", call_id=call.id))
