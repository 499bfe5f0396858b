"""An administration's holidays: /administrations/<code>/holidays?year= lists its national public holidays, the
office closures and the dated working-hours changes; staff add and remove the last two."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm

from rocb import access, params
from rocb.closures import services
from rocb.closures.forms import ClosureForm, HoursChangeForm
from rocb.closures.models import Closure, HoursChange
from rocb.extensions import db, utcnow
from rocb.pages import by_field_or_404
from rocb.registry.models import Administration
from rocb.scheduling.public_holidays import holidays_between, supported_countries
from rocb.services import ServiceError, attach_errors

bp = Blueprint("closures", __name__)


def _year() -> int:
    value = request.args.get("year", "")
    year = params.whole_number(value, 1990, 2100)
    return year if year is not None else utcnow().year


def _page(admin, closure_form=None, hours_form=None, status=200):
    year = _year()
    first, last = date(year, 1, 1), date(year, 12, 31)
    closures, changes = services.rows_of([admin.id], first, last)
    return render_template(
        "closures/holidays.html", admin=admin, year=year, holidays=holidays_between(admin.code, first, last),
        known=admin.code in supported_countries(), closures=closures, changes=changes,
        closure_form=closure_form or ClosureForm(prefix="closure"),
        hours_form=hours_form or HoursChangeForm(prefix="hours"),
        delete_form=FlaskForm()), status


@bp.get("/administrations/<code>/holidays")
@access.public
def holidays(code):
    return _page(by_field_or_404(Administration, "code", code.upper()))


def _add(code, form, save, message):
    admin = by_field_or_404(Administration, "code", code.upper())
    if form.validate_on_submit():
        try:
            save(admin, dict(form.data))
        except ServiceError as error:
            db.session.rollback()
            attach_errors(form, error)
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(url_for(".holidays", code=admin.code, year=form.first_day.data.year))
    return admin


@bp.post("/administrations/<code>/closures")
@access.staff
def closure_add(code):
    form = ClosureForm(prefix="closure")
    result = _add(code, form, services.add_closure, "Closure added: the planner now avoids it.")
    return result if not isinstance(result, Administration) else _page(result, closure_form=form, status=400)


@bp.post("/administrations/<code>/hours-changes")
@access.staff
def hours_change_add(code):
    form = HoursChangeForm(prefix="hours")
    result = _add(code, form, services.add_hours_change, "Working hours change added.")
    return result if not isinstance(result, Administration) else _page(result, hours_form=form, status=400)


@bp.post("/closures/<kind>/<int:row_id>/delete")
@access.staff
def closure_delete(kind, row_id):
    model = {"closure": Closure, "hours": HoursChange}.get(kind)
    row = db.session.get(model, row_id) if model else None
    if row is None:
        abort(404)
    code = row.administration.code
    if FlaskForm().validate_on_submit():
        services.remove(row)
        db.session.commit()
        flash("Removed.", "success")
    return redirect(url_for(".holidays", code=code, year=row.first_day.year))
