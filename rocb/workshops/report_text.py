"""The activity report as Markdown and CSV. Pure: no Flask, no database."""

from datetime import date

from rocb import spreadsheets
from rocb.precision import span
from rocb.workshops.report import (
    ActivityEntry,
    EntityNews,
    Totals,
    date_range,
    figure_sum,
    paragraphs,
    sorted_entries,
)

SECTION = "Workshops and Meetings"
NEWS_SECTION, TOTALS_SECTION = "Regional entities", "Totals of the period"


def to_markdown(entries: list[ActivityEntry], news: list[EntityNews], totals: Totals, first: date,
                last: date) -> str:
    out = [f"# {SECTION}", "", f"*{date_range(first, last)}*", ""]
    if not entries:
        out += ["No workshop or meeting in this period.", ""]
    for e in sorted_entries(entries):
        out += [f"## {e.title}", "", f"*{e.heading}*", ""]
        for text in paragraphs(e):
            out += [text, ""]
        if e.source:
            out += [f"Source: {e.source}.", ""]
    if news:
        out += [f"## {NEWS_SECTION}", ""] + [f"- {n.line}" for n in news] + [""]
    out += [f"## {TOTALS_SECTION}", ""] + [f"- {line}" for line in totals.lines()]
    return "\n".join(out).rstrip() + "\n"


# One table, a row per activity, per regional-entity news item and one for the period's totals, told apart by
# `section` (the report's own headings). Figures are a number and a precision word ("more than", "approximately",
# "at least"; "exact"), so that a spreadsheet can total and filter them; a figure not given is an empty cell.
FIGURE_COLUMNS = ("formal_participants", "formal_participants_precision", "observers", "observers_precision",
                  "people", "people_precision", "administrations", "administrations_precision")
CSV_COLUMNS = ("first_day", "last_day", "dates", "title", "section", "kind", "mode", "status", "host", "venue",
               "heading", "organizers", "funds", "topics", "summary", *FIGURE_COLUMNS, "confirmed", "attendance",
               "attended", "presented", "guest_speakers", "partners", "experts", "opening_speakers",
               "rocb_staff", "staff_roles", "other_participants", "narrative", "source")


def csv_text(header, rows) -> str:
    """The one CSV writer of the report: rocb.spreadsheets, which keeps a cell from being read as a formula."""
    return spreadsheets.csv_text(header, rows)


def _figure(parts) -> list:
    found = figure_sum(list(parts))
    return list(found) if found else ["", ""]


def _figures(held: list[ActivityEntry], administrations: tuple) -> list:
    """The FIGURE_COLUMNS of held activities (of one, or of the period)."""
    formal = [p for e in held for p in e.by_role.get("formal participant", [])]
    observers = [p for e in held for p in e.by_role.get("observer", [])]
    people = [p for e in held for p in e.people]
    return _figure(formal) + _figure(observers) + _figure(people) + list(administrations)


def _activity_row(e: ActivityEntry) -> dict:
    held = e.status == "held"  # a workshop still to come has confirmed people, no figures counted at it
    figures = _figures([e] if held else [], (e.administrations, "exact") if held and e.administrations else ("", ""))
    return {
        "first_day": e.first_day.isoformat(), "last_day": e.last_day.isoformat(), "dates": e.dates,
        "title": e.title, "section": SECTION, "kind": e.kind, "mode": e.mode, "status": e.status,
        "host": e.host or "", "venue": e.venue or "", "heading": e.heading, "organizers": "; ".join(e.organizers),
        "funds": "; ".join(f.code for f in e.funds), "topics": "; ".join(e.topics), "summary": e.summary or "",
        **dict(zip(FIGURE_COLUMNS, figures, strict=True)),
        "confirmed": e.confirmed or "", "attendance": e.attendance or "", "attended": "; ".join(e.attended),
        "presented": "; ".join(e.presented), "guest_speakers": "; ".join(e.guest_speakers),
        "partners": "; ".join(e.partners), "experts": "; ".join(e.experts),
        "opening_speakers": "; ".join(e.opening_speakers), "rocb_staff": "; ".join(s.name for s in e.staff),
        "staff_roles": "; ".join(s.role for s in e.staff), "other_participants": e.other_participants or "",
        "narrative": e.narrative or "", "source": e.source or "",
    }


def _news_row(n: EntityNews) -> dict:
    first, last = span(n.day, n.precision)
    return {"first_day": first.isoformat(), "last_day": last.isoformat(), "dates": n.when, "title": n.entity,
            "section": NEWS_SECTION, "kind": n.event, "host": n.host, "summary": n.line, "narrative": n.note or "",
            "source": n.source or ""}


def _totals_row(entries: list[ActivityEntry], totals: Totals, first: date, last: date) -> dict:
    held = [e for e in entries if e.status == "held"]
    figures = _figures(held, (totals.administrations, "at least") if totals.administrations else ("", ""))
    return {"first_day": first.isoformat(), "last_day": last.isoformat(), "dates": date_range(first, last),
            "title": TOTALS_SECTION, "section": TOTALS_SECTION, "summary": " ".join(totals.lines()),
            **dict(zip(FIGURE_COLUMNS, figures, strict=True))}


def to_csv(entries: list[ActivityEntry], news: list[EntityNews] = (), totals: Totals | None = None,
           first: date | None = None, last: date | None = None) -> str:
    """The activities in date order, then the regional-entity news, then the totals of the period (when given)."""
    rows = [_activity_row(e) for e in sorted_entries(entries)] + [_news_row(n) for n in news]
    if totals is not None and first is not None and last is not None:
        rows.append(_totals_row(entries, totals, first, last))
    return csv_text(CSV_COLUMNS, [[row.get(c, "") for c in CSV_COLUMNS] for row in rows])
