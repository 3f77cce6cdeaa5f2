"""Daily reports (日報): the writes, the month view and the Excel export.

A daily report is one worker's day at a member firm, with one entry per job: the order line it
was for (a line of a purchase order the firm received) or a description, the process, the
hours, how many were made (生産数) and how many of them were defective (不良数). Only people of
the firm write and read them (``orders.permissions.daily_reports_visible_to``).

The in-process defect rate here (不良率 = defective / produced on the shop floor) is the firm's
own production figure, not the QCD defect ppm of incoming inspection (``renkei.engines.qcd``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from renkei.common.exporting import new_workbook, put, workbook_bytes
from renkei.common.permissions import require
from renkei.common.writes import save_validated as _save
from renkei.orders.models import MAX_HOURS_A_DAY, DailyReport, DailyReportEntry, OrderLine
from renkei.orders.permissions import can_act_for, daily_reports_visible_to
from renkei.registry.models import Organization

ZERO = Decimal(0)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
DATE_FORMAT = "yyyy/mm/dd"
RATE_FORMAT = "0.00%"
QTY_FORMAT = "#,##0.###"
HOURS_FORMAT = "0.00"


def _error(field_name: str, message: Any, code: str, **params: Any) -> ValidationError:
    return ValidationError({field_name: ValidationError(message, code=code, params=params)})


def _decimal(value: Any, field_name: str) -> Decimal:
    number = ZERO if value is None or value == "" else Decimal(str(value))
    if number < 0:
        raise _error(
            field_name,
            gettext_lazy("A quantity cannot be negative. Got: %(value)s"),
            "negative_quantity",
            value=number,
        )
    return number


def _require_own(actor: Any, organization: Organization) -> None:
    require(can_act_for(actor, organization))


@transaction.atomic
def daily_report_save(
    *,
    actor: Any,
    organization: Organization,
    work_date: dt.date,
    worker_name: str,
    entries: Sequence[Mapping[str, Any]],
    notes: str = "",
    report: DailyReport | None = None,
    today: dt.date | None = None,
) -> DailyReport:
    """Create a daily report, or replace ``report`` and all its entries, in one transaction.

    Each entry has ``process``, ``hours``, ``qty_produced``, ``qty_defective``,
    ``defect_note``, ``remarks`` and ``order_line`` (a line the firm received) or
    ``description``. Refused: a negative number (``negative_quantity``), more than 24 hours in
    the day (``too_many_hours``), more defective than produced, a date after ``today``
    (``future_date``), an order line of another firm (``order_line_not_received``), a second
    report of the same worker and day (``daily_report_exists``). Nothing is written then.
    """
    _require_own(actor, organization)
    require(report is None or report.organization_id == organization.pk)
    today = today or timezone.localdate()
    if work_date > today:
        raise _error(
            "work_date",
            gettext_lazy("A daily report cannot be for a day in the future (%(date)s)."),
            "future_date",
            date=work_date,
        )
    worker_name = (worker_name or "").strip()
    others = DailyReport.objects.filter(
        organization=organization, work_date=work_date, worker_name=worker_name
    )
    if report is not None:
        others = others.exclude(pk=report.pk)
    if worker_name and others.exists():
        raise _error(
            "worker_name",
            gettext_lazy("%(worker)s already has a daily report for %(date)s: correct that one."),
            "daily_report_exists",
            worker=worker_name,
            date=work_date,
        )
    if not entries:
        raise ValidationError(
            gettext_lazy("A daily report needs at least one entry."), code="report_without_entries"
        )
    cleaned = [_entry_data(entry, organization) for entry in entries]
    total = sum((entry["hours"] for entry in cleaned), ZERO)
    if total > MAX_HOURS_A_DAY:
        raise _error(
            "hours",
            gettext_lazy("A worker cannot work more than 24 hours a day. Got: %(hours)s"),
            "too_many_hours",
            hours=total,
        )
    report = _save(
        report or DailyReport(organization=organization),
        {
            "work_date": work_date,
            "worker_name": worker_name,
            "notes": notes,
            "reporter": actor if getattr(actor, "is_authenticated", False) else None,
        },
        actor=actor,
    )
    with set_actor(actor):
        for old in report.entries.all():
            old.delete()
    for position, data in enumerate(cleaned, start=1):
        _save(DailyReportEntry(report=report, position=position), data, actor=actor)
    return report


def _entry_data(entry: Mapping[str, Any], organization: Organization) -> dict[str, Any]:
    data = {
        "order_line": entry.get("order_line"),
        "description": (entry.get("description") or "").strip(),
        "process": entry.get("process"),
        "hours": _decimal(entry.get("hours"), "hours"),
        "qty_produced": _decimal(entry.get("qty_produced"), "qty_produced"),
        "qty_defective": _decimal(entry.get("qty_defective"), "qty_defective"),
        "defect_note": (entry.get("defect_note") or "").strip(),
        "remarks": (entry.get("remarks") or "").strip(),
    }
    line: OrderLine | None = data["order_line"]
    if line is not None and line.po.supplier_id != organization.pk:
        raise _error(
            "order_line",
            gettext_lazy("The order line is not one of an order your firm received."),
            "order_line_not_received",
        )
    if data["process"] is None:
        raise _error("process", gettext_lazy("Choose the process."), "process_missing")
    return data


@transaction.atomic
def daily_report_delete(*, actor: Any, report: DailyReport) -> None:
    _require_own(actor, report.organization)
    with set_actor(actor):
        for entry in report.entries.all():
            entry.delete()
        report.delete()


# --- the month view -----------------------------------------------------------------------------


@dataclass
class Totals:
    hours: Decimal = ZERO
    produced: Decimal = ZERO
    defective: Decimal = ZERO

    def add(self, entry: DailyReportEntry) -> None:
        self.hours += entry.hours
        self.produced += entry.qty_produced
        self.defective += entry.qty_defective

    @property
    def good(self) -> Decimal:
        return self.produced - self.defective

    @property
    def defect_rate(self) -> float | None:
        """Defective / produced; ``None`` when nothing was produced (no data, not 0 %)."""
        return float(self.defective / self.produced) if self.produced else None

    @property
    def defect_percent(self) -> float | None:
        rate = self.defect_rate
        return None if rate is None else 100 * rate


@dataclass
class Day:
    date: dt.date
    reports: list[DailyReport] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def month_reports(user: Any, year: int, month: int) -> list[DailyReport]:
    first, last = month_bounds(year, month)
    return list(
        daily_reports_visible_to(user)
        .filter(work_date__range=(first, last))
        .order_by("work_date", "worker_name", "pk")
        .prefetch_related(
            "entries__process", "entries__order_line__po", "entries__order_line__item"
        )
    )


def daily_month(user: Any, year: int, month: int) -> tuple[list[Day], Totals]:
    """The days of the month that have reports, each with its reports and totals."""
    days: dict[dt.date, Day] = {}
    month_totals = Totals()
    for report in month_reports(user, year, month):
        day = days.setdefault(report.work_date, Day(report.work_date))
        day.reports.append(report)
        for entry in report.entries.all():
            day.totals.add(entry)
            month_totals.add(entry)
    return sorted(days.values(), key=lambda d: d.date), month_totals


# --- the Excel export ---------------------------------------------------------------------------


def _entry_subject(entry: DailyReportEntry) -> tuple[str, str]:
    """(order number and line, item name) of an entry."""
    line = entry.order_line
    if line is None:
        return "", entry.description
    name = str(line.item) if line.item_id is not None else line.description
    return f"{line.po.number}-{line.line_no}", entry.description or name


def _header(sheet: Worksheet, headers: Sequence[str], row: int = 1) -> None:
    for col, text in enumerate(headers, start=1):
        cell = put(sheet, row, col, text)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        width = max(10.0, min(40.0, 2.2 * len(text) + 2))
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = max(
            width, sheet.column_dimensions[letter].width or 0
        )


def _summary_rows(
    sheet: Worksheet, title: str, key_header: str, groups: dict[str, Totals], row: int
) -> int:
    put(sheet, row, 1, title).font = BOLD
    row += 1
    _header(
        sheet,
        [
            key_header,
            pgettext("daily report", "hours"),
            pgettext("daily report", "quantity produced"),
            pgettext("daily report", "of which defective"),
            pgettext("daily report", "defect rate"),
        ],
        row,
    )
    for key in sorted(groups):
        row += 1
        totals = groups[key]
        values: list[Any] = [
            key,
            totals.hours,
            totals.produced,
            totals.defective,
            totals.defect_rate,
        ]
        formats = ["@", HOURS_FORMAT, QTY_FORMAT, QTY_FORMAT, RATE_FORMAT]
        for col, (value, number_format) in enumerate(zip(values, formats, strict=True), start=1):
            put(sheet, row, col, value, number_format=number_format)
    return row + 2


def daily_workbook(user: Any, year: int, month: int) -> bytes:
    """The month's daily reports: a 日報 sheet with every entry and a 集計 sheet with the totals
    per process and per order line, headers in the user's language."""
    workbook = new_workbook(empty=False)
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has a sheet
    sheet.title = pgettext("spreadsheet", "Daily report")
    headers = [
        pgettext("daily report", "work date"),
        pgettext("daily report", "worker"),
        pgettext("daily report", "order number"),
        pgettext("daily report", "item"),
        pgettext("daily report", "process"),
        pgettext("daily report", "hours"),
        pgettext("daily report", "quantity produced"),
        pgettext("daily report", "of which defective"),
        pgettext("daily report", "good quantity"),
        pgettext("daily report", "defect details"),
        pgettext("daily report", "remarks"),
    ]
    _header(sheet, headers)
    sheet.freeze_panes = "A2"
    formats = [DATE_FORMAT, "@", "@", "@", "@", HOURS_FORMAT, QTY_FORMAT, QTY_FORMAT, QTY_FORMAT]
    by_process: dict[str, Totals] = defaultdict(Totals)
    by_order: dict[str, Totals] = defaultdict(Totals)
    row = 1
    for report in month_reports(user, year, month):
        for entry in report.entries.all():
            row += 1
            order, subject = _entry_subject(entry)
            values: list[Any] = [
                report.work_date,
                report.worker_name,
                order,
                subject,
                entry.process.name,
                entry.hours,
                entry.qty_produced,
                entry.qty_defective,
                entry.qty_good,
                entry.defect_note,
                entry.remarks,
            ]
            for col, value in enumerate(values, start=1):
                number_format = formats[col - 1] if col <= len(formats) else None
                put(sheet, row, col, value, number_format=number_format)
            by_process[entry.process.name].add(entry)
            by_order[f"{order} {subject}".strip() if order else _("(no order)")].add(entry)
    summary = workbook.create_sheet(pgettext("spreadsheet", "Summary"))
    next_row = _summary_rows(
        summary, _("Per process"), pgettext("daily report", "process"), by_process, 1
    )
    _summary_rows(
        summary, _("Per order line"), pgettext("daily report", "order line"), by_order, next_row
    )
    summary.column_dimensions["A"].width = 40
    return workbook_bytes(workbook)
