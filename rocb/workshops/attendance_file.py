"""Attendance reports exported by Zoom, Webex or Microsoft Teams, read and matched to a roster. Pure: no Flask,
no database.

The three export a CSV with a name column and (usually) an e-mail column, one row per join; Teams writes UTF-16
with tabs and a summary block above the participants. A person who joined twice is one attendee (minutes added).
Matching: by e-mail first, then by name (case, accents of spacing and punctuation ignored); rows matched to nobody
are returned for staff to resolve before anything is saved.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from rocb import params

NAME_COLUMNS = ("name (original name)", "name", "full name", "participant name", "attendee name", "display name",
                "participant")
EMAIL_COLUMNS = ("user email", "email", "e-mail", "email address", "attendee email", "participant email",
                 "participant id (upn)")
MINUTES_COLUMNS = ("duration (minutes)", "total duration (minutes)", "duration (mins)", "attendance duration",
                   "in-meeting duration", "duration")
MAX_ROWS = 20_000
MAX_MINUTES = 100_000  # one person's time in one session (a session lasts at most a day); more is not a duration


class AttendanceFileError(ValueError):
    """The file cannot be read as an attendance report; the message says what was expected."""


@dataclass(frozen=True)
class Attendee:
    row: int  # the file's first row of this person (the header is row 1 of its block)
    name: str
    email: str  # lower-cased, "" when the report has none
    minutes: int | None


@dataclass(frozen=True)
class RosterEntry:
    participant_id: int
    name: str
    email: str | None


@dataclass
class Matching:
    matched: dict[int, Attendee] = field(default_factory=dict)  # participant id -> the row that matched them
    unmatched: list[Attendee] = field(default_factory=list)
    how: dict[int, str] = field(default_factory=dict)  # participant id -> "e-mail" | "name"


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _cell(text: str) -> str:
    return text.strip().strip('"').strip().lower()


def _minutes(text: str) -> int | None:
    """'75', '75.5', '1h 15m', '01:15:00', '1 hr 15 min' -> minutes; None when not a duration."""
    text = (text or "").strip().lower()
    if not text:
        return None
    if re.fullmatch(r"[0-9.]+", text):  # read by rocb/params.py: never NaN, infinite or past MAX_MINUTES
        value = params.decimal_number(text, 0, MAX_MINUTES)
        return None if value is None else round(value)
    if re.fullmatch(r"[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?", text):
        parts = [int(p) for p in text.split(":")]
        return parts[0] * 60 + parts[1] if len(parts) == 3 else parts[0] + round(parts[1] / 60)
    hours = re.search(r"(?<![0-9])([0-9]{1,4})\s*h", text)
    mins = re.search(r"(?<![0-9])([0-9]{1,5})\s*m", text)
    secs = re.search(r"(?<![0-9])([0-9]{1,6})\s*s", text)
    if hours or mins or secs:
        return (int(hours.group(1)) * 60 if hours else 0) + (int(mins.group(1)) if mins else 0) + (
            1 if secs and not hours and not mins else 0)
    return None


def _expected() -> str:
    return ("Expected an attendance report exported from Zoom, Webex or Teams: a name column ("
            + ", ".join(c.title() for c in NAME_COLUMNS[:4]) + ") and best an e-mail column ("
            + ", ".join(c.title() for c in EMAIL_COLUMNS[:4]) + "); optional: Duration (Minutes).")


def read_report(filename: str, data: bytes) -> list[Attendee]:
    """The attendees of an attendance report, one per person, in the order of the file."""
    if not data or not data.strip():
        raise AttendanceFileError("The file is empty.")
    if data[:4] == b"PK\x03\x04" or not (filename or "").lower().endswith((".csv", ".txt", ".tsv")):
        raise AttendanceFileError("Upload the attendance report as a CSV file (Zoom, Webex and Teams export one).")
    text = _decode(data)
    if "\x00" in text:
        raise AttendanceFileError("The file is not a text CSV file.")
    lines = text.splitlines()
    delimiter = "\t" if sum(line.count("\t") for line in lines[:50]) > sum(line.count(",") for line in lines[:50]) \
        else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header_at = next((i for i, row in enumerate(rows[:200]) if any(_cell(c) in NAME_COLUMNS for c in row)), None)
    if header_at is None:
        first = next((row for row in rows if any(c.strip() for c in row)), [])
        raise AttendanceFileError("The file's columns (" + ", ".join(c.strip() for c in first if c.strip())[:300]
                                  + ") are not an attendance report. " + _expected())
    header = [_cell(c) for c in rows[header_at]]

    def column(names):
        return next((header.index(n) for n in names if n in header), None)

    name_at, email_at, minutes_at = column(NAME_COLUMNS), column(EMAIL_COLUMNS), column(MINUTES_COLUMNS)
    people: dict[str, Attendee] = {}
    for number, cells in enumerate(rows[header_at + 1:], start=header_at + 2):
        if number - header_at > MAX_ROWS:
            raise AttendanceFileError(f"The report has more than {MAX_ROWS:,} rows.")
        if not any(c.strip() for c in cells):
            if people:
                break  # Teams: the participants block ends at a blank line (the next section follows)
            continue
        name, email = _at(cells, name_at), _at(cells, email_at).lower()
        if not name and not email:
            continue
        minutes = _minutes(_at(cells, minutes_at))
        key = email or normal_name(name)
        if key in people:
            before = people[key]
            total = min((before.minutes or 0) + (minutes or 0), MAX_MINUTES) \
                if before.minutes is not None or minutes else None
            people[key] = Attendee(before.row, before.name, before.email, total)
        else:
            people[key] = Attendee(number, name, email, minutes)
    if not people:
        raise AttendanceFileError("The report has a header but no attendee. " + _expected())
    return list(people.values())


def _at(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def normal_name(name: str) -> str:
    """'  Dr. Somchai  JAIDEE ' and 'somchai jaidee' compare equal; accents are dropped."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"\b(mr|mrs|ms|dr|prof)\b\.?", " ", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _names_of(attendee: Attendee) -> list[str]:
    """Zoom's 'Name (Original Name)' holds two names: 'Jo (Joanna Smith)'; try both."""
    found = re.fullmatch(r"(.*?)\s*\((.+)\)\s*", attendee.name)
    names = [attendee.name] + ([found.group(1), found.group(2)] if found else [])
    return [normal_name(n) for n in names if n.strip()]


def match(attendees: list[Attendee], roster: list[RosterEntry]) -> Matching:
    """Match by e-mail, then by name; a roster entry is matched at most once; a name shared by two people on the
    roster matches neither (staff decide)."""
    result = Matching()
    by_email = {r.email.lower(): r for r in roster if r.email}
    by_name: dict[str, list[RosterEntry]] = {}
    for r in roster:
        by_name.setdefault(normal_name(r.name), []).append(r)
    for a in attendees:
        entry, how = (by_email.get(a.email), "e-mail") if a.email else (None, "")
        if entry is None:
            candidates = {c.participant_id: c for n in _names_of(a) for c in by_name.get(n, [])}
            entry, how = (next(iter(candidates.values())), "name") if len(candidates) == 1 else (None, "")
        if entry is None or entry.participant_id in result.matched:
            result.unmatched.append(a)
        else:
            result.matched[entry.participant_id] = a
            result.how[entry.participant_id] = how
    return result
