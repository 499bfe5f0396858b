"""Staff: a workshop's certificates (the rule, who met it, one PDF, all as a ZIP, send by mail).
Public: the verification page of a code and the holder's PDF."""

import hmac

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select

from rocb import access
from rocb.certificates import bp, services
from rocb.certificates.forms import RuleForm
from rocb.extensions import db
from rocb.pages import one_or_404
from rocb.services import ServiceError
from rocb.workshops.models import Workshop


def _workshop(workshop_id) -> Workshop:
    return one_or_404(select(Workshop).where(Workshop.id == workshop_id))


def _pdf(data: bytes, name: str) -> Response:
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f"inline; filename*=UTF-8''{_quoted(name)}"})


def _quoted(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@bp.route("/workshops/<int:workshop_id>/certificates", methods=["GET", "POST"])
@access.staff
def workshop_certificates(workshop_id):
    workshop = _workshop(workshop_id)
    form = RuleForm(data={"min_percent": workshop.certificate_min_percent})
    if form.validate_on_submit():
        try:
            services.set_rule(workshop, form.min_percent.data)
        except ServiceError as error:
            form.min_percent.errors.append(str(error.args[0].get("min_percent", error)))
        else:
            db.session.commit()
            flash(f"Certificates now need at least {workshop.certificate_min_percent} % of the sessions.", "success")
            return redirect(url_for(".workshop_certificates", workshop_id=workshop.id))
    return render_template("certificates/workshop.html", workshop=workshop, form=form, action=FlaskForm(),
                           standings=services.standings(workshop))


@bp.get("/workshops/<int:workshop_id>/certificates/<int:participant_id>.pdf")
@access.staff
def certificate_pdf(workshop_id, participant_id):
    workshop = _workshop(workshop_id)
    try:
        standing, _ = services.issue_for(workshop, participant_id)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for(".workshop_certificates", workshop_id=workshop.id)), 303
    db.session.commit()
    return _pdf(services.pdf_of(workshop, standing), services.file_name(standing))


@bp.get("/workshops/<int:workshop_id>/certificates.zip")
@access.staff
def certificates_zip(workshop_id):
    workshop = _workshop(workshop_id)
    try:
        data = services.zip_of(workshop)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for(".workshop_certificates", workshop_id=workshop.id)), 303
    db.session.commit()
    return Response(data, mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="certificates-workshop-{workshop.id}.zip"'})


@bp.post("/workshops/<int:workshop_id>/certificates/send")
@access.staff
def certificates_send(workshop_id):
    workshop = _workshop(workshop_id)
    if FlaskForm().validate_on_submit():
        sent = services.send_all(workshop)
        db.session.commit()
        if sent:
            flash(f"{sent} certificate(s) on their way by e-mail.", "success")
        else:
            flash("Nobody who met the rule has an e-mail address: no certificate was sent.", "warning")
    return redirect(url_for(".workshop_certificates", workshop_id=workshop.id), 303)


@bp.get("/certificates/<code>")
@access.public
def verify(code):
    found = services.by_code(code)
    if found is None:
        abort(404)
    workshop, standing = found
    return render_template("certificates/verify.html", workshop=workshop, holder=standing.participant.name,
                           code=standing.certificate.code, dates=services.dates_of(workshop))


@bp.get("/certificates/<code>/pdf")
@access.public
def holder_pdf(code):
    found = services.by_code(code)
    if found is None:
        abort(404)
    workshop, standing = found
    # compared as bytes: compare_digest refuses a str with letters beyond ASCII (?key=² was a 500)
    given = request.args.get("key", "").encode("utf-8", "replace")
    if not hmac.compare_digest(given, services.holder_key(standing.certificate.code).encode()):
        abort(404)
    return _pdf(services.pdf_of(workshop, standing), services.file_name(standing))
