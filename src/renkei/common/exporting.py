"""The one way the platform writes a spreadsheet cell (Excel and CSV) or a PDF text.

Everything a workbook shows may be text another firm typed: a firm named
``=HYPERLINK("http://evil","x")`` must reach the reader as those characters, never as a live
formula, and a name holding a control character (``\\x07``, which XML cannot hold) must not make
the export fail. So:

- **Text is text.** openpyxl turns any ``str`` starting with ``=`` into a formula (and ``#N/A``
  into an error value); :func:`put` writes every text as an explicit string cell (data type
  ``s``). A text that Excel would read as a formula once the user edits the cell (``= + - @``,
  also after leading blanks, in full width ``＝ ＋ － ＠``, or after a tab or line break), or as
  an error value (``#N/A``), also gets Excel's quote prefix (``'``-prefixed cell style), which keeps it text through an edit
  without changing its value.
- **Control characters are stripped** (:func:`renkei.common.text.strip_control_characters`):
  what the input checks refuse today may already be in the database.
- **Numbers, dates and booleans keep their types** and the number format given (an aware
  datetime is written as the local time).

For CSV, where no cell type exists, :func:`csv_value` prefixes such a text with ``'`` (OWASP's
advice for CSV injection). :func:`pdf_text` is the stripping for reportlab text.

Build workbooks with :func:`new_workbook`, write with :func:`put` / :func:`append`, save with
:func:`workbook_bytes`; nothing else in the package calls ``Worksheet.cell(value=…)``,
``Worksheet.append`` or ``Cell.value = …`` (``tests/platform/test_exports_safe.py`` checks).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.worksheet.worksheet import Worksheet

from renkei.common.text import strip_control_characters

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: What a spreadsheet reads as the start of a formula (DDE payloads start with these too).
FORMULA_STARTS = frozenset("=+-@＝＋－＠")
_LEADING_BLANKS = " \t\r\n\u3000\xa0"
MAX_CELL_CHARACTERS = 32767  # Excel's limit; openpyxl truncates silently


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would read ``text`` (typed into a cell) as a formula."""
    stripped = text.lstrip(_LEADING_BLANKS)
    return bool(stripped) and stripped[0] in FORMULA_STARTS


def cell_text(value: str | Promise) -> str:
    """A text as it is written to a cell: without control characters (tab and line breaks
    stay, a line break as Excel's own LF: a textarea sends CR LF, which XML reads back as LF
    anyway), at most Excel's 32,767 characters."""
    text = strip_control_characters(str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return text[:MAX_CELL_CHARACTERS]


def new_workbook(*, empty: bool = True) -> Workbook:
    """A workbook; ``empty`` removes the default sheet so that every sheet is created named."""
    workbook = Workbook()
    if empty and workbook.active is not None:
        workbook.remove(workbook.active)
    return workbook


def put(
    sheet: Worksheet, row: int, column: int, value: Any, *, number_format: str | None = None
) -> Cell:
    """Write ``value`` at (``row``, ``column``): text as a string cell (never a formula or an
    error value), stripped of control characters; numbers, dates and booleans as themselves.
    ``None`` leaves the cell empty. Returns the cell, for styling."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, (str, Promise)):
        text = cell_text(value)
        cell.value = text
        # openpyxl infers "f" for a leading "=" and "e" for "#N/A" and the like: not ours.
        cell.data_type = "s"
        if looks_like_formula(text) or text in ERROR_CODES:
            cell.quotePrefix = True
    elif isinstance(value, dt.datetime) and value.tzinfo is not None:
        # Excel has no time zones (openpyxl refuses aware datetimes): the local wall time.
        cell.value = timezone.localtime(value).replace(tzinfo=None)
    elif value is not None:
        cell.value = value
    if number_format is not None:
        cell.number_format = number_format
    return cell


def append(sheet: Worksheet, values: Iterable[Any]) -> int:
    """Write ``values`` as a new row below the last one (like ``Worksheet.append``, but through
    :func:`put`); returns the row number."""
    # The row Worksheet.append itself would use (the last row any cell was written to, + 1).
    row = int(sheet._current_row) + 1
    for column, value in enumerate(values, start=1):
        put(sheet, row, column, value)
    return row


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_value(value: Any) -> Any:
    """A value for ``csv.writer``: text stripped of control characters and, when a spreadsheet
    would read it as a formula, prefixed with ``'``; other values unchanged."""
    if not isinstance(value, (str, Promise)):
        return value
    text = strip_control_characters(str(value))
    return f"'{text}" if looks_like_formula(text) else text


def pdf_text(value: Any) -> str:
    """``value`` as text for a PDF (reportlab): without control characters, lone surrogates
    (which no PDF encoding can write) or non-characters."""
    return strip_control_characters(str(value))
