"""The firm's supplier scorecards as an Excel workbook (the list and every month), and one
supplier's scorecard as a Japanese PDF (サプライヤー評価表).

Headers and sheet names are Japanese, English when the page is in English (the import
format's bilingual :class:`~renkei.common.importing.core.SheetSpec`). A month without data
is written with an empty score and 「データなし」 / "no data" as its band; in the PDF its
cells are "—" and it is marked 「評価なし」 / "not scored". Both take their numbers from
:mod:`renkei.qcd.scorecards`, as the pages do, and format them as the pages do.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from renkei.common.exporting import new_workbook, workbook_bytes
from renkei.common.importing.core import Column, SheetSpec
from renkei.common.importing.workbook import data_sheet, write_rows
from renkei.engines.qcd import ALL_MONTHS, Criteria
from renkei.qcd import pdf
from renkei.qcd.scorecards import (
    CRITERIA_ORDER,
    DETAIL_MONTHS,
    SupplierScorecard,
    band_ranges,
    month_rows,
    months_back,
    scorecards,
    trend_arrow,
)
from renkei.qcd.templatetags.qcd_format import pct
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
    workbook = new_workbook()
    write_rows(data_sheet(workbook, LIST, template=False), LIST, listed)
    write_rows(data_sheet(workbook, MONTHS, template=False), MONTHS, monthly)
    return workbook_bytes(workbook)


# --- one supplier's scorecard as a PDF ----------------------------------------------------------

NO_DATA = "—"


def _num(value: float | None, digits: int = 1) -> str:
    """A number as the page shows it (``floatformat``); "—" for no data."""
    return NO_DATA if value is None else str(floatformat(value, digits))


def _trend(trend: float | None) -> str:
    if trend is None:
        return NO_DATA
    direction = {"↗": _("improving"), "↘": _("worsening")}.get(trend_arrow(trend), _("steady"))
    return _("%(value)s points/month (%(direction)s)") % {
        "value": f"{'+' if trend > 0 else ''}{_num(trend)}",
        "direction": direction,
    }


def _scored(result: Any) -> str:
    if result is None or result.score is None:
        return _("not scored")
    return _("%(score)s (band %(band)s)") % {"score": _num(result.score), "band": result.band}


def _facts(buyer: Organization, card: SupplierScorecard, as_of: dt.date) -> list[tuple[str, str]]:
    latest = card.latest
    facts = [
        (_("Buying firm"), buyer.name),
        (
            _("Supplier"),
            _("%(name)s (corporate number %(number)s)")
            % {"name": card.supplier.name, "number": card.supplier.corporate_number},
        ),
        (_("As of"), as_of.isoformat()),
    ]
    if latest is None:
        return [*facts, (_("Latest scored month"), _("No month with data yet."))]
    return [
        *facts,
        (_("Latest scored month"), latest.month),
        (_("Score"), _scored(latest)),
        (_("Trend"), _trend(latest.trend)),
        (_("Coverage"), pct(latest.coverage, 0)),
        (_("All time"), _scored(card.overall)),
    ]


def _criteria_rows(criteria: Criteria) -> list[list[str]]:
    weights = criteria.weights
    rate = _("rate × 100 (96.2% = 96.2 points)")
    scale = (
        _("linear")
        if criteria.ppm_scale == "linear"
        else _("logarithmic (spreads out the good end)")
    )
    return [
        [_("on-time delivery (qty)"), pct(weights["otd_qty"], 0), rate],
        [_("on time in full (lines)"), pct(weights["otif_lines"], 0), rate],
        [
            _("defect rate (ppm)"),
            pct(weights["defect_ppm"], 0),
            _("0 ppm = 100 points, %(zero)s ppm or more = 0 points, %(scale)s in between")
            % {"zero": _num(criteria.ppm_at_zero, -1), "scale": scale},
        ],
        [
            _("median lead time (days)"),
            pct(weights["lead_time"], 0),
            _(
                "%(target)s days or less = 100 points, %(zero)s days or more = 0 points, "
                "linear in between"
            )
            % {
                "target": _num(criteria.lead_time_target_days, -1),
                "zero": _num(criteria.lead_time_at_zero_days, -1),
            },
        ],
    ]


def _bands_text(criteria: Criteria) -> str:
    parts = [
        _("%(band)s: %(low)s points or more") % {"band": label, "low": _num(threshold, -1)}
        for label, threshold in criteria.bands
    ]
    lowest = criteria.bands[-1][1] if criteria.bands else 0.0
    parts.append(
        _("%(band)s: below %(low)s points")
        % {"band": criteria.lowest_band, "low": _num(lowest, -1)}
    )
    return "{}: {}".format(_("Bands"), " / ".join(parts))


def _month_cells(row: dict[str, Any]) -> list[str]:
    result, figures = row["score"], row["figures"]
    scored = result is not None and result.score is not None
    cells = [
        _("All time") if row["month"] == ALL_MONTHS else row["month"],
        _num(result.score) if scored else NO_DATA,
        result.band if scored else _("not scored"),
    ]
    if figures is None:
        cells += [NO_DATA] * 4
    else:
        cells += [
            pct(figures.otd_qty),
            pct(figures.otif_lines),
            _num(figures.defect_ppm, 0),
            _num(figures.lead_time_days_median),
        ]
    cells += [_num(points) for points in row["points"]]
    cells.append(pct(result.coverage, 0) if scored else NO_DATA)
    return cells


def scorecard_pdf(
    buyer: Organization, card: SupplierScorecard, criteria: Criteria, *, as_of: dt.date
) -> bytes:
    """One supplier's scorecard for the buying firm, in the user's language: the facts, the
    criteria in force, the monthly score chart with the bands, and the last 24 months."""
    title = _("Supplier scorecard")
    months = months_back(as_of, DETAIL_MONTHS)
    rows = month_rows(card, months)
    bands = band_ranges(criteria)
    header = [
        _("month"),
        _("score"),
        _("band"),
        _("on-time delivery (qty)"),
        _("on time in full (lines)"),
        _("defect rate (ppm)"),
        _("median lead time (days)"),
        *[
            f"{_('points')}: {label}"
            for label in (_("on-time"), _("in full"), _("quality"), _("lead time"))
        ],
        _("coverage"),
    ]
    story: list[Any] = [
        *pdf.title_block(
            _("Supplier scorecard — %(supplier)s") % {"supplier": card.supplier.name},
            subtitle=_("Over your own purchase orders to this supplier, as of %(date)s.")
            % {"date": as_of.isoformat()},
        ),
        pdf.key_value_table(_facts(buyer, card, as_of)),
        pdf.heading(_("Criteria in force")),
        pdf.figure_table(
            [_("criterion"), _("weight"), _("points (0-100)")],
            _criteria_rows(criteria),
            first_column_mm=60,
            numeric_from=3,
        ),
        pdf.paragraph(_bands_text(criteria)),
        pdf.paragraph(
            _("Trend: the slope of the score over the last %(months)s scored months.")
            % {"months": criteria.trend_months}
        ),
        pdf.paragraph(
            _(
                "Weights are relative and scaled to add up to one. A month's score uses only the "
                "figures it has data for; a month without any is not scored."
            )
        ),
        pdf.heading(_("Monthly score")),
        pdf.band_line_chart(
            months, [card.months[m].score if m in card.months else None for m in months], bands
        ),
        pdf.heading(_("Monthly scores")),
        pdf.figure_table(
            header,
            [_month_cells(row) for row in rows],
            first_column_mm=20,
            numeric_from=1,
            highlight_last=True,
            muted_rows=[
                i
                for i, row in enumerate(rows)
                if row["score"] is None or row["score"].score is None
            ],
        ),
        pdf.paragraph(_("— = no data: the month is not scored and stays out of the trend.")),
    ]
    return pdf.build_pdf(title, story)
