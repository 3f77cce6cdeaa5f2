"""How a QCD sheet is shown: the figures' labels and formats, and its plotly figures.

Shared by the sheet page, its Excel file and its PDF, so that the three say the same thing.
Labels are translated when used (the user's language); a null figure is shown as "—"
(データなし), never as 0. The plotly figures are plain dicts (``data`` + ``layout``) for
``Plotly.newPlot``; a null figure is a JSON ``null``, which plotly draws as a gap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renkei.engines.qcd import ALL_MONTHS, date_of, day_number
from renkei.orders.models import DefectClass
from renkei.qcd.selectors import QcdSheet

NO_DATA = "—"

# The figures in contract order, with their label and kind of number.
FIGURES: tuple[tuple[str, Any, str], ...] = (
    ("lines_due", gettext_lazy("Lines due"), "count"),
    ("qty_due", gettext_lazy("Quantity due"), "quantity"),
    ("otd_qty", gettext_lazy("On-time delivery rate (quantity)"), "rate"),
    ("otif_lines", gettext_lazy("On time in full (lines)"), "rate"),
    ("late_lines", gettext_lazy("Late lines"), "count"),
    ("avg_days_late", gettext_lazy("Average days late"), "days"),
    ("defect_ppm", gettext_lazy("Defect rate (ppm)"), "ppm"),
    ("lead_time_days_median", gettext_lazy("Median lead time (days)"), "days"),
)
WEEKDAYS = (
    gettext_lazy("Mon"),
    gettext_lazy("Tue"),
    gettext_lazy("Wed"),
    gettext_lazy("Thu"),
    gettext_lazy("Fri"),
    gettext_lazy("Sat"),
    gettext_lazy("Sun"),
)
# Months ("YYYY-MM") on a date axis, labelled as the tables write them: plotly's own month
# names are English ("Oct 2024") whatever the page's language.
MONTH_AXIS = {"type": "date", "tickformat": "%Y-%m", "hoverformat": "%Y-%m"}
CALENDAR_WEEKS = 53  # the late-delivery calendar: the last twelve months, by week


def month_label(month: str) -> str:
    return str(_("All periods")) if month == ALL_MONTHS else month


def defect_label(code: str) -> str:
    if not code:
        return str(_("Unclassified"))
    try:
        return str(DefectClass(code).label)
    except ValueError:
        return code


def _fmt(value: Any, kind: str) -> str:
    if value is None:
        return NO_DATA
    formats: dict[str, Callable[[Any], str]] = {
        "count": lambda v: number_format(v, force_grouping=True),
        "quantity": lambda v: number_format(
            int(v) if float(v).is_integer() else round(v, 3), force_grouping=True
        ),
        "rate": lambda v: number_format(v * 100, 1) + " %",
        "ppm": lambda v: number_format(v, 0, force_grouping=True),
        "days": lambda v: number_format(v, 1),
    }
    return formats[kind](value)


def table_rows(sheet: QcdSheet) -> list[dict[str, Any]]:
    """The monthly table, newest month first, then 全期間: label, and each figure formatted."""
    rows: list[dict[str, Any]] = []
    for month, row in [*reversed(sheet.months), (ALL_MONTHS, sheet.overall)]:
        cells = [
            _fmt(getattr(row, key) if row is not None else _empty(key), kind)
            for key, _label, kind in FIGURES
        ]
        rows.append({"month": month_label(month), "cells": cells, "empty": row is None})
    return rows


def _empty(key: str) -> Any:
    """A month without a row: nothing due (0 lines, 0 quantity), every other figure null."""
    return 0 if key in ("lines_due", "qty_due") else None


def headers() -> list[str]:
    return [str(label) for _key, label, _kind in FIGURES]


def _series(sheet: QcdSheet, key: str, scale: float = 1.0) -> list[float | None]:
    values: list[float | None] = []
    for _month, row in sheet.months:
        value = getattr(row, key) if row is not None else None
        values.append(None if value is None else value * scale)
    return values


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": {"text": title, "font": {"size": 14}},
        "margin": {"l": 50, "r": 50, "t": 40, "b": 40},
        "legend": {"orientation": "h", "y": -0.2},
        "hovermode": "x unified",
        "xaxis": MONTH_AXIS,
        **extra,
    }


def trend_figures(sheet: QcdSheet) -> dict[str, dict[str, Any]]:
    """Monthly trends: on-time delivery (otd_qty, otif), defect ppm and median lead time."""
    months = [month for month, _row in sheet.months]
    otd_label, otif_label = str(FIGURES[2][1]), str(FIGURES[3][1])
    return {
        "delivery": {
            "data": [
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": otd_label,
                    "x": months,
                    "y": _series(sheet, "otd_qty", 100),
                },
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": otif_label,
                    "x": months,
                    "y": _series(sheet, "otif_lines", 100),
                },
            ],
            "layout": _layout(
                _("On-time delivery rate (%)"), yaxis={"range": [0, 105], "ticksuffix": " %"}
            ),
        },
        "defects": {
            "data": [
                {
                    "type": "bar",
                    "name": str(FIGURES[6][1]),
                    "x": months,
                    "y": _series(sheet, "defect_ppm"),
                    "marker": {"color": "#b3261e"},
                }
            ],
            "layout": _layout(_("Defect rate (ppm)"), yaxis={"rangemode": "tozero"}),
        },
        "lead_time": {
            "data": [
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": str(FIGURES[7][1]),
                    "x": months,
                    "y": _series(sheet, "lead_time_days_median"),
                    "line": {"color": "#0b6e69"},
                }
            ],
            "layout": _layout(_("Median lead time (days)"), yaxis={"rangemode": "tozero"}),
        },
    }


def pareto_figure(sheet: QcdSheet) -> dict[str, Any]:
    """The defect Pareto: rejected quantity per class (bars) and the cumulative share (line)."""
    pareto = sheet.pareto
    labels = [defect_label(c) for c in pareto.defect_class]
    return {
        "data": [
            {
                "type": "bar",
                "name": _("Rejected quantity"),
                "x": labels,
                "y": pareto.qty_rejected.tolist(),
                "marker": {"color": "#5b6770"},
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": _("Cumulative share (%)"),
                "x": labels,
                "y": (pareto.cumulative_share * 100).tolist(),
                "yaxis": "y2",
                "line": {"color": "#b3261e"},
            },
        ],
        "layout": _layout(
            _("Defects by class (Pareto)"),
            xaxis={"type": "category"},
            yaxis={"rangemode": "tozero"},
            yaxis2={"overlaying": "y", "side": "right", "range": [0, 105], "ticksuffix": " %"},
            hovermode="closest",
        ),
    }


def calendar_figure(sheet: QcdSheet) -> dict[str, Any]:
    """The late-delivery calendar: a heatmap of the last twelve months, one column per week
    (Monday first), each day coloured by its late lines; hover shows the count and the mean
    days late. Days outside the period are blank; a day without a late line is 0."""
    end = day_number(sheet.as_of)
    first_monday = end - sheet.as_of.weekday() - 7 * (CALENDAR_WEEKS - 1)
    start = day_number(_year_before(sheet.as_of)) + 1
    late = dict(zip(sheet.calendar.day.tolist(), sheet.calendar.late_lines.tolist(), strict=True))
    mean = dict(
        zip(sheet.calendar.day.tolist(), sheet.calendar.avg_days_late.tolist(), strict=True)
    )
    z: list[list[int | None]] = [[None] * CALENDAR_WEEKS for _ in range(7)]
    text: list[list[str]] = [[""] * CALENDAR_WEEKS for _ in range(7)]
    weeks = [date_of(first_monday + 7 * w).isoformat() for w in range(CALENDAR_WEEKS)]
    # A tick at the first week of each month (after the first), labelled with the month.
    ticks = [w for i, w in enumerate(weeks) if i > 0 and w[:7] != weeks[i - 1][:7]]
    for w in range(CALENDAR_WEEKS):
        for d in range(7):
            day = first_monday + 7 * w + d
            if start <= day <= end:
                count = late.get(day, 0)
                z[d][w] = count
                text[d][w] = (
                    _("%(date)s: %(count)s late line(s), %(days)s days late on average")
                    % {
                        "date": date_of(day).isoformat(),
                        "count": count,
                        "days": _fmt(mean[day], "days"),
                    }
                    if count
                    else _("%(date)s: no late line") % {"date": date_of(day).isoformat()}
                )
    return {
        "data": [
            {
                "type": "heatmap",
                "x": weeks,
                "y": [str(w) for w in WEEKDAYS],
                "z": z,
                "text": text,
                "hoverinfo": "text",
                "xgap": 2,
                "ygap": 2,
                "colorscale": [[0, "#ebedf0"], [0.001, "#fde0c5"], [1, "#b3261e"]],
                "zmin": 0,
                "colorbar": {"title": {"text": _("Late lines")}},
            }
        ],
        "layout": _layout(
            _("Late deliveries by promised date (last 12 months)"),
            yaxis={"autorange": "reversed"},
            xaxis={
                "type": "category",
                "tickvals": ticks,
                "ticktext": [w[:7] for w in ticks],
                "tickangle": 0,
                "tickfont": {"size": 10},
            },
            hovermode="closest",
        ),
    }


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
