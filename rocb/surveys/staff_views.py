"""Staff pages of the needs survey: create, open, close, reopen; reminders, results, history; export, import."""

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from rocb import access
from rocb.extensions import db
from rocb.pages import by_field_or_404
from rocb.registry.models import Administration, Topic
from rocb.services import ServiceError, attach_errors
from rocb.surveys import exports, reports, services
from rocb.surveys.forms import CycleEditForm, CycleForm, DeadlineForm, ImportForm
from rocb.surveys.views import administration_for_request, bp, cycle_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_BYTES = 5 * 1024 * 1024


def _download(data: bytes, filename: str, mimetype: str):
    return data, 200, {"Content-Type": mimetype, "Content-Disposition": f'attachment; filename="{filename}"'}


@bp.route("/surveys/new", methods=["GET", "POST"])
@access.staff
def cycle_create():
    form = CycleForm()
    topics = db.session.execute(select(Topic).order_by(Topic.package, Topic.name)).scalars().all()
    form.topic_codes.choices = [(t.code, f"{t.name} ({t.package})") for t in topics]
    if request.method == "GET":
        form.topic_codes.data = [t.code for t in topics]
    if form.validate_on_submit():
        try:
            cycle = services.create_cycle(form.instants())
        except ServiceError as error:
            db.session.rollback()
            attach_errors(form, error)
        else:
            db.session.commit()
            flash(f"Created the {cycle.year} cycle.", "success")
            return redirect(url_for(".cycle_detail", year=cycle.year))
    status = 400 if request.method == "POST" else 200
    return render_template("surveys/form.html", form=form, title="New survey cycle",
                           cancel_url=url_for(".cycle_list")), status


@bp.route("/surveys/<int:year>/edit", methods=["GET", "POST"])
@access.staff
def cycle_edit(year):
    cycle = cycle_or_404(year)
    current = [t.code for t in cycle.topics]
    form = CycleEditForm.of(cycle) if request.method == "GET" else CycleEditForm()
    topics = db.session.execute(select(Topic).order_by(Topic.package, Topic.name)).scalars().all()
    form.topic_codes.choices = [(t.code, f"{t.name} ({t.package})") for t in topics]
    known = {t.code for t in topics}
    # A frozen topic removed from the taxonomy since stays choosable: the cycle still asks about it.
    form.topic_codes.choices += [(t.code, f"{t.name} ({t.package})") for t in cycle.topics if t.code not in known]
    answered = services.response_count(cycle)
    if answered:
        # A disabled select posts nothing: nothing posted means "unchanged".
        form.topic_codes.render_kw = {"disabled": True}
        form.topic_codes.description = services.frozen_message(answered)
        if request.method == "POST" and not form.topic_codes.data:
            form.topic_codes.data = current
    if form.validate_on_submit():
        try:
            services.update_cycle(cycle, form.instants())
        except ServiceError as error:
            db.session.rollback()
            attach_errors(form, error)
        else:
            db.session.commit()
            flash(f"Saved the {year} cycle.", "success")
            return redirect(url_for(".cycle_detail", year=year))
    status = 400 if request.method == "POST" else 200
    return render_template("surveys/form.html", form=form, title=f"Edit the {year} survey cycle",
                           cancel_url=url_for(".cycle_detail", year=year)), status


@bp.post("/surveys/<int:year>/open")
@access.staff
def cycle_open(year):
    return _cycle_action(year, services.open_now, "The {year} survey is open.")


@bp.post("/surveys/<int:year>/close")
@access.staff
def cycle_close(year):
    return _cycle_action(year, services.close_now, "The {year} survey is closed.")


def _cycle_action(year, action, message):
    cycle = cycle_or_404(year)
    try:
        action(cycle)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(message.format(year=year), "success")
    return redirect(url_for(".cycle_detail", year=year))


@bp.route("/surveys/<int:year>/reopen", methods=["GET", "POST"])
@access.staff
def cycle_reopen(year):
    cycle = cycle_or_404(year)
    return _deadline_round_trip(lambda form: services.reopen(cycle, form.instant()), cycle,
                                f"Reopen the {year} survey", f"The {year} survey is open again.")


