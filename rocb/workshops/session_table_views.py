"""The sessions table (staff): every session of a workshop in one form, one row each, saved all or nothing."""

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy.orm import selectinload

from rocb import access, params
from rocb.extensions import db
from rocb.services import ServiceError
from rocb.workshops.forms import SessionTableForm
from rocb.workshops.models import Session, Workshop
from rocb.workshops.session_table import ROW_FIELDS, Row, SessionTableError, save_table
from rocb.workshops.views import bp, workshop_or_404


def _values(session: Session) -> dict:
    """A row as the session is: a whole day shows its day, a timed session its local start and end."""
    return {"session_id": str(session.id), "title": session.title, "all_day": session.all_day, "zone": session.zone,
            "day": session.local_start.date() if session.all_day else None,
            "local_start": None if session.all_day else session.local_start,
            "local_end": None if session.all_day else session.local_end}


def _rows(form: SessionTableForm, sessions: dict[int, Session]) -> list[Row]:
    rows = []
    for entry in form.sessions:
        row = entry.form
        session_id = params.whole_number(row.session_id.data)
        rows.append(Row(sessions.get(session_id), {name: row[name].data for name in ROW_FIELDS},
                        bool(row.remove.data)))
    return rows


def _show_errors(form: SessionTableForm, error: ServiceError) -> None:
    """Each message next to its field in its row; a message about a whole row under the row's number."""
    rows = error.rows if isinstance(error, SessionTableError) else {}
    for index, messages in rows.items():
        row = form.sessions.entries[index].form
        for name, message in messages.items():
            field = row[name] if name in ROW_FIELDS else None
            if field is not None:
                field.errors = list(field.errors) + [message]
            else:
                row.session_id.errors = list(row.session_id.errors) + [message]
    if not rows:
        form.form_errors.append(str(error))


def _summary(saved) -> str:
    parts = []
    for sessions, word in ((saved.moved, "moved"), (saved.renamed, "renamed"), (saved.removed, "deleted")):
        if sessions:
            parts.append(f"{len(sessions)} {word}")
    return "Sessions saved: " + ", ".join(parts) + "." + (
        " Calendars and confirmed participants get the change." if saved.moved or saved.removed else "")


@bp.route("/workshops/<int:workshop_id>/sessions", methods=["GET", "POST"])
@access.staff
def session_table(workshop_id):
    workshop = workshop_or_404(workshop_id, selectinload(Workshop.sessions))
    sessions = list(workshop.sessions)
    back = url_for(".workshop_detail", workshop_id=workshop.id)
    if request.method == "POST":
        form = SessionTableForm()
    else:
        form = SessionTableForm(data={"sessions": [_values(s) for s in sessions]})
    if form.validate_on_submit():
        try:
            saved = save_table(workshop, _rows(form, {s.id: s for s in sessions}))
        except ServiceError as error:
            db.session.rollback()
            _show_errors(form, error)
        else:
            db.session.commit()
            flash(_summary(saved) if saved.changed else "Nothing changed.", "success" if saved.changed else "info")
            return redirect(back)
    failed = request.method == "POST"
    return render_template("workshops/sessions.html", workshop=workshop, form=form, back=back,
                           failed=failed), 400 if failed else 200
