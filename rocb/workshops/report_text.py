"""The activity report as Markdown and CSV. Pure: no Flask, no database."""

from datetime import date

from rocb import spreadsheets
from rocb.workshops.report import ActivityEntry, EntityNews, Totals, date_range, paragraphs, sorted_entries

SECTION = "Workshops and Meetings"


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
        out += ["## Regional entities", ""] + [f"- {n.line}" for n in news] + [""]
    out += ["## Totals of the period", ""] + [f"- {line}" for line in totals.lines()]
    return "\n".join(out).rstrip() + "\n"


CSV_COLUMNS = ("first_day", "last_day", "dates", "title", "kind", "mode", "status", "host", "venue", "heading",
               "organizers", "funds", "topics", "summary", "confirmed", "attendance",
               "attended", "presented", "guest_speakers", "partners",
               "rocb_staff", "staff_roles", "other_participants", "narrative", "source")


def csv_text(header, rows) -> str:
    """The one CSV writer of the report: rocb.spreadsheets, which keeps a cell from being read as a formula."""
    return spreadsheets.csv_text(header, rows)


def to_csv(entries: list[ActivityEntry]) -> str:
    def row(e: ActivityEntry) -> list[str]:
        return [e.first_day.isoformat(), e.last_day.isoformat(), e.dates, e.title, e.kind, e.mode, e.status,
                e.host or "", e.venue or "", e.heading, "; ".join(e.organizers),
                "; ".join(f.code for f in e.funds), "; ".join(e.topics), e.summary or "", e.confirmed or "",
                e.attendance or "", "; ".join(e.attended),
                "; ".join(e.presented), "; ".join(e.guest_speakers), "; ".join(e.partners),
                "; ".join(s.name for s in e.staff), "; ".join(s.role for s in e.staff), e.other_participants or "",
                e.narrative or "", e.source or ""]
    return csv_text(CSV_COLUMNS, [row(e) for e in sorted_entries(entries)])
