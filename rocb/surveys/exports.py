"""Survey export (CSV, XLSX), the XLSX template per cycle, and reading a filled template back.

Pure: plain rows (dicts) in, bytes out; bytes in, checked rows and problems out. No Flask, no database.
"""

import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from rocb import params, spreadsheets

PRIORITIES = ("none", "low", "medium", "high")
PREFERRED_MODES = ("online", "physical", "hybrid", "any")
QUARTERS = ("Q1", "Q2", "Q3", "Q4")
MAX_OFFICERS = 500
MAX_COMMENT = 1000
MAX_TEMPLATE_ROWS = 20_000  # 35 administrations x every topic is a few thousand rows

LONG_COLUMNS = ("cycle_year", "administration_code", "administration", "status", "submitted_at", "topic_code",
                "topic", "package", "priority", "officers", "mode", "quarters", "comment")
TEMPLATE_HEADER = ("administration code", "topic code", "priority", "officers", "mode", "quarters", "comment")
PRIORITY_LETTER = {"none": "", "low": "L", "medium": "M", "high": "H"}


@dataclass(frozen=True)
class ImportRow:
    """One checked row of a filled template (row: its number in the sheet)."""

    row: int
    administration_code: str
    topic_code: str
    priority: str
    officers: int
    mode: str
    quarters: str  # "Q1,Q3"
    comment: str


