"""Roster files: reading and checking a CSV or XLSX of participants, writing the template and the export.
Pure: no Flask, no database. The whole file is checked first; the caller imports only a file without errors.
"""

import csv
import difflib
import io
import re
from dataclasses import dataclass, field

from rocb import spreadsheets

COLUMNS = ("name", "email", "administration", "role", "attended", "gender")
REQUIRED = ("name", "email", "administration", "role")
MAX_ROWS = 20_000  # a workshop has tens or hundreds of participants; more is a wrong file
MAX_COLUMNS = 50
ROLE_WORDS = {
    "formal participant": "formal participant", "formal participants": "formal participant",
    "participant": "formal participant", "delegate": "formal participant",
    "observer": "observer", "observers": "observer",
    "expert": "expert", "experts": "expert", "resource person": "expert", "expert / resource person": "expert",
    "expert/resource person": "expert",
    "guest speaker": "guest speaker", "guest speakers": "guest speaker", "speaker": "guest speaker",
    "facilitator": "facilitator", "facilitators": "facilitator",
}
YES = {"yes", "y", "true", "1", "x", "attended"}
NO = {"no", "n", "false", "0", "absent"}
GENDER_WORDS = {"female": "female", "f": "female", "woman": "female", "male": "male", "m": "male", "man": "male",
                "other": "other"}
EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[A-Za-z]{2,}$")


class RosterFileError(ValueError):
    """The file as a whole cannot be read (empty, not CSV or XLSX, wrong columns, too many rows)."""


@dataclass(frozen=True)
class RosterError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, column {self.column}: {self.message}"


@dataclass(frozen=True)
class RosterRow:
    row: int
    name: str
    email: str  # lower-cased: duplicates are found by e-mail
    administration_id: int | None
    organization_id: int | None
    role: str
    attended: bool
    gender: str | None


@dataclass
class Directory:
    """Who may appear in the administration column: administrations by code and name, organizations by name."""

    administrations: dict[str, int] = field(default_factory=dict)  # code -> id
    administration_names: dict[str, str] = field(default_factory=dict)  # name -> code
    organizations: dict[str, int] = field(default_factory=dict)  # name or short name -> id

    def __post_init__(self):
        self._lookup = {k.casefold(): ("a", v) for k, v in self.administrations.items()}
        self._lookup.update({n.casefold(): ("a", self.administrations[c])
                             for n, c in self.administration_names.items() if c in self.administrations})
        self._lookup.update({k.casefold(): ("o", v) for k, v in self.organizations.items()})

    def find(self, text: str):
        return self._lookup.get(text.casefold())

    def closest(self, text: str) -> str | None:
        names = {n.casefold(): f"{n} ({c})" for n, c in self.administration_names.items()}
        names.update({o.casefold(): o for o in self.organizations})
        match = difflib.get_close_matches(text.casefold(), list(names), n=1, cutoff=0.6)
        return names[match[0]] if match else None


