"""Pages about people: participants, headcounts, roster import/export, an administration's participation."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rocb import access
from rocb.extensions import db
from rocb.pages import by_field_or_404, form_round_trip, one_or_404, page_args
from rocb.registry.models import Administration
from rocb.workshops import imports, queries, roster, services
from rocb.workshops.forms import HeadcountForm, ParticipantForm, RosterForm
from rocb.workshops.models import ROLES, Headcount, Participant, Workshop, WorkshopParty
from rocb.workshops.summary import summary_sentence
from rocb.workshops.views import bp, workshop_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _admin_choices(empty_label: str):
    admins = db.session.execute(select(Administration.code, Administration.name).order_by(Administration.name))
    return [("", empty_label)] + [(c, f"{n} ({c})") for c, n in admins]


def _people_form(form, record, save, workshop: Workshop, title: str, message: str):
    """The add and edit pages of a participant or of figures: one form, one round trip. `record` (edit) pre-fills
    the administration on GET; its other fields come from the form's obj."""
    kind = "participant" if isinstance(form, ParticipantForm) else "figures"
    form.administration_code.choices = _admin_choices("— an organization or none —" if kind == "participant"
                                                      else "— a total over several administrations —")
    if record is not None and request.method == "GET":
        form.administration_code.data = record.administration.code if record.administration else ""
    back = url_for(".workshop_detail", workshop_id=workshop.id)
    return form_round_trip(form, save, "form_page.html", back, message, title=title, cancel_url=back,
                           note=None if kind == "participant" else "For records that give figures, not names.")


@bp.route("/workshops/<int:workshop_id>/participants/new", methods=["GET", "POST"])
@access.staff
def participant_add(workshop_id):
    workshop = workshop_or_404(workshop_id)
    return _people_form(ParticipantForm(), None, lambda data: services.add_participant(workshop, data), workshop,
                        f"New participant of {workshop.title}", "Added {record.name}.")


@bp.route("/participants/<int:participant_id>/edit", methods=["GET", "POST"])
@access.staff
def participant_edit(participant_id):
    participant = one_or_404(select(Participant).where(Participant.id == participant_id))
    return _people_form(ParticipantForm(obj=participant), participant,
                        lambda data: services.update_participant(participant, data), participant.workshop,
                        f"Edit {participant.name} ({participant.workshop.title})", "Saved {record.name}.")


@bp.post("/participants/<int:participant_id>/delete")
@access.staff
def participant_delete(participant_id):
    participant = one_or_404(select(Participant).where(Participant.id == participant_id))
    workshop_id = participant.workshop_id
    if FlaskForm().validate_on_submit():
        services.remove_participant(participant)
        db.session.commit()
        flash("Participant removed.", "success")
    return redirect(url_for(".workshop_detail", workshop_id=workshop_id))


@bp.route("/workshops/<int:workshop_id>/headcounts/new", methods=["GET", "POST"])
@access.staff
def headcount_add(workshop_id):
    workshop = workshop_or_404(workshop_id)
    return _people_form(HeadcountForm(), None, lambda data: services.add_headcount(workshop, data), workshop,
                        f"Figures of {workshop.title}", "Figures added.")


@bp.route("/headcounts/<int:headcount_id>/edit", methods=["GET", "POST"])
@access.staff
def headcount_edit(headcount_id):
    headcount = one_or_404(select(Headcount).where(Headcount.id == headcount_id))
    return _people_form(HeadcountForm(obj=headcount), headcount,
                        lambda data: services.update_headcount(headcount, data), headcount.workshop,
                        f"Edit figures of {headcount.workshop.title}", "Figures saved.")


@bp.post("/headcounts/<int:headcount_id>/delete")
@access.staff
def headcount_delete(headcount_id):
    headcount = one_or_404(select(Headcount).where(Headcount.id == headcount_id))
    workshop_id = headcount.workshop_id
    if FlaskForm().validate_on_submit():
        services.remove_headcount(headcount)
        db.session.commit()
        flash("Figures removed.", "success")
    return redirect(url_for(".workshop_detail", workshop_id=workshop_id))


# ---------------------------------------------------------------- roster files

@bp.route("/workshops/<int:workshop_id>/roster/import", methods=["GET", "POST"])
@access.staff
def roster_import(workshop_id):
    workshop = workshop_or_404(workshop_id)
    form = RosterForm()
    problems = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            result = imports.import_roster(workshop, upload.filename or "", upload.read())
        except imports.RosterRejected as error:
            db.session.rollback()
            problems = error.rows
            form.file.errors = [error.errors["file"]]
        else:
            db.session.commit()
            flash(f"Roster imported: {result}.", "success")
            return redirect(url_for(".workshop_detail", workshop_id=workshop.id))
    status = 400 if request.method == "POST" else 200
    return render_template("workshops/roster_import.html", workshop=workshop, form=form, problems=problems,
                           columns=roster.COLUMNS), status


@bp.get("/workshops/roster-template.<fmt>")
@access.staff
def roster_template(fmt):
    return _file(roster.TEMPLATE_EXAMPLE, fmt, "roster-template")


@bp.get("/workshops/<int:workshop_id>/roster.<fmt>")
@access.focal_point
def roster_export(workshop_id, fmt):
    """Staff get the whole roster; a focal point only their own administration's participants."""
    workshop = workshop_or_404(workshop_id)
    own = None if access.is_staff() else access.own_administration_id()
    if not access.is_staff() and own is None:
        abort(403)
    return _file(imports.roster_rows(workshop.id, own), fmt, f"roster-workshop-{workshop.id}")


def _file(rows, fmt: str, stem: str) -> Response:
    if fmt == "csv":
        body, mimetype = roster.to_csv(rows), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body, mimetype = roster.to_xlsx(rows), XLSX
    else:
        abort(404)
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{stem}.{fmt}"'})


# ---------------------------------------------------------------- participation of an administration

@bp.get("/administrations/<code>/participation")
@access.public
def administration_participation(code):
    admin = by_field_or_404(Administration, "code", code.upper())
    query = (select(Workshop).where(queries.visible(), queries.involving(admin.id))
             .options(*queries.LIST_LOADS, selectinload(Workshop.invited_administrations))
             .order_by(Workshop.first_day.desc().nulls_last(), Workshop.id.desc()))
    page = db.paginate(query, **page_args())
    figures = queries.figures_for(page.items, admin.id)
    people = {}
    if access.can_see_people_of(admin.id) and page.items:
        rows = db.session.execute(
            select(Participant).where(Participant.administration_id == admin.id,
                                      Participant.workshop_id.in_([w.id for w in page.items]))
            .order_by(Participant.name)).scalars()
        for p in rows:
            people.setdefault(p.workshop_id, []).append(p)
    # What the record says the administration did where it gives no figure for it: attended, presented.
    relations: dict[int, list[str]] = {}
    if page.items:
        for wid, relation in db.session.execute(
                select(WorkshopParty.workshop_id, WorkshopParty.relation)
                .where(WorkshopParty.administration_id == admin.id,
                       WorkshopParty.workshop_id.in_([w.id for w in page.items])).order_by(WorkshopParty.id)):
            relations.setdefault(wid, []).append(relation)
    return render_template("workshops/participation.html", admin=admin, page=page, figures=figures,
                           relations=relations,
                           sentences={wid: summary_sentence(f) for wid, f in figures.items()}, people=people,
                           years=queries.years_of_administration(admin.id), roles=ROLES)