@dataclass(frozen=True)
class ImportProblem:
    """Why a file or a row was refused; row/column are None for problems of the whole file."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return (", ".join(where) + ": " if where else "") + self.message


# ---------------------------------------------------------------- export


def long_csv(rows: list[dict]) -> bytes:
    """One row per administration and topic. UTF-8 with a BOM so that Excel reads the accents."""
    return spreadsheets.csv_bytes(LONG_COLUMNS, ([row.get(col, "") for col in LONG_COLUMNS] for row in rows))


def export_xlsx(rows: list[dict]) -> bytes:
    """Sheets: "Need items" (the long rows), "Priority matrix" and "Officers matrix" (administration x topic)."""
    book = Workbook(write_only=True)
    long_sheet = book.create_sheet("Need items")
    long_sheet.append(LONG_COLUMNS)
    for row in rows:
        long_sheet.append(spreadsheets.text_cells(long_sheet, [row.get(col) for col in LONG_COLUMNS]))

    topics = list(dict.fromkeys(row["topic_code"] for row in rows))
    matrix: dict[tuple, dict] = {}
    for row in rows:
        matrix.setdefault((row["cycle_year"], row["administration_code"]), {})[row["topic_code"]] = row
    for title, key, shown in (("Priority matrix", "priority", PRIORITY_LETTER.get),
                              ("Officers matrix", "officers", lambda v: v)):
        sheet = book.create_sheet(title)
        sheet.append(spreadsheets.text_cells(sheet, ["cycle_year", "administration_code", *topics]))
        for (year, code), by_topic in matrix.items():
            sheet.append(spreadsheets.text_cells(sheet, [year, code, *(shown(by_topic[t][key]) if t in by_topic
                                                                        else None for t in topics)]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_xlsx(year: int, topics: list[tuple[str, str, str]], administration_codes: list[str]) -> bytes:
    """The template of a cycle: a sheet named after the year with the header and one row per administration
    and topic (code, name, package in `topics`), a "Topics" sheet to read, and drop-down lists. Every text goes
    through spreadsheets.text_cells, so a topic named =HYPERLINK(...) arrives as text, never a formula (the book is
    not write-only: it carries drop-down lists and column widths)."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(year)

    def append(target, values):
        target.append(spreadsheets.text_cells(target, values))

    append(sheet, TEMPLATE_HEADER)
    for code in administration_codes:
        for topic_code, _name, _package in topics:
            append(sheet, [code, topic_code, "none", 0, "any", "", ""])
    last = max(sheet.max_row, 2)
    for column, options in (("C", PRIORITIES), ("E", PREFERRED_MODES)):
        check = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
        check.add(f"{column}2:{column}{last + 500}")
        sheet.add_data_validation(check)
    for index, width in enumerate((20, 28, 10, 10, 10, 14, 60), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    reference = book.create_sheet("Topics")
    append(reference, ["topic code", "topic", "WCO package"])
    for topic in topics:
        append(reference, list(topic))
    notes = book.create_sheet("How to fill in")
    for line in (
        f"Fill in the sheet named {year}. Keep its first row (the header) as it is.",
        "priority: none, low, medium or high. officers: 0 to 500. mode: online, physical, hybrid or any.",
        "quarters: any of Q1, Q2, Q3, Q4 separated by commas (e.g. Q1, Q3). comment: up to 1,000 characters.",
        "Type values only: formulas and merged cells are refused.",
    ):
        append(notes, [line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- import


def read_template(data: bytes, year: int, administration_codes: set[str], topic_codes: set[str]
                  ) -> tuple[list[ImportRow], list[ImportProblem]]:
    """Check a filled template. Rows come back only when there is no problem at all (all or nothing)."""
    try:
        book = spreadsheets.open_workbook(data, MAX_TEMPLATE_ROWS, max_columns=len(TEMPLATE_HEADER) + 20)
    except spreadsheets.SpreadsheetError as error:
        return [], [ImportProblem(f"{error} Download the template, fill it in and upload it as .xlsx.")]
    try:
        return _read_sheet(book, data, year, administration_codes, topic_codes)
    except spreadsheets.SpreadsheetError as error:
        return [], [ImportProblem(str(error))]
    finally:
        book.close()


def _read_sheet(book, data, year, administration_codes, topic_codes):
    name = str(year)
    if name not in book.sheetnames:
        return [], [ImportProblem(f"The workbook has no sheet named {name!r} (it has: "
                                  f"{', '.join(book.sheetnames)}). Use the template of the {year} cycle.")]
    sheet = book[name]
    problems = [ImportProblem(f"Merged cells {cells} are not accepted: unmerge them.")
                for cells in spreadsheets.merged_ranges(data, sheet)]
    lines = spreadsheets.bounded_rows(sheet, MAX_TEMPLATE_ROWS, len(TEMPLATE_HEADER))
    header = [_text(c.value).lower() for c in next(lines, ())]
    while header and not header[-1]:
        header.pop()
    if tuple(header) != TEMPLATE_HEADER:
        problems.append(ImportProblem(f"The first row must be the header {', '.join(TEMPLATE_HEADER)} "
                                      f"(found: {', '.join(header) or 'nothing'}).", row=1))
    if problems:
        return [], problems

    rows, seen = [], {}
    for number, cells in enumerate(lines, start=2):
        if all(c.value is None or _text(c.value) == "" for c in cells):
            continue
        row_problems = [ImportProblem("Formulas are not accepted: type the value.", number, _col(c.column))
                        for c in cells if c.data_type == "f"]
        if row_problems:
            problems.extend(row_problems)
            continue
        row, row_problems = _check_row(number, [c.value for c in cells], administration_codes, topic_codes)
        problems.extend(row_problems)
        if row is None:
            continue
        key = (row.administration_code, row.topic_code)
        if key in seen:
            problems.append(ImportProblem(f"{row.administration_code} / {row.topic_code} is already on row "
                                          f"{seen[key]}.", number, "B (topic code)"))
        seen[key] = number
        rows.append(row)
    if not rows and not problems:
        problems.append(ImportProblem(f"The sheet {name!r} has no rows to import."))
    return ([], problems) if problems else (rows, [])


def _col(index: int) -> str:
    return f"{get_column_letter(index)} ({TEMPLATE_HEADER[index - 1]})"


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _check_row(number, values, administration_codes, topic_codes):
    values = list(values) + [None] * (len(TEMPLATE_HEADER) - len(values))
    problems = []

    def refuse(index, message):
        problems.append(ImportProblem(message, number, _col(index + 1)))

    code = _text(values[0]).upper()
    if code not in administration_codes:
        refuse(0, f"Unknown administration code {code!r}." if code else "The administration code is missing.")
    topic = _text(values[1])
    if topic not in topic_codes:
        refuse(1, f"Topic {topic!r} is not asked about in this cycle." if topic else "The topic code is missing.")
    priority = _text(values[2]).lower() or "none"
    if priority not in PRIORITIES:
        refuse(2, f"Priority {priority!r} is not one of {', '.join(PRIORITIES)}.")
    officers = _officers(values[3])
    if officers is None:
        refuse(3, f"Officers must be a whole number from 0 to {MAX_OFFICERS} (found {_text(values[3])!r}).")
    mode = _text(values[4]).lower() or "any"
    if mode not in PREFERRED_MODES:
        refuse(4, f"Mode {mode!r} is not one of {', '.join(PREFERRED_MODES)}.")
    quarters = parse_quarters(_text(values[5]))
    if quarters is None:
        refuse(5, f"Quarters {_text(values[5])!r}: use Q1, Q2, Q3, Q4 separated by commas.")
    comment = _text(values[6])
    if len(comment) > MAX_COMMENT:
        refuse(6, f"The comment has {len(comment)} characters; at most {MAX_COMMENT} are accepted.")
    if problems:
        return None, problems
    return ImportRow(number, code, topic, priority, officers, mode, quarters, comment), []


def _officers(value) -> int | None:
    if value is None or _text(value) == "":
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and (number := params.whole_number(value)) is not None:
        value = number
    if isinstance(value, int) and 0 <= value <= MAX_OFFICERS:
        return value
    return None


def parse_quarters(text: str) -> str | None:
    """'q3, Q1' or '1,3' -> 'Q1,Q3'; '' -> ''; None when something is not a quarter."""
    chosen = set()
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        part = part.strip().upper()
        if not part:
            continue
        part = part if part.startswith("Q") else "Q" + part
        if part not in QUARTERS:
            return None
        chosen.add(part)
    return ",".join(q for q in QUARTERS if q in chosen)
