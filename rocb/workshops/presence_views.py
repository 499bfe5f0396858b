"""Attendance pages (staff): tick who attended each session, or import a Zoom/Webex/Teams attendance report,
resolve the rows matched to nobody, then save. Nothing is saved before every row is resolved."""

from dataclasses import asdict

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from wtforms import SelectField

from rocb import access, params
from rocb.extensions import db
from rocb.services import ServiceError
from rocb.workshops import presence
from rocb.workshops.attendance_file import AttendanceFileError, Attendee, RosterEntry, match, read_report
from rocb.workshops.models import Participant
from rocb.workshops.views import DETAIL_LOADS, bp, workshop_or_404


class AttendanceFileForm(FlaskForm):
    session_id = SelectField("Session", coerce=int)
    file = FileField("Attendance report (CSV from Zoom, Webex or Teams)", validators=[FileRequired("Choose a file.")])


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="attendance-report")


def _people(workshop):
    return db.session.execute(select(Participant).where(Participant.workshop_id == workshop.id)
                              .order_by(Participant.name)).scalars().all()


@bp.route("/workshops/<int:workshop_id>/attendance", methods=["GET", "POST"])
@access.staff
def attendance_grid(workshop_id):
    workshop = workshop_or_404(workshop_id, *DETAIL_LOADS)
    sessions = presence.countable_sessions(workshop)
    form = FlaskForm()
    status = 200
    if form.validate_on_submit():
        ticked = _ticks(request.form.getlist("present"))
        try:
            if ticked is None:
                raise ServiceError("The attendance grid was damaged on the way (a tick is not a participant and a "
                                   "session): reload the page and tick again. Nothing was saved.")
            changed = presence.record_ticks(workshop, ticked)
        except ServiceError as error:
            db.session.rollback()
            flash(str(error), "danger")
            status = 400
        else:
            db.session.commit()
            flash(f"Attendance saved ({changed} change(s)).", "success")
            return redirect(url_for(".workshop_detail", workshop_id=workshop.id))
    return render_template("workshops/attendance.html", workshop=workshop, sessions=sessions, form=form,
                           people=_people(workshop), present=presence.present_pairs(workshop)), status


def _ticks(values: list[str]) -> set[tuple[int, int]] | None:
    """The grid's ticks, each "<participant id>-<session id>" (ids read by rocb/params.py); None when one is not."""
    ticked = set()
    for value in values:
        p, _, s = value.partition("-")
        pair = params.whole_number(p, 1), params.whole_number(s, 1)
        if None in pair:
            return None
        ticked.add(pair)
    return ticked


@bp.route("/workshops/<int:workshop_id>/attendance/import", methods=["GET", "POST"])
@access.staff
def attendance_import(workshop_id):
    workshop = workshop_or_404(workshop_id, *DETAIL_LOADS)
    sessions = presence.countable_sessions(workshop)
    form = AttendanceFileForm()
    form.session_id.choices = [(s.id, s.title or f"Session {i}: {s.local_start:%d %b %Y %H:%M} {s.zone}")
                               for i, s in enumerate(sessions, start=1)]
    people = _people(workshop)
    if request.form.get("payload"):
        return _resolve(workshop, people)
    if form.validate_on_submit():
        upload = form.file.data
        try:
            attendees = read_report(upload.filename or "", upload.read())
        except AttendanceFileError as error:
            form.file.errors = [str(error)]
        else:
            session = next(s for s in sessions if s.id == form.session_id.data)
            payload = _serializer().dumps({"session_id": session.id, "file": upload.filename or "report.csv",
                                           "attendees": [asdict(a) for a in attendees]})
            return _preview(workshop, people, session, upload.filename, attendees, payload)
    status = 400 if request.method == "POST" else 200
    return render_template("workshops/attendance_import.html", workshop=workshop, form=form,
                           no_session=not sessions), status


def _matching(people, attendees):
    return match(attendees, [RosterEntry(p.id, p.name, p.email) for p in people])


def _preview(workshop, people, session, filename, attendees, payload, errors=(), chosen=None, status=200):
    found = _matching(people, attendees)
    by_id = {p.id: p for p in people}
    free = [p for p in people if p.id not in found.matched]
    return render_template("workshops/attendance_preview.html", workshop=workshop, session=session,
                           filename=filename, found=found, by_id=by_id, free=free, payload=payload,
                           errors=errors, chosen=chosen or {}, form=FlaskForm()), status


def _resolve(workshop, people):
    """Second step: every unmatched row resolved (a participant, or not a participant) before anything is saved."""
    try:
        data = _serializer().loads(request.form["payload"])
    except BadSignature:
        flash("The attendance report could not be read back: upload it again.", "danger")
        return redirect(url_for(".attendance_import", workshop_id=workshop.id))
    session = next((s for s in presence.countable_sessions(workshop) if s.id == data["session_id"]), None)
    if session is None:
        flash("That session no longer takes attendance: nothing was saved.", "danger")
        return redirect(url_for(".attendance_import", workshop_id=workshop.id))
    attendees = [Attendee(**a) for a in data["attendees"]]
    found = _matching(people, attendees)
    minutes = {pid: a.minutes for pid, a in found.matched.items()}
    free = {p.id for p in people if p.id not in found.matched}
    errors, chosen = [], {}
    for a in found.unmatched:
        choice = request.form.get(f"row-{a.row}", "")
        chosen[a.row] = choice
        if choice == "ignore":
            continue
        person = params.whole_number(choice, 1)
        if person not in free:
            errors.append(f"Row {a.row} ({a.name}): choose who it is, or 'not a participant'.")
        elif person in minutes:
            errors.append(f"Row {a.row} ({a.name}): that participant is already chosen for another row.")
        else:
            minutes[person] = a.minutes
    if errors:
        return _preview(workshop, people, session, data["file"], attendees, request.form["payload"], errors, chosen,
                        status=400)
    try:
        saved = presence.record_report(session, minutes, data["file"])
    except ServiceError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for(".attendance_import", workshop_id=workshop.id))
    db.session.commit()
    flash(f"Attendance of {saved} participant(s) saved from {data['file']}.", "success")
    return redirect(url_for(".workshop_detail", workshop_id=workshop.id))
