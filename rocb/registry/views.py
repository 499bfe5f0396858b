"""Registry pages: administrations, regional entities, organizations, topics, funds."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from rocb import access
from rocb.extensions import db
from rocb.pages import by_field_or_404, form_round_trip, page_args
from rocb.registry import services
from rocb.registry.forms import (
    AdministrationForm,
    EntityForm,
    FundForm,
    OrganizationForm,
    StatusChangeForm,
    TopicForm,
)
from rocb.registry.models import (
    ENTITY_KINDS,
    ENTITY_STATUSES,
    Administration,
    Fund,
    Organization,
    RegionalEntity,
    Topic,
)
from rocb.services import ServiceError, attach_errors
from rocb.sorting import Column, ordered, read_sort

bp = Blueprint("registry", __name__)


def local_now(zone: str) -> datetime:
    return datetime.now(UTC).astimezone(ZoneInfo(zone))


def _host_choices():
    admins = db.session.execute(select(Administration.code, Administration.name).order_by(Administration.name))
    return [("", "— choose —")] + [(code, f"{name} ({code})") for code, name in admins]


# ---------------------------------------------------------------- administrations

ADMINISTRATION_COLUMNS = {
    "code": Column((Administration.code,)), "name": Column((func.lower(Administration.name),)),
    "subregion": Column((Administration.subregion, Administration.name)),
    "timezone": Column((Administration.timezone, Administration.name)),
}


@bp.get("/administrations/")
@access.public
def administration_list():
    sort = read_sort(request.args, ADMINISTRATION_COLUMNS, "subregion")
    page = db.paginate(ordered(select(Administration), sort, Administration.id), **page_args(50))
    return render_template("registry/administration_list.html", page=page, sort=sort, local_now=local_now)


@bp.get("/administrations/<code>")
@access.public
def administration_detail(code):
    admin = by_field_or_404(Administration, "code", code.upper())
    entities = db.session.execute(
        select(RegionalEntity).where(RegionalEntity.host_id == admin.id).order_by(RegionalEntity.kind)
    ).scalars().all()
    return render_template("registry/administration_detail.html", admin=admin, entities=entities,
                           now=local_now(admin.timezone))


@bp.route("/administrations/new", methods=["GET", "POST"])
@access.staff
def administration_create():
    form = AdministrationForm()
    return form_round_trip(
        form, services.save_administration, "form_page.html",
        lambda a: url_for(".administration_detail", code=a.code), "Added {record}.",
        title="New administration", cancel_url=url_for(".administration_list"),
    )


@bp.route("/administrations/<code>/edit", methods=["GET", "POST"])
@access.staff
def administration_edit(code):
    admin = by_field_or_404(Administration, "code", code.upper())
    form = AdministrationForm(obj=admin)
    return form_round_trip(
        form, lambda data: services.save_administration(data, admin), "form_page.html",
        lambda a: url_for(".administration_detail", code=a.code), "Saved {record}.",
        title=f"Edit {admin.name}", cancel_url=url_for(".administration_detail", code=admin.code),
        note=_administration_note(admin),
    )


def _administration_note(admin: Administration) -> str | None:
    """What of the record is assumed, on its edit page: staff record it by changing it or ticking its box."""
    assumed = []
    if not admin.working_days_recorded:
        assumed.append(f"the working week {admin.working_days} (the best-known public-sector week)")
    if not admin.work_hours_recorded:
        assumed.append(f"the working hours {admin.work_start:%H:%M}-{admin.work_end:%H:%M}")
    if not assumed:
        return None
    return (f"Not recorded, assumed: {' and '.join(assumed)}. Change them, or tick their box if they are right, "
            "to record them.")


# ---------------------------------------------------------------- regional entities


ENTITY_COLUMNS = {
    "kind": Column((RegionalEntity.kind, RegionalEntity.name)), "name": Column((func.lower(RegionalEntity.name),)),
    "host": Column((Administration.name, RegionalEntity.name)), "city": Column((RegionalEntity.city,)),
    # in the order an entity goes through them (prospective first), not the alphabet's
    "status": Column((case({s: n for n, s in enumerate(ENTITY_STATUSES)}, value=RegionalEntity.status),
                      RegionalEntity.name)),
    "established": Column((RegionalEntity.established_on,), first="desc"),
}


@bp.get("/entities/")
@access.public
def entity_list():
    kind, host, status = (request.args.get(k, "") for k in ("kind", "host", "status"))
    sort = read_sort(request.args, ENTITY_COLUMNS, "kind")
    query = ordered(select(RegionalEntity).options(selectinload(RegionalEntity.host)).join(RegionalEntity.host),
                    sort, RegionalEntity.id)
    if kind in ENTITY_KINDS:
        query = query.where(RegionalEntity.kind == kind)
    if host:
        query = query.where(Administration.code == host.upper())
    if status in ENTITY_STATUSES:
        query = query.where(RegionalEntity.status == status)
    page = db.paginate(query, **page_args(50))
    return render_template("registry/entity_list.html", page=page, sort=sort, kinds=ENTITY_KINDS,
                           statuses=ENTITY_STATUSES,
                           hosts=_host_choices()[1:], filters={"kind": kind, "host": host, "status": status})


@bp.get("/entities/<int:entity_id>")
@access.public
def entity_detail(entity_id):
    entity = by_field_or_404(RegionalEntity, "id", entity_id)
    return render_template("registry/entity_detail.html", entity=entity, status_form=StatusChangeForm())


@bp.route("/entities/new", methods=["GET", "POST"])
@access.staff
def entity_create():
    form = EntityForm()
    form.host_code.choices = _host_choices()
    return form_round_trip(
        form, services.save_entity, "form_page.html",
        lambda e: url_for(".entity_detail", entity_id=e.id), "Added {record}.",
        title="New regional entity", cancel_url=url_for(".entity_list"),
    )


@bp.route("/entities/<int:entity_id>/edit", methods=["GET", "POST"])
@access.staff
def entity_edit(entity_id):
    entity = by_field_or_404(RegionalEntity, "id", entity_id)
    form = EntityForm(obj=entity, host_code=entity.host.code)
    form.host_code.choices = _host_choices()
    del form.status, form.status_on  # the status changes through its own dated form
    return form_round_trip(
        form, lambda data: services.save_entity(data, entity), "form_page.html",
        lambda e: url_for(".entity_detail", entity_id=e.id), "Saved {record}.",
        title=f"Edit {entity.name}", cancel_url=url_for(".entity_detail", entity_id=entity.id),
    )


@bp.post("/entities/<int:entity_id>/status")
@access.staff
def entity_status(entity_id):
    entity = by_field_or_404(RegionalEntity, "id", entity_id)
    form = StatusChangeForm()
    if form.validate_on_submit():
        try:
            services.change_entity_status(entity, form.status.data, form.changed_on.data, form.note.data or None,
                                          form.changed_on_precision.data)
        except ServiceError as error:
            db.session.rollback()
            attach_errors(form, error)
        else:
            db.session.commit()
            return redirect(url_for(".entity_detail", entity_id=entity.id))
    entity = by_field_or_404(RegionalEntity, "id", entity_id)
    return render_template("registry/entity_detail.html", entity=entity, status_form=form), 400


# ---------------------------------------------------------------- organizations, topics, funds


SIMPLE = {
    # name: (model, form, save, order, columns shown)
    "organizations": (Organization, OrganizationForm, services.save_organization, Organization.name,
                      ("name", "short_name", "kind", "timezone")),
    "topics": (Topic, TopicForm, services.save_topic, (Topic.package, Topic.name), ("code", "name", "package")),
    "funds": (Fund, FundForm, services.save_fund, Fund.code, ("code", "name")),
}


def _simple_list(kind):
    model, _, _, order, columns = SIMPLE[kind]
    order = order if isinstance(order, tuple) else (order,)
    page = db.paginate(select(model).order_by(*order), **page_args(50))
    return render_template("registry/simple_list.html", kind=kind, page=page, columns=columns)


def _simple_form(kind, record=None):
    model, form_class, save, _, _ = SIMPLE[kind]
    form = form_class(obj=record)
    return form_round_trip(
        form, (lambda data: save(data, record)) if record else save, "form_page.html",
        url_for(f".{kind}_list"), "Saved {record}.",
        title=f"Edit {record}" if record else f"New {kind[:-1]}", cancel_url=url_for(f".{kind}_list"),
        note=_provenance_note(record),
    )


def _provenance_note(record) -> str | None:
    """On an edit page, what of the record no source gives."""
    if isinstance(record, Organization) and not record.timezone_recorded:
        return (f"Time zone not recorded: {record.timezone} is assumed ({record.timezone_assumption}). Change it, "
                "or tick the box if it is right, to record it.")
    if isinstance(record, Topic | Fund) and record.assumed:
        return f"Assumed, not in the sources: {record.source or 'no source given'}."
    return None


@bp.get("/organizations/")
@access.public
def organizations_list():
    return _simple_list("organizations")


@bp.route("/organizations/new", methods=["GET", "POST"])
@access.staff
def organizations_create():
    return _simple_form("organizations")


@bp.route("/organizations/<int:record_id>/edit", methods=["GET", "POST"])
@access.staff
def organizations_edit(record_id):
    return _simple_form("organizations", by_field_or_404(Organization, "id", record_id))


@bp.get("/topics/")
@access.public
def topics_list():
    return _simple_list("topics")


@bp.route("/topics/new", methods=["GET", "POST"])
@access.staff
def topics_create():
    return _simple_form("topics")


@bp.route("/topics/<int:record_id>/edit", methods=["GET", "POST"])
@access.staff
def topics_edit(record_id):
    return _simple_form("topics", by_field_or_404(Topic, "id", record_id))


@bp.get("/funds/")
@access.public
def funds_list():
    return _simple_list("funds")


@bp.route("/funds/new", methods=["GET", "POST"])
@access.staff
def funds_create():
    return _simple_form("funds")


@bp.route("/funds/<int:record_id>/edit", methods=["GET", "POST"])
@access.staff
def funds_edit(record_id):
    return _simple_form("funds", by_field_or_404(Fund, "id", record_id))
