"""The activity report of a period, as the newsletter writes it. Pure: no Flask, no database."""

from dataclasses import dataclass, field
from datetime import date

from rocb import spreadsheets

WORKSHOP_KINDS_AS_WORKSHOP = ("workshop", "MTP", "attachment", "diagnostic mission")


def date_range(first: date, last: date | None = None) -> str:
    """'26 January 2021', '12-15 January 2021', '30 March-1 April 2021', '30 December 2021-2 January 2022'."""
    last = last or first
    if last < first:
        first, last = last, first
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if first.year != last.year:
        return f"{first.day} {first:%B %Y}-{last.day} {last:%B %Y}"
    if first.month != last.month:
        return f"{first.day} {first:%B}-{last.day} {last:%B %Y}"
    return f"{first.day}-{last.day} {last:%B %Y}"


def activity_noun(kind: str) -> str:
    """'Workshop' or 'Meeting' (the newsletter's words) or the kind itself ('Ceremony')."""
    if any(word in kind for word in WORKSHOP_KINDS_AS_WORKSHOP):
        return "Workshop"
    if "meeting" in kind or kind == "committee":
        return "Meeting"
    return kind[:1].upper() + kind[1:]


def mode_and_host(mode: str, kind: str, host: str | None, venue: str | None = None) -> str:
    """'Online Workshop hosted by WCO'; a physical one names its venue: 'Meeting hosted by X, Bangkok'."""
    words = activity_noun(kind)
    phrase = f"{mode.capitalize()} {words}" if mode in ("online", "hybrid") else words
    if host:
        phrase += f" hosted by {host}"
    if venue and mode != "online":
        phrase += f", {venue}"
    return phrase


@dataclass
class ActivityEntry:
    title: str
    first_day: date
    last_day: date
    mode: str
    kind: str
    status: str
    host: str | None = None
    venue: str | None = None
    funds: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    summary: str | None = None  # "attended by 38 formal participants ..."
    confirmed: str | None = None  # a workshop not held yet: "5 formal participants from 2 ... confirmed"
    attendance: str | None = None  # kept per session: "83% of session places attended (FJ 100%, TH 67%)"
    staff: list[str] = field(default_factory=list)  # ROCB staff who facilitated
    other_participants: str | None = None
    url: str | None = None

    @property
    def dates(self) -> str:
        return date_range(self.first_day, self.last_day)

    @property
    def heading(self) -> str:
        return f"{self.dates}, {mode_and_host(self.mode, self.kind, self.host, self.venue)}"


def sorted_entries(entries: list[ActivityEntry]) -> list[ActivityEntry]:
    return sorted(entries, key=lambda e: (e.first_day, e.last_day, e.title))


def _facts(e: ActivityEntry) -> list[str]:
    lines = []
    if e.status in ("cancelled", "postponed"):
        lines.append(f"Status: {e.status}.")
    if e.funds:
        lines.append(f"Fund: {', '.join(e.funds)}.")
    if e.summary:
        lines.append(f"The {activity_noun(e.kind).lower()} was {e.summary}.")
    elif e.confirmed:
        lines.append(f"Not held yet: {e.confirmed}.")
    if e.attendance:
        lines.append(f"Attendance: {e.attendance}.")
    if e.other_participants:
        lines.append(f"Also present: {e.other_participants}.")
    if e.staff:
        lines.append(f"ROCB A/P: {', '.join(e.staff)}.")
    return lines


def to_markdown(entries: list[ActivityEntry], first: date, last: date) -> str:
    out = [f"# Workshops and Meetings, {date_range(first, last)}", ""]
    if not entries:
        out.append("No workshop or meeting in this period.")
    for e in sorted_entries(entries):
        out += [f"## {e.title}", "", f"*{e.heading}*", ""]
        out += [f"- {line}" for line in _facts(e)]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


CSV_COLUMNS = ("first_day", "last_day", "dates", "title", "kind", "mode", "status", "host", "venue", "heading",
               "funds", "topics", "summary", "rocb_staff", "other_participants")


def to_csv(entries: list[ActivityEntry]) -> str:
    return spreadsheets.csv_text(CSV_COLUMNS, (
        [e.first_day.isoformat(), e.last_day.isoformat(), e.dates, e.title, e.kind, e.mode, e.status, e.host or "",
         e.venue or "", e.heading, "; ".join(e.funds), "; ".join(e.topics), e.summary or "", "; ".join(e.staff),
         e.other_participants or ""]
        for e in sorted_entries(entries)))
