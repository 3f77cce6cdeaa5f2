"""Read an uploaded spreadsheet into plain tables: Excel (.xlsx) or CSV.

CSV files from Japanese offices come in three encodings: UTF-8 with a BOM (Excel's "CSV UTF-8"),
UTF-8 without one (most tools), and CP932 (Excel's plain "CSV", i.e. Shift_JIS with Microsoft's
extensions such as ① and ㈱). The BOM decides when present; otherwise strict UTF-8 is tried first,
because Japanese text in CP932 is almost never valid UTF-8, and CP932 second.

Row numbers are the ones the user sees in Excel: the sheet's own row numbers for .xlsx, the
record number (1 = header) for CSV.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls (OLE2 compound file)
UTF8_BOM = b"\xef\xbb\xbf"
MAX_ROWS = 20_000


class FileProblem(Exception):
    """The file as a whole cannot be read; ``message`` is in the user's language."""

    def __init__(self, message: Any, code: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(code)
        self.message = message
        self.code = code
        self.params = params or {}

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


@dataclass
class Table:
    """One sheet (or one CSV file): its name and its non-blank rows with their row numbers."""

    name: str
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    is_csv: bool = False


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _trim(cells: list[Any]) -> list[Any]:
    while cells and is_blank(cells[-1]):
        cells.pop()
    return cells


def _add_row(table: Table, number: int, cells: list[Any]) -> None:
    cells = _trim(list(cells))
    if not cells:
        return
    if len(table.rows) >= MAX_ROWS:
        raise FileProblem(
            _("Too many rows in “%(sheet)s”: at most %(max)s rows per sheet."),
            code="too_many_rows",
            params={"sheet": table.name, "max": MAX_ROWS},
        )
    table.rows.append((number, cells))


def read_tables(data: bytes, filename: str) -> list[Table]:
    """Read ``data`` (the uploaded bytes) as .xlsx or CSV, decided by content, then by name."""
    if not data.strip():
        raise FileProblem(_("The file is empty."), code="empty_file")
    lower = filename.lower()
    if data.startswith(XLS_MAGIC) or lower.endswith(".xls"):
        raise FileProblem(
            _("The old Excel format (.xls) cannot be read. Save the file as .xlsx and try again."),
            code="xls_format",
        )
    if data.startswith(XLSX_MAGIC) or lower.endswith((".xlsx", ".xlsm")):
        return read_xlsx(data)
    if lower.endswith((".csv", ".txt", ".tsv")) or not lower.rpartition(".")[1]:
        return [read_csv(data, name=filename)]
    raise FileProblem(
        _("This file is neither an Excel workbook (.xlsx) nor a CSV file."),
        code="unknown_format",
    )


def read_xlsx(data: bytes) -> list[Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a broken zip or XML: openpyxl raises many kinds of errors
        raise FileProblem(
            _("The Excel file is damaged or is not an .xlsx workbook."), code="xlsx_unreadable"
        ) from exc
    tables = []
    try:
        for sheet in workbook.worksheets:
            # Files written by some tools carry a wrong <dimension>; read to the real end.
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()
            table = Table(name=sheet.title)
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                _add_row(table, number, list(cells))
            tables.append(table)
    except FileProblem:
        raise
    except Exception as exc:
        raise FileProblem(
            _("The Excel file is damaged or is not an .xlsx workbook."), code="xlsx_unreadable"
        ) from exc
    finally:
        workbook.close()
    return tables


def decode_csv(data: bytes) -> str:
    """Decode CSV bytes: UTF-8 (BOM or not), else CP932. Raises FileProblem otherwise."""
    encodings = ["utf-8-sig"] if data.startswith(UTF8_BOM) else ["utf-8", "cp932"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem(
        _("The CSV file is neither UTF-8 nor Shift_JIS (CP932). Save it as “CSV UTF-8”."),
        code="csv_encoding",
    )


def read_csv(data: bytes, *, name: str) -> Table:
    if b"\x00" in data[:4096]:
        # NUL bytes: UTF-16 text or a binary file, neither of which is a CSV we can read.
        raise FileProblem(
            _("The CSV file is neither UTF-8 nor Shift_JIS (CP932). Save it as “CSV UTF-8”."),
            code="csv_encoding",
        )
    text = decode_csv(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    table = Table(name=name, is_csv=True)
    try:
        for number, cells in enumerate(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1
        ):
            _add_row(table, number, cells)
    except csv.Error as exc:
        raise FileProblem(
            _("The CSV file cannot be read: %(error)s"), code="csv_syntax", params={"error": exc}
        ) from exc
    return table