def read_table(filename: str, data: bytes) -> list[list[str]]:
    """Rows of cells as text, from a .csv or .xlsx file (checked by content, not only by name)."""
    if not data or not data.strip():
        raise RosterFileError("The file is empty.")
    lower = (filename or "").lower()
    if data[:4] == b"PK\x03\x04":
        if not lower.endswith(".xlsx"):
            raise RosterFileError("This looks like a zip or Office file: upload a CSV or an .xlsx file.")
        return _read_xlsx(data)
    if lower.endswith((".xlsx", ".xls", ".xlsm")):
        raise RosterFileError("The file is not a valid .xlsx workbook: save it again as .xlsx or as CSV.")
    if not lower.endswith((".csv", ".txt")):
        raise RosterFileError("Upload a CSV (.csv) or Excel (.xlsx) file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RosterFileError("The CSV file is not UTF-8 text: save it as 'CSV UTF-8'.") from error
    if "\x00" in text:
        raise RosterFileError("The file is not a text CSV file.")
    rows = []
    for row in csv.reader(io.StringIO(text)):
        if len(rows) > MAX_ROWS:
            raise RosterFileError(f"The file has more than {MAX_ROWS:,} rows; a roster may have at most "
                                  f"{MAX_ROWS:,}.")
        rows.append([spreadsheets.imported_text(cell) for cell in row[:MAX_COLUMNS]])
    return rows


def _read_xlsx(data: bytes) -> list[list[str]]:
    """The first sheet, read with limits (uncompressed size, declared dimensions, rows counted while reading)."""
    try:
        book = spreadsheets.open_workbook(data, MAX_ROWS, MAX_COLUMNS, data_only=True)
    except spreadsheets.SpreadsheetError as error:
        raise RosterFileError(str(error)) from error
    try:
        if not book.worksheets:
            raise RosterFileError("The workbook has no sheet.")
        return [["" if c.value is None else _cell_text(c.value) for c in row]
                for row in spreadsheets.bounded_rows(book.worksheets[0], MAX_ROWS, MAX_COLUMNS)]
    except spreadsheets.SpreadsheetError as error:
        raise RosterFileError(str(error)) from error
    finally:
        book.close()


def _cell_text(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return spreadsheets.imported_text(str(value))


def header_of(rows: list[list[str]]) -> dict[str, int]:
    if not rows or not any(c.strip() for c in rows[0]):
        raise RosterFileError("The file is empty.")
    header = [c.strip().lower() for c in rows[0]]
    unknown = [c for c in header if c and c not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if unknown or missing:
        parts = []
        if missing:
            parts.append("missing column(s): " + ", ".join(missing))
        if unknown:
            parts.append("unknown column(s): " + ", ".join(unknown))
        raise RosterFileError("The first row must name the columns " + ", ".join(COLUMNS)
                              + " (gender and attended are optional); " + "; ".join(parts) + ".")
    if len(rows) - 1 > MAX_ROWS:
        raise RosterFileError(f"The file has {len(rows) - 1:,} rows; a roster may have at most {MAX_ROWS:,}.")
    return {name: header.index(name) for name in COLUMNS if name in header}


def check_rows(rows: list[list[str]], directory: Directory) -> tuple[list[RosterRow], list[RosterError]]:
    """Every row checked; the good rows and every error by row and column."""
    columns = header_of(rows)
    good: list[RosterRow] = []
    errors: list[RosterError] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        value = {name: (cells[i].strip() if i < len(cells) and cells[i] else "") for name, i in columns.items()}
        if not any(value.values()):
            continue  # blank lines in a spreadsheet are not rows
        row_errors: list[RosterError] = []

        def bad(column, message, _n=number, _e=row_errors):
            _e.append(RosterError(_n, column, message))

        name = value["name"]
        if not name:
            bad("name", "the name is missing.")
        elif len(name) > 160:
            bad("name", "the name is longer than 160 characters.")
        email = value["email"].lower()
        if not email:
            bad("email", "the e-mail is missing.")
        elif not EMAIL.match(email) or len(email) > 254:
            bad("email", f"{value['email']!r} is not an e-mail address.")
        elif email in seen:
            bad("email", f"{email} already appears in row {seen[email]}.")
        else:
            seen[email] = number
        admin_id = org_id = None
        who = value["administration"]
        found = directory.find(who) if who else None
        if not who:
            bad("administration", "the administration is missing (its code, e.g. TH, or its name).")
        elif found is None:
            hint = directory.closest(who)
            bad("administration", f"unknown administration {who!r}" + (f"; did you mean {hint}?" if hint else "."))
        elif found[0] == "a":
            admin_id = found[1]
        else:
            org_id = found[1]
        role = ROLE_WORDS.get(value["role"].lower())
        if role is None:
            bad("role", f"unknown role {value['role']!r}; use formal participant, observer, expert, "
                        "guest speaker or facilitator.")
        attended_text = value.get("attended", "").lower()
        attended = True
        if attended_text in NO:
            attended = False
        elif attended_text and attended_text not in YES:
            bad("attended", f"{value['attended']!r} is not yes or no.")
        gender_text = value.get("gender", "").lower()
        gender = GENDER_WORDS.get(gender_text) if gender_text else None
        if gender_text and gender is None:
            bad("gender", f"{value['gender']!r}: use female, male or other, or leave it empty.")
        if row_errors:
            errors += row_errors
        else:
            good.append(RosterRow(number, name, email, admin_id, org_id, role, attended, gender))
    if not good and not errors:
        raise RosterFileError("The file has a header but no participants.")
    return good, errors


# ---------------------------------------------------------------- writing

def _rows_for(participants) -> list[list[str]]:
    """participants: iterables of (name, email, administration, role, attended, gender)."""
    return [[n, e or "", a or "", r, "yes" if att else "no", g or ""] for n, e, a, r, att, g in participants]


def to_csv(participants) -> bytes:
    return spreadsheets.csv_bytes(COLUMNS, _rows_for(participants))  # BOM: Excel reads UTF-8


def to_xlsx(participants, sheet_title: str = "Roster") -> bytes:
    return spreadsheets.xlsx_bytes([(sheet_title, COLUMNS, _rows_for(participants))])


TEMPLATE_EXAMPLE = [("Somchai Jaidee", "somchai.j@customs.go.th", "TH", "formal participant", True, "male"),
                    ("Aiko Tanaka", "a.tanaka@customs.go.jp", "Japan", "observer", True, "")]
