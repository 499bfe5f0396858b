"""Pages of the expert pool (staff only: names, e-mails and affiliations are personal data)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from rocb import access
from rocb.experts import services
from rocb.experts.forms import AccreditationForm, ExpertForm
from rocb.experts.models import Accreditation, Expert
from rocb.extensions import db
from rocb.pages import form_round_trip, one_or_404, page_args
from rocb.registry.models import Administration, Organization, Topic
from rocb.services import ServiceError, attach_errors
from rocb.sorting import Column, ordered, read_sort

bp = Blueprint("experts", __name__)


@bp.record_once
def _wire(state) -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    if not event.contains(Session, "before_flush", services.link_new_participations):
        event.listen(Session, "before_flush", services.link_new_participations)


def _topics():
    return db.session.execute(select(Topic.code, Topic.name).order_by(Topic.name)).all()


def _choices(form: ExpertForm) -> None:
    orgs = db.session.execute(select(Organization.id, Organization.name).order_by(Organization.name)).all()
    admins = db.session.execute(select(Administration.code, Administration.name).order_by(Administration.name)).all()
    form.organization_id.choices = [("", "— none —")] + [(str(i), n) for i, n in orgs]
    form.administration_code.choices = [("", "— none —")] + [(c, f"{n} ({c})") for c, n in admins]
    form.topic_codes.choices = [(c, n) for c, n in _topics()]


def expert_or_404(expert_id: int) -> Expert:
    return one_or_404(select(Expert).options(*services.LIST_LOADS).where(Expert.id == expert_id))


def _affiliation():
    """Expert.affiliation in SQL: the organization (short name first), else the administration."""
    organization = (select(func.coalesce(Organization.short_name, Organization.name))
                    .where(Organization.id == Expert.organization_id).scalar_subquery())
    administration = select(Administration.name).where(Administration.id == Expert.administration_id)
    return func.lower(func.coalesce(organization, administration.scalar_subquery()))


COLUMNS = {"name": Column((func.lower(Expert.name),)), "kind": Column((Expert.kind, Expert.name)),
           "affiliation": Column((_affiliation(), Expert.name)), "timezone": Column((Expert.timezone, Expert.name))}


@bp.get("/experts/")
@access.staff
def expert_list():
    topic, zone, text = (request.args.get(k, "").strip() for k in ("topic", "zone", "q"))
    sort = read_sort(request.args, COLUMNS, "name")
    page = db.paginate(ordered(services.search(topic, zone, text), sort, Expert.id), **page_args())
    zones = db.session.execute(select(Expert.timezone).distinct().order_by(Expert.timezone)).scalars().all()
    return render_template("experts/list.html", page=page, sort=sort, topics=_topics(), zones=zones,
                           filters={"topic": topic, "zone": zone, "q": text})


@bp.get("/experts/<int:expert_id>")
@access.staff
def expert_detail(expert_id):
    expert = expert_or_404(expert_id)
    form = AccreditationForm()
    form.topic_code.choices = [("", "— any —")] + [(c, n) for c, n in _topics()]
    return render_template("experts/detail.html", expert=expert, served=services.workshops_served(expert),
                           form=form, delete_form=FlaskForm())


@bp.route("/experts/new", methods=["GET", "POST"])
@access.staff
def expert_create():
    form = ExpertForm()
    _choices(form)
    return form_round_trip(form, services.save_expert, "form_page.html",
                           lambda e: url_for(".expert_detail", expert_id=e.id), "Added {record} to the expert pool.",
                           title="New expert", cancel_url=url_for(".expert_list"))


@bp.route("/experts/<int:expert_id>/edit", methods=["GET", "POST"])
@access.staff
def expert_edit(expert_id):
    expert = expert_or_404(expert_id)
    form = ExpertForm(obj=expert)
    _choices(form)
    if request.method == "GET":
        form.organization_id.data = str(expert.organization_id or "")
        form.administration_code.data = expert.administration.code if expert.administration else ""
        form.topic_codes.data = [t.code for t in expert.topics]
    return form_round_trip(form, lambda data: services.save_expert(data, expert), "form_page.html",
                           lambda e: url_for(".expert_detail", expert_id=e.id), "Saved {record}.",
                           title=f"Edit {expert.name}", cancel_url=url_for(".expert_detail", expert_id=expert.id))


@bp.post("/experts/<int:expert_id>/accreditations")
@access.staff
def accreditation_add(expert_id):
    expert = expert_or_404(expert_id)
    form = AccreditationForm()
    form.topic_code.choices = [("", "— any —")] + [(c, n) for c, n in _topics()]
    if form.validate_on_submit():
        try:
            services.add_accreditation(expert, dict(form.data))
        except ServiceError as error:
            db.session.rollback()
            attach_errors(form, error)
        else:
            db.session.commit()
            flash("Accreditation added.", "success")
            return redirect(url_for(".expert_detail", expert_id=expert.id))
    return render_template("experts/detail.html", expert=expert, served=services.workshops_served(expert),
                           form=form, delete_form=FlaskForm()), 400


@bp.post("/accreditations/<int:accreditation_id>/delete")
@access.staff
def accreditation_delete(accreditation_id):
    row = one_or_404(select(Accreditation).where(Accreditation.id == accreditation_id))
    expert_id = row.expert_id
    if FlaskForm().validate_on_submit():
        services.remove_accreditation(row)
        db.session.commit()
        flash("Accreditation removed.", "success")
    return redirect(url_for(".expert_detail", expert_id=expert_id))
