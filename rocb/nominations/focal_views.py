"""Pages of the focal points: their administration's open calls, nominating (form or file), edit, withdraw.

A focal point sees and touches only their own administration's nominations: anything else answers 404.
Staff reach the same pages for any invited administration with ?administration=CODE.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from rocb import access
from rocb.extensions import db
from rocb.nominations import bp, imports, queries, services
from rocb.nominations.forms import NominationFileForm, NominationForm
from rocb.nominations.models import Call, Nomination
from rocb.pages import one_or_404
from rocb.services import ServiceError, attach_errors
from rocb.workshops.forms import ROLE_CHOICES


def _acting_administration(call: Call) -> int:
    """The administration the user acts for on this call: their own (focal point) or ?administration= (staff)."""
    if access.is_staff():
        code = (request.values.get("administration") or "").upper()
        found = next((ca for ca in call.administrations if ca.administration.code == code), None)
        if found is None:
            abort(404)
        return found.administration_id
    own = access.own_administration_id()
    if own is None or services.invitation_of(call, own) is None:
        abort(404)
    return own


def _call_or_404(call_id: int) -> Call:
    call = queries.call_or_none(call_id)
    if call is None:
        abort(404)
    return call


def _nomination_or_404(nomination_id: int) -> Nomination:
    nomination = one_or_404(select(Nomination).where(Nomination.id == nomination_id))
    if not access.is_staff() and nomination.administration_id != access.own_administration_id():
        abort(404)
    return nomination


def _page(call: Call, admin_id: int, form, file_form, problems=(), status=200):
    form.role.choices = [c for c in ROLE_CHOICES if c[0] in call.roles]
    (row,) = queries.review(call, admin_id)
    return render_template("nominations/call.html", call=call, row=row, form=form, file_form=file_form,
                           problems=problems, code=row.administration.code), status


@bp.get("/nominations/")
@access.focal_point
def nomination_home():
    own = None if access.is_staff() else access.own_administration_id()
    if not access.is_staff() and own is None:
        abort(403)
    calls = queries.open_calls(own)
    return render_template("nominations/home.html", calls=calls, nominations=queries.nominations_of(calls, own))


@bp.route("/nominations/calls/<int:call_id>", methods=["GET", "POST"])
@access.focal_point
def call_page(call_id):
    call = _call_or_404(call_id)
    admin_id = _acting_administration(call)
    form = NominationForm()
    form.role.choices = [c for c in ROLE_CHOICES if c[0] in call.roles]
    if form.validate_on_submit():
        try:
            nomination = services.nominate(call, admin_id, dict(form.data), by=current_user.email)
        except ServiceError as error:
            db.session.rollback()
            attach_errors(form, error)
        else:
            message = (services.waitlist_message(call, nomination.administration, [nomination.name])
                       if nomination.state == "waitlisted" else f"{nomination.name} is nominated.")
            db.session.commit()
            flash(message, "warning" if nomination.state == "waitlisted" else "success")
            return redirect(request.full_path.rstrip("?"))
    return _page(call, admin_id, form, NominationFileForm(), status=400 if request.method == "POST" else 200)


@bp.post("/nominations/calls/<int:call_id>/file")
@access.focal_point
def call_file(call_id):
    call = _call_or_404(call_id)
    admin_id = _acting_administration(call)
    file_form = NominationFileForm()
    problems = []
    if file_form.validate_on_submit():
        upload = file_form.file.data
        try:
            made = imports.import_nominations(call, admin_id, upload.filename or "", upload.read(),
                                              by=current_user.email)
        except imports.RosterRejected as error:
            db.session.rollback()
            problems = error.rows
            file_form.file.errors = [error.errors["file"]]
        else:
            waiting = [n.name for n in made if n.state == "waitlisted"]
            admin = made[0].administration if made else None
            db.session.commit()
            flash(f"{len(made) - len(waiting)} nominated from the file.", "success")
            if waiting:
                flash(services.waitlist_message(call, admin, waiting), "warning")
            return redirect(url_for(".call_page", call_id=call.id, **_staff_args(call, admin_id)))
    return _page(call, admin_id, NominationForm(), file_form, problems, status=400)


def _staff_args(call: Call, admin_id: int) -> dict:
    if not access.is_staff():
        return {}
    return {"administration": services.invitation_of(call, admin_id).administration.code}


@bp.route("/nominations/<int:nomination_id>/edit", methods=["GET", "POST"])
@access.focal_point
def nomination_edit(nomination_id):
    nomination = _nomination_or_404(nomination_id)
    call = nomination.call
    form = NominationForm(obj=nomination)
    form.role.choices = [c for c in ROLE_CHOICES if c[0] in call.roles]
    back = url_for(".call_page", call_id=call.id, **_staff_args(call, nomination.administration_id))
    if form.validate_on_submit():
        old_email = nomination.email
        try:
            services.update_nomination(nomination, dict(form.data))
        except ServiceError as error:
            db.session.rollback()
            attach_errors(form, error)
        else:
            moved = nomination.state == "confirmed" and nomination.email != old_email
            db.session.commit()
            flash(f"Saved {nomination.name}." + (f" The invitation now goes to {nomination.email}; {old_email} gets "
                                                  "a cancellation." if moved else ""), "success")
            return redirect(back)
    return render_template("form_page.html", form=form, title=f"Edit the nomination of {nomination.name}",
                           cancel_url=back), 400 if request.method == "POST" else 200


@bp.post("/nominations/<int:nomination_id>/withdraw")
@access.focal_point
def nomination_withdraw(nomination_id):
    nomination = _nomination_or_404(nomination_id)
    call = nomination.call
    if FlaskForm().validate_on_submit():
        try:
            services.withdraw(nomination)
        except ServiceError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash(f"{nomination.name} is withdrawn.", "success")
    return redirect(url_for(".call_page", call_id=call.id, **_staff_args(call, nomination.administration_id)))
