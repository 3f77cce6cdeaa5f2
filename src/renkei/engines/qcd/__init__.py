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
"""

from __future__ import annotations

from .figures import GroupFigures, LineMeasures, group_figures, line_measures
from .model import OrderLine, Params, QcdData, Receipt, date_of, day_number
from .problems import MESSAGES, Problem, QcdInputError
from .reader import parse_date, read_csv, read_csv_records
from .result import ALL_MONTHS, QcdResult, QcdRow
from .solve import solve

__all__ = [
    "ALL_MONTHS",
    "MESSAGES",
    "GroupFigures",
    "LineMeasures",
    "OrderLine",
    "Params",
    "Problem",
    "QcdData",
    "QcdInputError",
    "QcdResult",
    "QcdRow",
    "Receipt",
    "date_of",
    "day_number",
    "group_figures",
    "line_measures",
    "parse_date",
    "read_csv",
    "read_csv_records",
    "solve",
]
