"""Read an uploaded spreadsheet into plain tables: Excel (.xlsx) or CSV.

CSV files from Japanese offices come in three encodings: UTF-8 with a BOM (Excel's "CSV UTF-8"),
UTF-8 without one (most tools), and CP932 (Excel's plain "CSV", i.e. Shift_JIS with Microsoft's
extensions such as ① and ㈱). The BOM decides when present; otherwise strict UTF-8 is tried first,
because Japanese text in CP932 is almost never valid UTF-8, and CP932 second.

Row numbers are the ones the user sees in Excel: the sheet's own row numbers for .xlsx, the
record number (1 = header) for CSV.

Every file is read within limits, whatever it claims to be: a small upload must not expand into
hundreds of megabytes in memory. An .xlsx is a zip: the sizes its members declare are checked
before openpyxl opens it (zipfile never inflates a member past its declared size), and so is
how much each member is compressed (a sheet of a million blank rows compresses a thousandfold).
Then at most :data:`MAX_ROWS_READ` rows of a sheet (of a CSV file) are read, blank ones
included, :data:`MAX_COLUMNS` cells wide; reading stops at the limit with a coded problem.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls (OLE2 compound file)
UTF8_BOM = b"\xef\xbb\xbf"
MAX_ROWS = 20_000  # rows with data per sheet
MAX_ROWS_READ = 50_000  # rows read per sheet or CSV file, blank ones included
MAX_COLUMNS = 200  # cells of one row
MAX_FILE_BYTES = 10 * 1024 * 1024  # as uploaded (the upload form says so too)
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # an .xlsx's members together, inflated
MAX_ZIP_MEMBERS = 1000
MAX_COMPRESSION_RATIO = 100  # for members over RATIO_CHECKED_FROM bytes
RATIO_CHECKED_FROM = 1024 * 1024


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


def _too_many_rows_read(table: Table) -> FileProblem:
    return FileProblem(
        _(
            "“%(sheet)s” goes on beyond row %(max)s (blank rows count too). Delete the rows "
            "below the data, or split the file."
        ),
        code="too_many_rows_read",
        params={"sheet": table.name, "max": MAX_ROWS_READ},
    )


def _add_row(table: Table, number: int, cells: list[Any]) -> None:
    if number > MAX_ROWS_READ:
        raise _too_many_rows_read(table)
    if len(cells) > MAX_COLUMNS:
        cells = _trim(list(cells))
        if len(cells) > MAX_COLUMNS:
            raise FileProblem(
                _("Row %(row)s of “%(sheet)s” has more than %(max)s columns."),
                code="too_many_columns",
                params={"row": number, "sheet": table.name, "max": MAX_COLUMNS},
            )
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
    if len(data) > MAX_FILE_BYTES:
        raise FileProblem(
            _("The file is larger than %(max)s MB. Split it into several files."),
            code="file_too_large",
            params={"max": MAX_FILE_BYTES // (1024 * 1024)},
        )
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


def _unreadable_xlsx() -> FileProblem:
    return FileProblem(
        _("The Excel file is damaged or is not an .xlsx workbook."), code="xlsx_unreadable"
    )


def check_xlsx_expansion(data: bytes) -> None:
    """Refuse an .xlsx whose members would inflate beyond the limits, before opening it."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _unreadable_xlsx() from exc
    too_large = FileProblem(
        _(
            "The Excel file expands to more than %(max)s MB. Delete unused rows, columns "
            "and sheets, or split the file."
        ),
        code="xlsx_too_large",
        params={"max": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)},
    )
    if len(members) > MAX_ZIP_MEMBERS:
        raise too_large
    total = 0
    for member in members:
        total += member.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise too_large
        if member.file_size > RATIO_CHECKED_FROM and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise FileProblem(
                _(
                    "The Excel file holds a part that is compressed abnormally much (for "
                    "example a sheet of endless blank rows). Copy the data into a new workbook "
                    "and try again."
                ),
                code="xlsx_compression",
            )


def read_xlsx(data: bytes) -> list[Table]:
    from openpyxl import load_workbook

    check_xlsx_expansion(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a broken zip or XML: openpyxl raises many kinds of errors
        raise _unreadable_xlsx() from exc
    tables = []
    try:
        for sheet in workbook.worksheets:
            # Files written by some tools carry a wrong <dimension>; read to the real end.
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()
            table = Table(name=sheet.title)
            # Stop one row past the limit: a sheet of a million blank rows is never read out.
            rows = sheet.iter_rows(max_row=MAX_ROWS_READ + 1, values_only=True)
            for number, cells in enumerate(rows, start=1):
                _add_row(table, number, list(cells))
            tables.append(table)
    except FileProblem:
        raise
    except Exception as exc:
        raise _unreadable_xlsx() from exc
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
