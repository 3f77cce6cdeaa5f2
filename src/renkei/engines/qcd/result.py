"""The result of :func:`~renkei.engines.qcd.solve`: one row per supplier and month.

JSON types (the contract prints ``"lines_due": 20, "qty_due": 5400, "otd_qty": 0.962,
"defect_ppm": 1250.0, "lead_time_days_median": 14.0``):

- ``lines_due`` and ``late_lines`` are counts: JSON integers.
- ``qty_due`` is a sum of quantities: a JSON integer when it is whole (piece counts always
  are), else a decimal (e.g. 12.5 kg).
- ``otd_qty``, ``otif_lines``, ``avg_days_late``, ``defect_ppm`` and
  ``lead_time_days_median`` are always JSON decimals (``1.0``, ``30000.0``, ``11.0``), printed
  at full float precision, never rounded.
- A figure with nothing to measure is ``null``: the rates, ``late_lines``, ``avg_days_late``
  and ``lead_time_days_median`` when no line is due in the month; ``avg_days_late`` when no
  due line is late; ``defect_ppm`` when nothing was inspected; ``lead_time_days_median``
  when no due line is completed. ``lines_due`` and ``qty_due`` are 0 then, never null.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

ALL_MONTHS = "all"

# The figures in contract order (after supplier_id and month).
FIGURES: tuple[str, ...] = (
    "lines_due",
    "qty_due",
    "otd_qty",
    "otif_lines",
    "late_lines",
    "avg_days_late",
    "defect_ppm",
    "lead_time_days_median",
)


@dataclass(frozen=True, slots=True)
class QcdRow:
    """The figures of one supplier in one month (``"YYYY-MM"``) or over all months (``"all"``).

    ``None`` means no data (see the module docstring for when).
    """

    supplier_id: str
    month: str
    lines_due: int
    qty_due: float
    otd_qty: float | None
    otif_lines: float | None
    late_lines: int | None
    avg_days_late: float | None
    defect_ppm: float | None
    lead_time_days_median: float | None

    def to_json(self) -> dict[str, Any]:
        """The row as the contract prints it (key order included)."""
        qty: int | float = int(self.qty_due) if float(self.qty_due).is_integer() else self.qty_due
        return {
            "supplier_id": self.supplier_id,
            "month": self.month,
            "lines_due": int(self.lines_due),
            "qty_due": qty,
            "otd_qty": _float(self.otd_qty),
            "otif_lines": _float(self.otif_lines),
            "late_lines": None if self.late_lines is None else int(self.late_lines),
            "avg_days_late": _float(self.avg_days_late),
            "defect_ppm": _float(self.defect_ppm),
            "lead_time_days_median": _float(self.lead_time_days_median),
        }


def _float(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


@dataclass(frozen=True)
class QcdResult:
    """Rows sorted by supplier_id, then month, ``"all"`` last for each supplier."""

    as_of: dt.date
    rows: tuple[QcdRow, ...]

    def is_feasible(self) -> bool:
        """Always true: figures are always computable (missing data is null, not a failure)."""
        return True

    def summary(self) -> str:
        suppliers = sum(1 for row in self.rows if row.month == ALL_MONTHS)
        return (
            f"QCD as of {self.as_of.isoformat()}: {suppliers} supplier(s), "
            f"{len(self.rows) - suppliers} supplier-month row(s)"
        )

    def rows_for(self, supplier_id: str) -> tuple[QcdRow, ...]:
        return tuple(row for row in self.rows if row.supplier_id == supplier_id)

    def to_json(self) -> dict[str, Any]:
        """``{"as_of": "YYYY-MM-DD", "rows": [...]}`` exactly as the contract defines it."""
        return {"as_of": self.as_of.isoformat(), "rows": [row.to_json() for row in self.rows]}
