"""The activity report of a period: page, Markdown (&format=md) and CSV (&format=csv)."""

from datetime import date

from flask import Response, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rocb import access, params
from rocb.extensions import db, utcnow
from rocb.registry.models import Administration
from rocb.workshops import presence, queries
from rocb.workshops.models import Workshop
from rocb.workshops.report import ActivityEntry, date_range, sorted_entries, to_csv, to_markdown
from rocb.workshops.summary import confirmed_sentence, summary_sentence
from rocb.workshops.views import bp

MAX_DAYS = 366 * 5


def quarter_of(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    last = date(day.year + (first_month == 10), (first_month + 2) % 12 + 1, 1).toordinal() - 1
    return date(day.year, first_month, 1), date.fromordinal(last)


def _period():
    """(from, to, error): the current quarter when not given."""
    default_first, default_last = quarter_of(utcnow().date())
    first = params.day_arg(request.args, "from") if request.args.get("from") else default_first
    last = params.day_arg(request.args, "to") if request.args.get("to") else default_last
    if first is None or last is None:
        return default_first, default_last, (
            f"Give the dates as YYYY-MM-DD from {params.RECORD_FIRST.year} to {params.RECORD_LAST.year}, e.g. "
            "from=2021-01-01&to=2021-03-31.")
    if last < first:
        return first, last, "The end of the period is before its start."
    if (last - first).days > MAX_DAYS:
        return first, last, "A report covers at most five years."
    return first, last, None


def entries(first: date, last: date) -> list[ActivityEntry]:
    workshops = db.session.execute(queries.in_period(first, last).options(
        *queries.LIST_LOADS, selectinload(Workshop.facilitators), selectinload(Workshop.sessions))).scalars().all()
    figures = queries.figures_for(workshops)
    rates = presence.rates_for(workshops)
    ids = {a for r in rates.values() for a in r.by_administration}
    codes = dict(db.session.execute(select(Administration.id, Administration.code)
                                    .where(Administration.id.in_(ids))).all()) if ids else {}
    return sorted_entries([ActivityEntry(
        title=w.title, first_day=w.first_day, last_day=w.last_day, mode=w.mode, kind=w.kind, status=w.status,
        host=w.host_name, venue=w.venue_city, funds=[f.code for f in w.funds], topics=[t.name for t in w.topics],
        summary=summary_sentence(figures[w.id]), confirmed=confirmed_sentence(figures[w.id]),
        staff=[s.name for s in w.facilitators],
        attendance=presence.rate_sentence(rates[w.id], codes) if w.id in rates else None,
        other_participants=w.other_participants_note,
        url=url_for("workshops.workshop_detail", workshop_id=w.id, _external=True)) for w in workshops])


@bp.get("/reports/activity")
@access.public
def activity_report():
    first, last, error = _period()
    if error:
        return render_template("workshops/activity_report.html", entries=[], first=first, last=last, error=error,
                               period=""), 400
    rows = entries(first, last)
    fmt = request.args.get("format", "html")
    stem = f"activity-report-{first.isoformat()}-{last.isoformat()}"
    if fmt == "md":
        return Response(to_markdown(rows, first, last), mimetype="text/markdown; charset=utf-8",
                        headers={"Content-Disposition": f'inline; filename="{stem}.md"'})
    if fmt == "csv":
        return Response(to_csv(rows), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{stem}.csv"'})
    return render_template("workshops/activity_report.html", entries=rows, first=first, last=last, error=None,
                           period=date_range(first, last))
