"""The activity report of a period: page, Markdown (&format=md), CSV (&format=csv) and Word (&format=docx)."""

from collections import defaultdict
from datetime import date

from flask import Response, render_template, request, url_for
from sqlalchemy import literal, select, union_all
from sqlalchemy.orm import selectinload

from rocb import access, params
from rocb.extensions import db, utcnow
from rocb.precision import falls_within
from rocb.registry.models import Administration, EntityStatusChange, RegionalEntity
from rocb.workshops import presence, queries
from rocb.workshops.models import (
    Workshop,
    WorkshopParty,
    workshop_facilitators,
    workshop_organizer_administrations,
    workshop_organizer_entities,
    workshop_organizer_organizations,
)
from rocb.workshops.report import (
    ActivityEntry,
    EntityNews,
    Funding,
    StaffCredit,
    activity_noun,
    attendance_line,
    date_range,
    paragraphs,
    period_totals,
    sorted_entries,
)
from rocb.workshops.report_docx import to_docx
from rocb.workshops.report_text import to_csv, to_markdown
from rocb.workshops.summary import confirmed_sentence, summary_sentence
from rocb.workshops.views import bp

MAX_DAYS = 366 * 5
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Organizers the source orders come in its order (`position`); unordered ones (a workshop staff entered: every
# position 0) come as regional entities, organizations, then administrations, each by name.
ORGANIZER_TABLES = ((workshop_organizer_entities, "regional_entity_id", "organizer_entities"),
                    (workshop_organizer_organizations, "organization_id", "organizer_organizations"),
                    (workshop_organizer_administrations, "administration_id", "organizer_administrations"))


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


def _organizer_positions(ids) -> dict:
    """(workshop, table column, other id) -> the position the source names the organizer at. One query."""
    query = union_all(*(select(table.c.workshop_id, literal(column).label("kind"), table.c[column].label("other"),
                               table.c.position).where(table.c.workshop_id.in_(ids))
                        for table, column, _ in ORGANIZER_TABLES))
    return {(wid, kind, other): position for wid, kind, other, position in db.session.execute(query)}


def _positions(ids) -> tuple[dict, dict]:
    """(workshop, table, other id) -> position of the organizers; (workshop, staff id) -> (position, role)."""
    organizer = _organizer_positions(ids)
    staff = {(wid, sid): (position, role) for wid, sid, position, role in db.session.execute(
        select(workshop_facilitators.c.workshop_id, workshop_facilitators.c.staff_member_id,
               workshop_facilitators.c.position, workshop_facilitators.c.role)
        .where(workshop_facilitators.c.workshop_id.in_(ids)))}
    return organizer, staff


def _organizer_name(w: Workshop, row, column: str) -> str:
    if column == "administration_id":  # the Customs administration by the name the record gives its host
        return w.host_label if row.id == w.host_administration_id and w.host_label else f"{row.name} Customs"
    return str(row)


def _organizers(w: Workshop, organizer_positions) -> list[str]:
    """The organizers in the order the source names them, by the names the report uses ("Royal Thai Customs")."""
    return [name for *_, name in sorted(
        (organizer_positions.get((w.id, column, row.id), 0), i, _organizer_name(w, row, column))
        for i, (_, column, attribute) in enumerate(ORGANIZER_TABLES) for row in getattr(w, attribute))]


@bp.app_template_global()
def organizer_names(w: Workshop) -> list[str]:
    """For a workshop's page: its organizers as the report names and orders them (one query)."""
    return _organizers(w, _organizer_positions([w.id]))


@bp.app_template_filter()
def activity_word(kind: str) -> str:
    """'workshop', 'meeting', 'ceremony': the report's noun for an activity of this kind, in a sentence."""
    return activity_noun(kind).lower()


def _entry(w: Workshop, figures, organizer_positions, staff_positions, attendance=None) -> ActivityEntry:
    staff = sorted(w.facilitators, key=lambda s: staff_positions.get((w.id, s.id), (0, ""))[0])
    parties = defaultdict(list)
    for p in sorted(w.parties, key=lambda p: p.position):
        parties[p.relation].append(p.name)
    f = figures[w.id]
    return ActivityEntry(
        title=w.title, first_day=w.first_day, last_day=w.last_day, mode=w.mode, kind=w.kind, status=w.status,
        host=w.host_name, venue=w.venue_city, organizers=_organizers(w, organizer_positions),
        funds=[Funding(x.code, x.name, x.kind) for x in w.funds], topics=[t.name for t in w.topics],
        summary=summary_sentence(f), confirmed=confirmed_sentence(f), attendance=attendance,
        attended=parties["attended"], presented=parties["presented"],
        guest_speakers=parties["guest speaker"], partners=parties["partner"], experts=parties["experts"],
        opening_speakers=parties["opening speaker"],
        other_participants=w.other_participants_note, narrative=w.description, source=w.source,
        staff=[StaffCredit(s.name, s.honorific, s.position, staff_positions.get((w.id, s.id), (0, "facilitator"))[1])
               for s in staff],
        url=url_for("workshops.workshop_detail", workshop_id=w.id, _external=True),
        people=[part for parts in f.parts.values() for part in parts], administrations=f.administrations,
        by_role=dict(f.parts))


def entries(first: date, last: date) -> list[ActivityEntry]:
    workshops = db.session.execute(queries.in_period(first, last).options(
        *queries.LIST_LOADS, selectinload(Workshop.facilitators), selectinload(Workshop.organizer_administrations),
        selectinload(Workshop.organizer_entities), selectinload(Workshop.organizer_organizations),
        selectinload(Workshop.parties).selectinload(WorkshopParty.administration),
        selectinload(Workshop.parties).selectinload(WorkshopParty.organization),
        selectinload(Workshop.parties).selectinload(WorkshopParty.entity),
        selectinload(Workshop.sessions))).scalars().all()
    figures = queries.figures_for(workshops)
    organizer_positions, staff_positions = _positions([w.id for w in workshops])
    rates = presence.rates_for(workshops)
    ids = {a for r in rates.values() for a in r.by_administration}
    codes = dict(db.session.execute(select(Administration.id, Administration.code)
                                    .where(Administration.id.in_(ids))).all()) if ids else {}
    return sorted_entries([_entry(w, figures, organizer_positions, staff_positions,
                                  presence.rate_sentence(rates[w.id], codes) if w.id in rates else None)
                           for w in workshops])


def entity_news(first: date, last: date) -> list[EntityNews]:
    """Status changes and MoUs of the regional entities whose date (to its precision) falls in the period."""
    changes = db.session.execute(
        select(EntityStatusChange).where(EntityStatusChange.changed_on.between(first, last))
        .options(selectinload(EntityStatusChange.entity).selectinload(RegionalEntity.host))).scalars().all()
    news = [EntityNews(c.changed_on, c.changed_on_precision, c.entity.name, c.entity.host.name,
                       "candidate for accreditation" if c.status == "candidate" else c.status,
                       None if (c.note or "").startswith(c.status) else c.note, c.source)
            for c in changes if falls_within(c.changed_on, c.changed_on_precision, first, last)]
    dated = {(n.entity, n.day) for n in news}
    mous = db.session.execute(
        select(RegionalEntity).where(RegionalEntity.mou_signed_on.between(first, last))
        .options(selectinload(RegionalEntity.host))).scalars().all()
    for e in mous:
        if not falls_within(e.mou_signed_on, e.mou_signed_precision, first, last):
            continue
        if (e.name, e.mou_signed_on) in dated:
            news = [n if (n.entity, n.day) != (e.name, e.mou_signed_on) else
                    EntityNews(n.day, n.precision, n.entity, n.host, f"{n.event} (MoU signed)", n.note, n.source)
                    for n in news]
        else:
            news.append(EntityNews(e.mou_signed_on, e.mou_signed_precision, e.name, e.host.name, "MoU signed",
                                   None, e.source))
    return sorted(news, key=lambda n: (n.day, n.entity))


def entities_news_and_totals(first: date, last: date):
    """The report of a period: (entries, entity news, totals)."""
    rows, news = entries(first, last), entity_news(first, last)
    return rows, news, period_totals(rows, news)


@bp.get("/reports/activity")
@access.public
def activity_report():
    first, last, error = _period()
    if error:
        return render_template("workshops/activity_report.html", entries=[], first=first, last=last, error=error,
                               period="", news=[], totals=None, paragraphs=paragraphs,
                               attendance_line=attendance_line), 400
    rows, news, totals = entities_news_and_totals(first, last)
    fmt = request.args.get("format", "html")
    stem = f"activity-report-{first.isoformat()}-{last.isoformat()}"
    if fmt == "md":
        return Response(to_markdown(rows, news, totals, first, last), mimetype="text/markdown; charset=utf-8",
                        headers={"Content-Disposition": f'inline; filename="{stem}.md"'})
    if fmt == "csv":
        return Response(to_csv(rows, news, totals, first, last), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{stem}.csv"'})
    if fmt == "docx":
        return Response(to_docx(rows, news, totals, first, last), mimetype=DOCX,
                        headers={"Content-Disposition": f'attachment; filename="{stem}.docx"'})
    return render_template("workshops/activity_report.html", entries=rows, first=first, last=last, error=None,
                           period=date_range(first, last), news=news, totals=totals, paragraphs=paragraphs,
                           attendance_line=attendance_line)

