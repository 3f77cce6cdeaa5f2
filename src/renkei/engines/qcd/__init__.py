"""QCD figures in the common format (共通フォーマット): on-time delivery, defects, lead time.

The contract is ``QCD.md`` (shared examples): one definition of each figure, per supplier and
month as of a date A, so a firm's on-time rate is the same number on every page, report, API
response and CLI output.

Entry points
------------
- :func:`read_csv` — ``order_lines.csv`` + ``receipts.csv`` -> :class:`QcdData`, or
  :class:`QcdInputError` listing every problem (file, row, column, code, message ja/en).
- :meth:`QcdData.from_records`, :meth:`QcdData.from_columns` — the same from the platform.
- :func:`solve` — ``solve(data, params=Params(as_of=date)) -> QcdResult``; ``result.to_json()``
  is the documented output.
- :meth:`QcdData.select` — one supplier and/or one buyer, for ``solve`` per buyer.
- :func:`line_measures` + :func:`group_figures` — the one computation path, for any grouping
  (``solve`` is these two with supplier×month and supplier labels).
- :func:`score` (:mod:`.scorecard`) + :class:`Criteria` (:mod:`.criteria`) — a buyer's weighted scorecard per
  supplier and month (score, band, trend); invalid criteria raise :class:`CriteriaError`
  with a stable :class:`CriteriaCode` (:mod:`.errors`); :func:`cluster_bands` — one firm's standing against
  its cluster's median and quartiles, refused below 5 firms.
- :func:`due_lines` — the due lines one by one (promised date, completed date or none, days
  late: the engine's own ``days_late`` array); :func:`late_calendar` — late lines and mean days
  late per promised day (the figures grouped by day, so a month's days add up to its
  ``late_lines``).
- :func:`defect_pareto` — defect classes by rejected quantity, with share and cumulative share.
- ``renkei qcd`` (:mod:`renkei.engines.qcd.cli`) — the same on two CSV files; exit code 2
  when the input is refused.

Decisions where QCD.md is silent
--------------------------------
- JSON numbers: ``lines_due`` and ``late_lines`` are integers; ``qty_due`` is an integer
  when whole, else a decimal; every other figure is a decimal at full precision (``0.6``,
  ``30000.0``, ``11.0``), never rounded. See :mod:`.result`.
- Null: the rates, ``late_lines``, ``avg_days_late`` and ``lead_time_days_median`` are null
  when no line is due (``lines_due`` and ``qty_due`` are then 0); ``otd_qty`` also when the
  due lines order nothing (Σ qty_ordered = 0); ``avg_days_late`` when no due line is late;
  ``defect_ppm`` when nothing was inspected; the median when no due line is completed.
- ``defect_ppm`` is computed as Σ rejected × 10⁶ / Σ inspected (one rounding: 3 of 100 is
  exactly 30000.0).
- A line counts as complete when its receipts reach qty_ordered within a relative 1e-9
  (decimal quantities); a line ordering 0 is complete at its first receipt (by the letter
  of the definition) and never otherwise.
- A supplier with neither a due line nor a receipt up to A gets no rows at all, not even
  ``"all"``.
- Reader: empty cells are refused (``missing_value``); ``YYYY/M/D`` (Excel's Japanese
  export) and thousands separators are accepted; header names are matched trimmed and
  case-insensitively, extra columns are ignored; a row with no value in any column of the
  format is skipped but still counted; a negative ``unit_price`` is refused too.
"""

from __future__ import annotations

from .detail import DueLines, LateCalendar, due_lines, late_calendar
from .errors import CriteriaCode, CriteriaError
from .figures import GroupFigures, LineMeasures, group_figures, line_measures
from .model import OrderLine, Params, QcdData, Receipt, date_of, day_number
from .pareto import DefectPareto, defect_pareto
from .problems import MESSAGES, Problem, QcdInputError
from .reader import parse_date, read_csv, read_csv_records
from .result import ALL_MONTHS, QcdResult, QcdRow
from .scorecard import (
    ClusterStanding,
    ClusterSummary,
    Criteria,
    SupplierMonthScore,
    cluster_bands,
    cluster_summary,
    score,
)
from .solve import solve

__all__ = [
    "ALL_MONTHS",
    "MESSAGES",
    "ClusterStanding",
    "ClusterSummary",
    "Criteria",
    "CriteriaCode",
    "CriteriaError",
    "DefectPareto",
    "DueLines",
    "GroupFigures",
    "LateCalendar",
    "LineMeasures",
    "OrderLine",
    "Params",
    "Problem",
    "QcdData",
    "QcdInputError",
    "QcdResult",
    "QcdRow",
    "Receipt",
    "SupplierMonthScore",
    "cluster_bands",
    "cluster_summary",
    "date_of",
    "day_number",
    "defect_pareto",
    "due_lines",
    "group_figures",
    "late_calendar",
    "line_measures",
    "parse_date",
    "read_csv",
    "read_csv_records",
    "score",
    "solve",
]
