"""Helpers views share: pagination arguments, 404-or-record, the create/edit form round trip."""

from flask import abort, flash, redirect, render_template, request
from sqlalchemy import select

from rocb.extensions import db
from rocb.services import ServiceError, attach_errors


def page_args(default_per_page: int = 25) -> dict:
    """?page= and ?per_page= read safely (bad values fall back rather than fail)."""
    def _int(name, default, low, high):
        try:
            return min(max(int(request.args.get(name, default)), low), high)
        except (TypeError, ValueError):
            return default

    return {"page": _int("page", 1, 1, 100_000), "per_page": _int("per_page", default_per_page, 1, 200),
            "error_out": False}


def one_or_404(query):
    record = db.session.execute(query).unique().scalar_one_or_none()
    if record is None:
        abort(404)
    return record


def by_field_or_404(model, column: str, value):
    return one_or_404(select(model).where(getattr(model, column) == value))


def form_round_trip(form, save, template: str, success_url, success_message: str, **context):
    """GET: show the form. POST: validate, call save(form.data), commit and redirect; on any refusal re-render
    with what was typed and the message next to the field (nothing written)."""
    if form.validate_on_submit():
        try:
            record = save(dict(form.data))
        except ServiceError as error:
            db.session.rollback()
            attach_errors(form, error)
        else:
            db.session.commit()
            flash(success_message.format(record=record), "success")
            return redirect(success_url(record) if callable(success_url) else success_url)
    status = 400 if request.method == "POST" else 200
    return render_template(template, form=form, **context), status
