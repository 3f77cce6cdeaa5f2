"""The firm's supplier scorecards as an Excel workbook: the list and every month.

Headers and sheet names are Japanese, English when the page is in English (the import
format's bilingual :class:`~renkei.common.importing.core.SheetSpec`). A month without data
is written with an empty score and 「データなし」 / "no data" as its band.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from renkei.common.importing.core import Column, SheetSpec
from renkei.common.importing.workbook import data_sheet, workbook_bytes, write_rows
from renkei.engines.qcd import ALL_MONTHS
from renkei.orders.scorecards import (
    CRITERIA_ORDER,
    SupplierScorecard,
    scorecards,
)
from renkei.registry.models import Organization

SUPPLIER = (
    Column("corporate_number", "法人番号", "Corporate number", as_text=True),
    Column("supplier", "仕入先", "Supplier"),
)
FIGURE_COLUMNS = (
    Column("score", "スコア", "Score"),
    Column("band", "ランク", "Band"),
    Column("coverage", "データの重み(%)", "Coverage (%)"),
)
LIST = SheetSpec(
    "scorecards",
    "スコアカード",
    "Scorecards",
    (
        *SUPPLIER,
        Column("month", "最新の評価月", "Latest scored month"),
        *FIGURE_COLUMNS,
        Column("trend", "傾向(点/月)", "Trend (points/month)"),
        Column("arrow", "傾向", "Direction"),
        Column("overall", "全期間スコア", "All-time score"),
        Column("overall_band", "全期間ランク", "All-time band"),
    ),
)
MONTHS = SheetSpec(
    "months",
    "月次",
    "Monthly",
    (
        *SUPPLIER,
        Column("month", "年月", "Month"),
        *FIGURE_COLUMNS,
        Column("otd_qty", "納期遵守率(数量%)", "On-time delivery (qty %)"),
        Column("otif_lines", "完納率(明細%)", "On time in full (lines %)"),
        Column("defect_ppm", "不良率(ppm)", "Defect rate (ppm)"),
        Column("lead_time", "リードタイム中央値(日)", "Median lead time (days)"),
        Column("points_otd_qty", "納期遵守 点", "On-time points"),
        Column("points_otif_lines", "完納 点", "In-full points"),
        Column("points_defect_ppm", "品質 点", "Quality points"),
        Column("points_lead_time", "リードタイム 点", "Lead-time points"),
    ),
)


def _percent(value: float | None) -> float | None:
    return None if value is None else round(100.0 * value, 1)


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _month_row(card: SupplierScorecard, month: str) -> dict[str, Any]:
    result = card.overall if month == ALL_MONTHS else card.months.get(month)
    figures = card.figures.get(month)
    row: dict[str, Any] = {
        "corporate_number": card.supplier.corporate_number,
        "supplier": card.supplier.name,
        "month": _("all time") if month == ALL_MONTHS else month,
        "score": _round(result.score if result else None),
        "band": (result.band if result else None) or _("no data"),
        "coverage": _percent(result.coverage if result and result.score is not None else None),
    }
    if figures is not None:
        row.update(
            otd_qty=_percent(figures.otd_qty),
            otif_lines=_percent(figures.otif_lines),
            defect_ppm=_round(figures.defect_ppm, 0),
            lead_time=_round(figures.lead_time_days_median),
        )
    if result is not None:
        for name in CRITERIA_ORDER:
            row[f"points_{name}"] = _round(result.points.get(name))
    return row


def scorecard_workbook(buyer: Organization, *, as_of: dt.date) -> bytes:
    cards, _criteria = scorecards(buyer, as_of=as_of)
    listed, monthly = [], []
    for card in cards:
        latest, overall = card.latest, card.overall
        listed.append(
            {
                "corporate_number": card.supplier.corporate_number,
                "supplier": card.supplier.name,
                "month": latest.month if latest else None,
                "score": _round(latest.score if latest else None),
                "band": (latest.band if latest else None) or _("no data"),
                "coverage": _percent(latest.coverage if latest else None),
                "trend": _round(latest.trend if latest else None, 2),
                "arrow": card.arrow,
                "overall": _round(overall.score if overall else None),
                "overall_band": (overall.band if overall else None) or _("no data"),
            }
        )
        monthly.extend(_month_row(card, month) for month in [*sorted(card.months), ALL_MONTHS])
    workbook = Workbook()
    workbook.remove(workbook.active)
    write_rows(data_sheet(workbook, LIST, template=False), LIST, listed)
    write_rows(data_sheet(workbook, MONTHS, template=False), MONTHS, monthly)
    return workbook_bytes(workbook)
