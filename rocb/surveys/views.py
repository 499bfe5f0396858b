"""Pages of the surveys package: the public list of cycles, a focal point's response, a cycle's status.

Staff pages (create, open, close, reopen, reminders, results, history, export, import) are in staff_views.py,
on the same blueprint.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rocb import access
from rocb.extensions import db
from rocb.pages import one_or_404, page_args
from rocb.registry.models import Administration
from rocb.services import ServiceError, attach_errors
from rocb.sorting import Column, read_sort, sorted_rows
from rocb.surveys import reports, services
from rocb.surveys.forms import ResponseForm
from rocb.surveys.models import SurveyCycle
from rocb.web import format_instant

bp = Blueprint("surveys", __name__)
DEADLINE_FORMAT = "%A %d %B %Y, %H:%M"


def cycle_or_404(year: int) -> SurveyCycle:
    return one_or_404(select(SurveyCycle).where(SurveyCycle.year == year).options(selectinload(SurveyCycle.topics)))


def local_deadline(instant, zone: str) -> str:
    """'Friday 30 April 2021, 23:59 +07 (Asia/Bangkok)'."""
    return f"{format_instant(instant, zone, DEADLINE_FORMAT)} ({zone})"


def administration_for_request() -> Administration | None:
    """Whose response this request is about: a focal point's own administration (asking for any other is a
    404), or for staff the ?administration=CODE they act for (None when not given)."""
    code = (request.args.get("administration") or "").strip().upper()
    if access.is_staff():
        if not code:
            return None
        return one_or_404(select(Administration).where(Administration.code == code))
    own = access.own_administration_id()
    administration = db.session.get(Administration, own) if own else None
    if administration is None or (code and code != administration.code):
        abort(404)
    return administration


@bp.get("/surveys/")
@access.public
def cycle_list():
    page = db.paginate(select(SurveyCycle).order_by(SurveyCycle.year.desc()), **page_args())
    return render_template("surveys/cycle_list.html", page=page, open_cycle=reports.open_cycle())


# The status table's sortable columns (35 rows, sorted in Python); "status" goes from not started to submitted.
STATUS_COLUMNS = {
    "administration": Column(key=lambda r: r.name.lower()),
    "status": Column(key=lambda r: ("not started", "draft", "submitted").index(r.status)),
    "saved": Column(key=lambda r: r.updated_at, first="desc"),
    "submitted": Column(key=lambda r: r.submitted_at, first="desc"),
    "deadline": Column(key=lambda r: r.deadline),
}


@bp.get("/surveys/<int:year>/")
@access.focal_point
def cycle_detail(year):
    cycle = cycle_or_404(year)
    if not access.is_staff():
        return redirect(url_for(".response", year=year))
    sort = read_sort(request.args, STATUS_COLUMNS, "administration")
    rows = sorted_rows(reports.status_rows(cycle), sort)
    counts = {status: sum(1 for r in rows if r.status == status) for status in ("not started", "draft", "submitted")}
    return render_template("surveys/cycle_detail.html", cycle=cycle, rows=rows, counts=counts, sort=sort,
                           local_deadline=local_deadline)


def _form_data(values: dict, cycle: SurveyCycle, version) -> dict:
    items = []
    for topic in cycle.topics:
        item = values["items"].get(topic.code, services.DEFAULT_ITEM)
        items.append({**item, "topic_code": topic.code, "quarters": [q for q in item["quarters"].split(",") if q]})
    general = {name: values.get(name) for name in services.GENERAL_FIELDS}
    return {**general, "items": items, "version": "" if version is None else str(version)}


def _changes_since(form: ResponseForm, previous_values: dict | None) -> dict[str, str]:
    """{topic code: 'same' | 'changed' | 'new'} against the previous year's response."""
    if previous_values is None:
        return {}
    typed = form.service_data()["items"]
    out = {}
    for code, values in typed.items():
        before = previous_values["items"].get(code)
        out[code] = "new" if before is None else ("same" if before == values else "changed")
    return out


@bp.route("/surveys/<int:year>/response", methods=["GET", "POST"])
@access.focal_point
def response(year):
    cycle = cycle_or_404(year)
    administration = administration_for_request()
    if administration is None:  # staff without ?administration=
        return redirect(url_for(".cycle_detail", year=year))
    stored = services.find_response(cycle, administration)
    previous = services.previous_response(cycle, administration)
    previous_values = services.response_values(previous) if previous else None
    editable = services.can_edit(cycle, stored)
    conflict, status = None, 200
    if request.method == "POST":
        form = ResponseForm()
        if not editable:
            form.form_errors.append(
                f"The deadline ({local_deadline(services.deadline_of(cycle, stored), administration.timezone)}) "
                "has passed: your answers were not saved. Ask the ROCB A/P to reopen the survey for you.")
            status = 400
        elif form.validate():
            try:
                saved = services.save_response(cycle, administration, form.service_data(), form.expected_version(),
                                               submit=request.form.get("action") == "submit")
            except services.VersionConflict as error:
                db.session.rollback()
                conflict, status = error, 409
                # Saving again now means "keep mine": the form carries the version it was compared with.
                if error.current_version is not None:
                    form.version.data = str(error.current_version)
            except ServiceError as error:
                db.session.rollback()
                attach_errors(form, error)
                status = 400
            else:
                db.session.commit()
                flash(f"Submitted the {cycle.year} response of {administration.name}."
                      if saved.status == "submitted" else "Draft saved. You can come back and submit it later.",
                      "success")
                return redirect(url_for(".response", year=year, **_acting_args(administration)))
        else:
            form.form_errors.append("Some answers need a correction (marked below). Nothing was saved yet.")
            status = 400
    else:
        values = services.response_values(stored if stored else previous)
        form = ResponseForm(data=_form_data(values, cycle, stored.version if stored else None))
    topics = {t.code: t for t in cycle.topics}
    return render_template(
        "surveys/response.html", cycle=cycle, administration=administration, stored=stored, form=form,
        editable=editable, conflict=conflict, topics=topics, previous=previous,
        changes=_changes_since(form, previous_values),
        deadline=local_deadline(services.deadline_of(cycle, stored), administration.timezone),
        acting=_acting_args(administration), prefilled=stored is None and previous is not None,
        is_own=current_user.is_authenticated and not access.is_staff(),
    ), status


def _acting_args(administration: Administration) -> dict:
    return {"administration": administration.code} if access.is_staff() else {}


from rocb.surveys import staff_views  # noqa: E402, F401  (registers the staff pages on bp)
