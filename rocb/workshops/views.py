"""Pages of the workshops package: list, detail, create/edit, status, sessions.

Rosters, headcounts and participation live in people_views.py; the activity report in report_views.py.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rocb import access
from rocb.extensions import db, utcnow
from rocb.pages import form_round_trip, one_or_404, page_args
from rocb.registry.models import Administration, Fund, Organization, RegionalEntity, Topic
from rocb.services import ServiceError
from rocb.sorting import read_sort
from rocb.workshops import presence, queries, services
from rocb.workshops.forms import SessionForm, SessionSeriesForm, StatusForm, WorkshopForm
from rocb.workshops.models import (
    MODES,
    WORKSHOP_STATUSES,
    Headcount,
    Participant,
    Session,
    StaffMember,
    Workshop,
    WorkshopParty,
)
from rocb.workshops.summary import confirmed_sentence, gender_sentence, people_count, summary_sentence

bp = Blueprint("workshops", __name__)

DETAIL_LOADS = (
    selectinload(Workshop.parties).selectinload(WorkshopParty.administration),
    selectinload(Workshop.parties).selectinload(WorkshopParty.organization),
    selectinload(Workshop.parties).selectinload(WorkshopParty.entity),
    selectinload(Workshop.sessions), selectinload(Workshop.topics), selectinload(Workshop.funds),
    selectinload(Workshop.invited_administrations), selectinload(Workshop.organizer_administrations),
    selectinload(Workshop.organizer_organizations), selectinload(Workshop.organizer_entities),
    selectinload(Workshop.facilitators), selectinload(Workshop.headcounts).selectinload(Headcount.administration),
    selectinload(Workshop.host_administration), selectinload(Workshop.host_entity),
    selectinload(Workshop.host_organization),
)


def workshop_or_404(workshop_id: int, *loads) -> Workshop:
    workshop = one_or_404(select(Workshop).where(Workshop.id == workshop_id).options(*loads))
    if not workshop.is_public and not access.is_staff():
        abort(404)
    return workshop


def _choices(form: WorkshopForm) -> None:
    admins = db.session.execute(select(Administration.code, Administration.name).order_by(Administration.name)).all()
    entities = db.session.execute(select(RegionalEntity.id, RegionalEntity.name).order_by(RegionalEntity.name)).all()
    orgs = db.session.execute(select(Organization.id, Organization.name).order_by(Organization.name)).all()
    form.host.choices = ([("", "— none recorded —")] + [(f"organization:{i}", n) for i, n in orgs]
                         + [(f"entity:{i}", n) for i, n in entities]
                         + [(f"administration:{c}", f"{n} ({c})") for c, n in admins])
    form.fund_codes.choices = [(c, c) for c in db.session.execute(select(Fund.code).order_by(Fund.code)).scalars()]
    form.topic_codes.choices = [(c, n) for c, n in db.session.execute(select(Topic.code, Topic.name)
                                                                       .order_by(Topic.name))]
    form.invited_codes.choices = [(c, f"{n} ({c})") for c, n in admins]
    form.organizer_codes.choices = form.invited_codes.choices
    form.organizer_entity_ids.choices = [(i, n) for i, n in entities]
    form.organizer_organization_ids.choices = [(i, n) for i, n in orgs]
    form.facilitator_ids.choices = [(i, n) for i, n in db.session.execute(
        select(StaffMember.id, StaffMember.name).order_by(StaffMember.active.desc(), StaffMember.name))]


bp.add_app_template_filter(people_count, "people")


@bp.get("/workshops/")
@access.public
def workshop_list():
    sort = read_sort(request.args, queries.COLUMNS, queries.DEFAULT_SORT)
    query, filters = queries.filtered(request.args, sort)
    page = db.paginate(query, **page_args())
    return render_template(
        "workshops/list.html", page=page, filters=filters, sort=sort, modes=MODES, statuses=WORKSHOP_STATUSES,
        topics=db.session.execute(select(Topic.code, Topic.name).order_by(Topic.name)).all(),
        funds=db.session.execute(select(Fund.code).order_by(Fund.code)).scalars().all(),
        administrations=db.session.execute(select(Administration.code, Administration.name)
                                           .order_by(Administration.name)).all())


@bp.get("/workshops/<int:workshop_id>")
@access.public
def workshop_detail(workshop_id):
    workshop = workshop_or_404(workshop_id, *DETAIL_LOADS)
    figures = queries.figures_for([workshop])[workshop.id]
    by_admin = queries.administration_figures(workshop.id, held=workshop.status == "held")
    people = []
    if access.is_staff() or access.own_administration_id():
        query = (select(Participant).options(selectinload(Participant.administration),
                                             selectinload(Participant.organization))
                 .where(Participant.workshop_id == workshop.id).order_by(Participant.name))
        if not access.is_staff():
            query = query.where(Participant.administration_id == access.own_administration_id())
        people = db.session.execute(query).scalars().all()
    rates = presence.rates_of(workshop)
    codes = dict(db.session.execute(select(Administration.id, Administration.code).where(
        Administration.id.in_(list(rates.by_administration)))).all()) if rates else {}
    return render_template("workshops/detail.html", workshop=workshop, figures=figures, by_admin=by_admin,
                           rates=rates, rate_codes={code: rates.by_administration[i] for i, code in codes.items()},
                           summary=summary_sentence(figures), confirmed=confirmed_sentence(figures),
                           genders=gender_sentence(figures), people=people,
                           status_form=StatusForm(), status_actions=services.status_actions(workshop, utcnow().date()))


@bp.route("/workshops/new", methods=["GET", "POST"])
@access.staff
def workshop_create():
    # A GET with arguments pre-fills the form (analytics' "draft workshop" link: ?title=&topic_codes=&invited_codes=).
    prefill = request.method == "GET" and bool(request.args)
    form = WorkshopForm(formdata=request.args) if prefill else WorkshopForm()
    if prefill and "is_public" not in request.args:
        form.is_public.data = True  # a checkbox absent from the arguments would otherwise read as unticked
    _choices(form)
    return form_round_trip(form, services.save_workshop, "form_page.html",
                           lambda w: url_for(".workshop_detail", workshop_id=w.id), "Added {record}. Add its sessions.",
                           title="New workshop", cancel_url=url_for(".workshop_list"))


@bp.route("/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
@access.staff
def workshop_edit(workshop_id):
    workshop = workshop_or_404(workshop_id, *DETAIL_LOADS)
    form = WorkshopForm(obj=workshop)
    _choices(form)
    if request.method == "GET":
        form.host.data = services.host_key(workshop)
        form.fund_codes.data = [f.code for f in workshop.funds]
        form.topic_codes.data = [t.code for t in workshop.topics]
        form.invited_codes.data = [a.code for a in workshop.invited_administrations]
        form.facilitator_ids.data = [s.id for s in workshop.facilitators]
        form.organizer_codes.data = [a.code for a in workshop.organizer_administrations]
        form.organizer_entity_ids.data = [e.id for e in workshop.organizer_entities]
        form.organizer_organization_ids.data = [o.id for o in workshop.organizer_organizations]
    return form_round_trip(form, lambda data: services.save_workshop(data, workshop), "form_page.html",
                           lambda w: url_for(".workshop_detail", workshop_id=w.id), "Saved {record}.",
                           title=f"Edit {workshop.title}", cancel_url=url_for(".workshop_detail",
                                                                              workshop_id=workshop.id))


@bp.post("/workshops/<int:workshop_id>/status")
@access.staff
def workshop_status(workshop_id):
    workshop = workshop_or_404(workshop_id, selectinload(Workshop.sessions))
    form = StatusForm()
    if form.validate_on_submit():
        try:
            services.change_status(workshop, form.status.data)
        except ServiceError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"The workshop is now {workshop.status}; calendars will show the change.", "success")
    return redirect(url_for(".workshop_detail", workshop_id=workshop.id))


# ---------------------------------------------------------------- sessions

def _session_data(form: SessionForm) -> dict:
    return {"title": form.title.data, "all_day": form.all_day.data, "day": form.day.data,
            "local_start": form.local_start.data, "local_end": form.local_end.data, "zone": form.zone.data}


@bp.route("/workshops/<int:workshop_id>/sessions/new", methods=["GET", "POST"])
@access.staff
def session_add(workshop_id):
    workshop = workshop_or_404(workshop_id, selectinload(Workshop.sessions))
    form = SessionForm()
    return form_round_trip(form, lambda _data: services.add_session(workshop, _session_data(form)),
                           "form_page.html", url_for(".workshop_detail", workshop_id=workshop.id),
                           "Session added.", title=f"New session of {workshop.title}",
                           cancel_url=url_for(".workshop_detail", workshop_id=workshop.id),
                           note=f"Times are local in {workshop.reference_zone} unless you give another zone.")


@bp.route("/workshops/<int:workshop_id>/sessions/series", methods=["GET", "POST"])
@access.staff
def session_series(workshop_id):
    workshop = workshop_or_404(workshop_id, selectinload(Workshop.sessions))
    form = SessionSeriesForm()
    back = url_for(".workshop_detail", workshop_id=workshop.id)
    return form_round_trip(form, lambda data: services.add_series(workshop, data), "form_page.html", back,
                           "Sessions added, one a day: see them below.",
                           title=f"Sessions of {workshop.title}, day by day",
                           cancel_url=back, note="One session a day at the same local time, e.g. 4 days from 20 "
                           f"November, 14:00–17:00 Asia/Tokyo. Empty zone: {workshop.reference_zone}.")


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@access.staff
def session_edit(session_id):
    session = one_or_404(select(Session).where(Session.id == session_id))
    form = SessionForm(obj=session)
    if request.method == "GET" and session.all_day:
        form.day.data = session.local_start.date()
    return form_round_trip(form, lambda _data: services.update_session(session, _session_data(form)),
                           "form_page.html", url_for(".workshop_detail", workshop_id=session.workshop_id),
                           "Session saved.", title="Edit session",
                           cancel_url=url_for(".workshop_detail", workshop_id=session.workshop_id))


@bp.post("/sessions/<int:session_id>/delete")
@access.staff
def session_delete(session_id):
    session = one_or_404(select(Session).where(Session.id == session_id))
    workshop_id = session.workshop_id
    if FlaskForm().validate_on_submit():  # the CSRF check of a bare button
        services.remove_session(session)
        db.session.commit()
        flash("Session removed.", "success")
    return redirect(url_for(".workshop_detail", workshop_id=workshop_id))


from rocb.workshops import (  # noqa: E402, F401  (routes on bp)
    people_views,
    presence_views,
    report_views,
    session_table_views,
)
