"""Spreadsheets in and out, safely. Pure: no Flask, no database.

Out: every CSV and XLSX the app writes goes through this module, with one rule (`looks_like_formula`): a text
starting with =, +, -, @, a tab, a carriage return or a line feed could be run as a formula. In CSV such a text
gets a leading apostrophe (`cell_text`); in XLSX every text is a string cell, and such a text also carries the
quote prefix (`text_cells`), so `=HYPERLINK(...)` arrives as the text it was typed as.

In: `open_workbook` reads an XLSX in openpyxl's read-only mode after checking, before anything is loaded, the
uncompressed size of every part of the zip and the dimensions each sheet declares, and counts rows while reading
(a sheet may declare nothing, or lie). A spreadsheet bomb is refused with a message, never a MemoryError.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.cell import range_boundaries

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_UNCOMPRESSED = 50 * 1024 * 1024  # all parts of a workbook together
MAX_PART = 40 * 1024 * 1024  # one sheet's XML
MAX_RATIO = 200  # a part more than 200 times smaller compressed than uncompressed is a bomb
MAX_COLUMNS = 200
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}[0-9]{1,7})?)\"")


class SpreadsheetError(ValueError):
    """A workbook that cannot or must not be read; the message says why, for the person who uploaded it."""


# ---------------------------------------------------------------- out


def looks_like_formula(value) -> bool:
    """The one rule: a text a spreadsheet program could run as a formula or a DDE command."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def cell_text(value):
    """A value as a CSV cell that is never run as a formula: an apostrophe in front (spreadsheet programs read it
    as "this is text" and do not show it). Non-text values are left as they are."""
    return "'" + value if looks_like_formula(value) else value


def imported_text(value: str) -> str:
    """The inverse of cell_text for a file the app exported and someone uploads again: "'=x" -> "=x"."""
    if value.startswith("'") and looks_like_formula(value[1:]):
        return value[1:]
    return value


def csv_bytes(header: Iterable, rows: Iterable[Iterable], bom: bool = True) -> bytes:
    """A CSV file (CRLF lines; UTF-8 with a byte-order mark so that Excel reads the accents) with every cell
    escaped."""
    return csv_text(header, rows, bom).encode("utf-8")


def csv_text(header: Iterable, rows: Iterable[Iterable], bom: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([cell_text(v) for v in header])
    for row in rows:
        writer.writerow([cell_text(v) for v in row])
    return ("\ufeff" if bom else "") + out.getvalue()


def text_cells(sheet, values: Iterable) -> list:
    """A row for a write-only sheet: text typed as a string, never a formula; a text that looks like one also gets
    the quote prefix (what Excel stores when someone types '=x: shown as =x, still text after an edit)."""
    cells = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            if looks_like_formula(value):
                cell.quotePrefix = True
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def xlsx_bytes(sheets: Iterable[tuple[str, Iterable, Iterable[Iterable]]]) -> bytes:
    """A workbook from (title, header, rows) triples, every text cell escaped."""
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append(text_cells(sheet, header))
        for row in rows:
            sheet.append(text_cells(sheet, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- in


def _check_zip(data: bytes, max_rows: int, max_columns: int) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SpreadsheetError("The file is not an Excel workbook (.xlsx): save it again as .xlsx.") from error
    with archive:
        infos = archive.infolist()
        total = sum(info.file_size for info in infos)
        if total > MAX_UNCOMPRESSED:
            raise SpreadsheetError(f"The workbook unpacks to {total / 1024 / 1024:,.0f} MB; at most "
                                   f"{MAX_UNCOMPRESSED // 1024 // 1024} MB are read. Remove unused sheets, rows or "
                                   "formatting, or upload a CSV file.")
        for info in infos:
            if info.file_size > MAX_PART or (info.file_size > 1024 * 1024
                                             and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
                raise SpreadsheetError(f"The part {info.filename!r} of the workbook unpacks to "
                                       f"{info.file_size / 1024 / 1024:,.0f} MB from "
                                       f"{info.compress_size / 1024:,.0f} KB: it is refused as a spreadsheet bomb. "
                                       "Save the data again in a new workbook, or upload a CSV file.")
        for info in infos:
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                with archive.open(info) as part:
                    head = part.read(4096)
                _check_dimension(head, max_rows, max_columns)


def _check_dimension(head: bytes, max_rows: int, max_columns: int) -> None:
    found = _DIMENSION.search(head)
    if not found:
        return
    try:
        min_col, min_row, max_col, max_row = range_boundaries(found.group(1).decode())
    except (ValueError, TypeError):
        return
    rows = (max_row or 1) - (min_row or 1) + 1
    columns = (max_col or 1) - (min_col or 1) + 1
    if rows > max_rows + 1 or columns > max_columns:
        raise SpreadsheetError(f"A sheet declares {rows:,} rows and {columns:,} columns "
                               f"({found.group(1).decode()}); at most {max_rows:,} rows and {max_columns} columns "
                               "are read. Copy the data into a new workbook, or upload a CSV file.")


def open_workbook(data: bytes, max_rows: int, max_columns: int = MAX_COLUMNS, data_only: bool = False):
    """The workbook in read-only mode (the caller closes it), after the zip and dimension checks. data_only: the
    values formulas last computed instead of the formulas."""
    _check_zip(data, max_rows, max_columns)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError) as error:
        raise SpreadsheetError("The .xlsx file cannot be opened: save it again from Excel.") from error


def bounded_rows(sheet, max_rows: int, max_columns: int = MAX_COLUMNS) -> Iterator[tuple]:
    """The cells of a read-only sheet row by row (at most max_columns wide), refusing past max_rows + 1 rows (a
    header and max_rows rows) whatever the sheet declared."""
    for number, row in enumerate(sheet.iter_rows(max_col=max_columns, max_row=max_rows + 2), start=1):
        if number > max_rows + 1:
            raise SpreadsheetError(f"The sheet has more than {max_rows:,} rows; at most {max_rows:,} are read.")
        yield row


_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z0-9:]{2,32})\"")


def merged_ranges(data: bytes, sheet) -> list[str]:
    """The merged cells ("A1:B2") of a read-only sheet, read from its XML in chunks (read-only mode does not
    keep them). `sheet` comes from open_workbook(data)."""
    found: list[str] = []
    tail = b""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(sheet._worksheet_path) as part:
        while chunk := part.read(1024 * 1024):
            text = tail + chunk
            found += [m.group(1).decode() for m in _MERGE.finditer(text)]
            tail = text[-64:]
            found = list(dict.fromkeys(found))  # a match in the overlap is found twice
    return found
