"""Write sheets in the import format: templates (.xlsx and CSV) and exports.

A template workbook has an instructions sheet, one empty data sheet per kind (the header cells
carry a comment explaining the column, required headers are coloured, codes are formatted as
text so Excel keeps leading zeros, fixed lists get a drop-down) and a 記入例 sheet with an
example row of every kind. The example sheet is skipped on import, so filling in the data sheets
and uploading the workbook as it is works.

CSV templates are UTF-8 with a BOM: Excel in Japan opens that without garbling the headers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from renkei.common.exporting import csv_value, new_workbook, put, workbook_bytes
from renkei.common.importing.core import Column, SheetSpec, is_english

REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(bold=True, size=13)
BOLD = Font(bold=True)
TEMPLATE_ROWS = 1000  # rows that get the drop-downs of a template


def example_sheet_name() -> str:
    return "Example" if is_english() else "記入例"


def instructions_sheet_name() -> str:
    return "Instructions" if is_english() else "入力方法"


def _width(column: Column) -> float:
    return max(10.0, min(40.0, 2.2 * len(column.header) + 2))


def write_header(sheet: Worksheet, spec: SheetSpec, *, row: int = 1, comments: bool = True) -> None:
    for index, column in enumerate(spec.columns, start=1):
        cell = put(sheet, row, index, column.header)
        cell.font = BOLD
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        if comments and column.help:
            note = str(column.help)
            if column.required:
                required = _("Required")
                note = f"【{required}】\n{note}"
            cell.comment = Comment(note, "renkei", width=260, height=120)
        sheet.column_dimensions[get_column_letter(index)].width = _width(column)


def write_rows(
    sheet: Worksheet, spec: SheetSpec, rows: Iterable[dict[str, Any]], *, start: int = 2
) -> int:
    """Write ``rows`` (column key -> cell value) below the header; returns the next free row."""
    number = start
    for values in rows:
        for index, column in enumerate(spec.columns, start=1):
            value = values.get(column.key)
            if value is None or value == "":
                continue
            put(sheet, number, index, value, number_format="@" if column.as_text else None)
        number += 1
    return number


def data_sheet(workbook: Workbook, spec: SheetSpec, *, template: bool) -> Worksheet:
    sheet = workbook.create_sheet(spec.name)
    write_header(sheet, spec, comments=template)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        if column.as_text:
            # Format the whole column as text so that 09202 and 0276-00-1234 stay as typed.
            sheet.column_dimensions[letter].number_format = "@"
        if template and column.options is not None:
            listed = ",".join(column.options())
            if len(listed) < 250:
                validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
                validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
                sheet.add_data_validation(validation)
    return sheet


def instructions_sheet(
    workbook: Workbook, specs: Sequence[SheetSpec], lines: Sequence[Any]
) -> None:
    sheet = workbook.create_sheet(instructions_sheet_name())
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 8
    sheet.column_dimensions["D"].width = 80
    sheet.column_dimensions["E"].width = 30
    number = 1
    for line in lines:
        cell = put(sheet, number, 1, str(line))
        if number == 1:
            cell.font = TITLE_FONT
        number += 1
    number += 1
    for index, title in enumerate(
        (_("Sheet"), _("Column"), _("Required"), _("Explanation"), _("Example")), start=1
    ):
        cell = put(sheet, number, index, title)
        cell.font = BOLD
        cell.fill = HEADER_FILL
    number += 1
    for spec in specs:
        put(sheet, number, 1, spec.name).font = BOLD
        put(sheet, number, 4, str(spec.help))
        number += 1
        for column in spec.columns:
            put(sheet, number, 2, column.header)
            if column.required:
                put(sheet, number, 3, "○").fill = REQUIRED_FILL
            cell = put(sheet, number, 4, str(column.help))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            put(sheet, number, 5, str(column.example))
            number += 1


def example_sheet(workbook: Workbook, specs: Sequence[SheetSpec]) -> None:
    sheet = workbook.create_sheet(example_sheet_name())
    number = 1
    width = max(len(spec.columns) for spec in specs)
    for index in range(1, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    for spec in specs:
        put(sheet, number, 1, f"■ {spec.name}").font = TITLE_FONT
        write_header(sheet, spec, row=number + 1, comments=False)
        example = {c.key: str(c.example) for c in spec.columns if c.example}
        number = write_rows(sheet, spec, [example], start=number + 2) + 1


def template_workbook(specs: Sequence[SheetSpec], *, instructions: Sequence[Any]) -> bytes:
    workbook = new_workbook()
    instructions_sheet(workbook, specs, instructions)
    for spec in specs:
        data_sheet(workbook, spec, template=True)
    example_sheet(workbook, specs)
    # Open on the first data sheet, not on the instructions.
    workbook.active = 1
    return workbook_bytes(workbook)


def template_csv(spec: SheetSpec) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([csv_value(c.header) for c in spec.columns])
    return buffer.getvalue().encode("utf-8-sig")