@bp.route("/surveys/<int:year>/reopen/<code>", methods=["GET", "POST"])
@access.staff
def response_reopen(year, code):
    cycle = cycle_or_404(year)
    administration = by_field_or_404(Administration, "code", code.upper())
    return _deadline_round_trip(lambda form: services.reopen_for(cycle, administration, form.instant()), cycle,
                                f"Reopen the {year} response of {administration.name}",
                                f"{administration.name} can change its {year} response again.")


def _deadline_round_trip(save, cycle, title, message):
    form = DeadlineForm()
    if form.validate_on_submit():
        try:
            save(form)
        except ServiceError as error:
            db.session.rollback()
            error.errors = {("until" if k == "closes_at" else k): v for k, v in error.errors.items()}
            attach_errors(form, error)
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(url_for(".cycle_detail", year=cycle.year))
    status = 400 if request.method == "POST" else 200
    return render_template("surveys/form.html", form=form, title=title,
                           cancel_url=url_for(".cycle_detail", year=cycle.year)), status


@bp.get("/surveys/<int:year>/reminders")
@access.staff
def reminders(year):
    cycle = cycle_or_404(year)
    return render_template("surveys/reminders.html", cycle=cycle, rows=reports.reminder_emails(cycle))


@bp.get("/surveys/<int:year>/results")
@access.staff
def results(year):
    cycle = cycle_or_404(year)
    rows, submitted = reports.topic_results(cycle)
    rows.sort(key=lambda r: (-r.score, -r.officers, r.name))
    return render_template("surveys/results.html", cycle=cycle, rows=rows, submitted=submitted)


@bp.get("/surveys/administrations/<code>")
@access.focal_point
def administration_history(code):
    if not access.is_staff() and access.own_administration_id() is None:
        abort(404)
    administration = by_field_or_404(Administration, "code", code.upper())
    if not access.is_staff() and administration.id != access.own_administration_id():
        abort(404)
    years, topics, cells = reports.administration_history(administration)
    return render_template("surveys/history.html", administration=administration, years=years, topics=topics,
                           cells=cells)


@bp.get("/surveys/<int:year>/export.csv")
@access.staff
def export_csv(year):
    cycle_or_404(year)
    return _download(exports.long_csv(reports.export_rows([year])), f"needs-survey-{year}.csv",
                     "text/csv; charset=utf-8")


@bp.get("/surveys/<int:year>/export.xlsx")
@access.staff
def export_xlsx(year):
    cycle_or_404(year)
    return _download(exports.export_xlsx(reports.export_rows([year])), f"needs-survey-{year}.xlsx", XLSX)


@bp.get("/surveys/export.xlsx")
@access.staff
def export_all_xlsx():
    return _download(exports.export_xlsx(reports.export_rows()), "needs-survey-all-years.xlsx", XLSX)


@bp.get("/surveys/<int:year>/template.xlsx")
@access.focal_point
def template(year):
    """A focal point gets the rows of its own administration; staff those of ?administration= or of all."""
    cycle = cycle_or_404(year)
    administration = administration_for_request()
    if administration is not None:
        codes = [administration.code]
    else:
        codes = list(db.session.execute(select(Administration.code).order_by(Administration.code)).scalars())
    topics = [(t.code, t.name, t.package) for t in cycle.topics]
    suffix = f"-{codes[0]}" if len(codes) == 1 else ""
    return _download(exports.template_xlsx(year, topics, codes), f"needs-survey-{year}-template{suffix}.xlsx", XLSX)


@bp.route("/surveys/<int:year>/import", methods=["GET", "POST"])
@access.staff
def import_template(year):
    cycle = cycle_or_404(year)
    form = ImportForm()
    problems = []
    if form.validate_on_submit():
        data = form.file.data.read(MAX_IMPORT_BYTES + 1)
        if len(data) > MAX_IMPORT_BYTES:
            problems = [exports.ImportProblem("The file is larger than 5 MB.")]
        else:
            codes = set(db.session.execute(select(Administration.code)).scalars())
            rows, problems = exports.read_template(data, year, codes, {t.code for t in cycle.topics})
        if not problems:
            counts = services.import_rows(cycle, rows)
            db.session.commit()
            flash(f"Imported {counts['items']} rows for {counts['administrations']} administration(s).", "success")
            return redirect(url_for(".cycle_detail", year=year))
    status = 400 if request.method == "POST" else 200
    return render_template("surveys/import.html", cycle=cycle, form=form, problems=problems), status

