"""The outsourcing table (外注管理表): the jobs a firm has placed with other firms.

One row per order line where the firm is the buyer, with its deliveries and incoming
inspection summed, and a status derived from them and today's date:

- 納入済 (delivered): everything ordered has been received;
- 納期遅れ (late): not all received and the promised date has passed;
- 一部納入 (partly delivered): something received, the rest not due yet;
- 未納 (open): nothing received, not due yet.

How late a line is in days is the QCD engine's figure (``renkei.engines.qcd``); this table
only says whether it is late, and never counts days itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Max, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from renkei.common.exporting import new_workbook, put, workbook_bytes
from renkei.orders.models import OrderLine
from renkei.orders.permissions import outsourced_lines_visible_to

ZERO = Decimal(0)
YEN_FORMAT = "¥#,##0"
UNIT_PRICE_FORMAT = "¥#,##0.00"
DATE_FORMAT = "yyyy/mm/dd"
QTY_FORMAT = "#,##0.###"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)


class Status(models.TextChoices):
    OPEN = "open", gettext_lazy("Not delivered")
    PARTIAL = "partial", gettext_lazy("Partly delivered")
    DELIVERED = "delivered", gettext_lazy("Delivered")
    LATE = "late", gettext_lazy("Overdue")


def line_status(*, ordered: Decimal, received: Decimal, promised: dt.date, today: dt.date) -> str:
    """The status of a line from what has been received by ``today``."""
    if received >= ordered:
        return Status.DELIVERED
    if promised < today:
        return Status.LATE
    return Status.PARTIAL if received > 0 else Status.OPEN


@dataclass
class Filters:
    date_from: dt.date | None = None  # order date
    date_to: dt.date | None = None
    supplier_id: int | None = None
    status: str = ""


@dataclass
class Row:
    line: OrderLine
    amount: Decimal
    last_received: dt.date | None
    received: Decimal
    remaining: Decimal
    inspected: Decimal
    rejected: Decimal
    status: str

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def subject(self) -> str:
        return str(self.line.item) if self.line.item_id is not None else self.line.description


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    qty: Decimal = ZERO
    amount: Decimal = ZERO
    received: Decimal = ZERO
    remaining: Decimal = ZERO
    inspected: Decimal = ZERO
    rejected: Decimal = ZERO


def outsourcing_table(user: Any, filters: Filters, *, today: dt.date) -> Table:
    """The rows the user's firm may see (its own orders as the buyer), filtered, with totals."""
    lines = outsourced_lines_visible_to(user).select_related("po__supplier", "item")
    if filters.date_from:
        lines = lines.filter(po__order_date__gte=filters.date_from)
    if filters.date_to:
        lines = lines.filter(po__order_date__lte=filters.date_to)
    if filters.supplier_id:
        lines = lines.filter(po__supplier_id=filters.supplier_id)
    # One join path (receipt → its one inspection): the sums do not multiply.
    lines = lines.annotate(
        got=Coalesce(Sum("receipts__qty_received"), ZERO, output_field=models.DecimalField()),
        last=Max("receipts__received_date"),
        checked=Coalesce(
            Sum("receipts__inspection__qty_inspected"), ZERO, output_field=models.DecimalField()
        ),
        bad=Coalesce(
            Sum("receipts__inspection__qty_rejected"), ZERO, output_field=models.DecimalField()
        ),
    ).order_by("-po__order_date", "po__number", "line_no")
    table = Table()
    for line in lines:
        received = Decimal(line.got)
        status = line_status(
            ordered=line.qty_ordered, received=received, promised=line.promised_date, today=today
        )
        if filters.status and status != filters.status:
            continue
        row = Row(
            line=line,
            amount=(line.qty_ordered * line.unit_price).quantize(Decimal("1")),
            last_received=line.last,
            received=received,
            remaining=max(ZERO, line.qty_ordered - received),
            inspected=Decimal(line.checked),
            rejected=Decimal(line.bad),
            status=status,
        )
        table.rows.append(row)
        table.qty += line.qty_ordered
        table.amount += row.amount
        table.received += row.received
        table.remaining += row.remaining
        table.inspected += row.inspected
        table.rejected += row.rejected
    return table


def headers() -> list[str]:
    """The column names of the page and the export, in the user's language (外注管理表's own
    words: 発注番号, 外注先, 納期, 検収数, …)."""
    return [
        pgettext("outsourcing table", "order number"),
        pgettext("outsourcing table", "order date"),
        pgettext("outsourcing table", "outsourced to"),
        pgettext("outsourcing table", "item"),
        pgettext("outsourcing table", "quantity"),
        pgettext("outsourcing table", "unit price"),
        pgettext("outsourcing table", "amount"),
        pgettext("outsourcing table", "promised date"),
        pgettext("outsourcing table", "delivered on"),
        pgettext("outsourcing table", "quantity delivered"),
        pgettext("outsourcing table", "quantity outstanding"),
        pgettext("outsourcing table", "quantity inspected"),
        pgettext("outsourcing table", "quantity rejected"),
        pgettext("outsourcing table", "status"),
    ]


FORMATS = [
    "@",
    DATE_FORMAT,
    "@",
    "@",
    QTY_FORMAT,
    UNIT_PRICE_FORMAT,
    YEN_FORMAT,
    DATE_FORMAT,
    DATE_FORMAT,
    QTY_FORMAT,
    QTY_FORMAT,
    QTY_FORMAT,
    QTY_FORMAT,
    "@",
]


def outsourcing_workbook(table: Table) -> bytes:
    """The table as one sheet: the same columns as the page, a totals row, yen and dates
    formatted as Japanese offices expect (¥#,##0, yyyy/mm/dd)."""
    workbook = new_workbook(empty=False)
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has a sheet
    sheet.title = _("Outsourcing table")
    for col, text in enumerate(headers(), start=1):
        cell = put(sheet, 1, col, text)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(col)].width = max(11.0, 2.2 * len(text) + 2)
    sheet.column_dimensions["C"].width = 30
    sheet.column_dimensions["D"].width = 34
    sheet.freeze_panes = "A2"
    number = 1
    for row in table.rows:
        number += 1
        line = row.line
        values: list[Any] = [
            f"{line.po.number}-{line.line_no}",
            line.po.order_date,
            line.po.supplier.name,
            row.subject,
            line.qty_ordered,
            line.unit_price,
            row.amount,
            line.promised_date,
            row.last_received,
            row.received,
            row.remaining,
            row.inspected,
            row.rejected,
            row.status_label,
        ]
        for col, (value, number_format) in enumerate(zip(values, FORMATS, strict=True), start=1):
            put(sheet, number, col, value, number_format=number_format)
    number += 1
    totals: dict[int, Decimal] = {
        5: table.qty,
        7: table.amount,
        10: table.received,
        11: table.remaining,
        12: table.inspected,
        13: table.rejected,
    }
    put(sheet, number, 1, _("Total")).font = BOLD
    for col, value in totals.items():
        put(sheet, number, col, value, number_format=FORMATS[col - 1]).font = BOLD
    return workbook_bytes(workbook)
