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
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .figures import FIGURES, GroupFigures

ALL_MONTHS = "all"


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
        values = [getattr(self, key) for key in KEYS]
        values[KEYS.index("qty_due")] = _whole(float(self.qty_due))
        return dict(zip(KEYS, values, strict=True))


KEYS: tuple[str, ...] = ("supplier_id", "month", *FIGURES)


def _whole(quantity: float) -> int | float:
    """A whole quantity as a JSON integer (5400), any other as a decimal (12.5)."""
    return int(quantity) if quantity.is_integer() else quantity


@dataclass(frozen=True, eq=False)
class QcdResult:
    """The figures as of A, one row per supplier and month, sorted by supplier_id, then month,
    ``"all"`` last for each supplier.

    The table is kept as columns (``supplier_id``, ``month`` and ``figures``, NaN = null);
    :attr:`rows` and :meth:`to_json` turn it into Python values when asked.
    """

    as_of: dt.date
    supplier_id: tuple[str, ...]
    month: tuple[str, ...]
    figures: GroupFigures

    def __post_init__(self) -> None:
        if not len(self.supplier_id) == len(self.month) == len(self.figures):
            raise ValueError(
                "supplier_id, month and figures must have one entry per row. Got: "
                f"{len(self.supplier_id)}, {len(self.month)}, {len(self.figures)}"
            )

    @cached_property
    def rows(self) -> tuple[QcdRow, ...]:
        return tuple(QcdRow(*values) for values in self._values())

    def _values(self, *, json: bool = False) -> zip[tuple[Any, ...]]:
        """Python values per row in :data:`KEYS` order; NaN is None."""
        f = self.figures
        qty = f.qty_due.tolist()
        return zip(
            self.supplier_id,
            self.month,
            f.lines_due.tolist(),
            [_whole(q) for q in qty] if json else qty,
            _floats(f.otd_qty),
            _floats(f.otif_lines),
            [None if v is None else int(v) for v in _floats(f.late_lines)],
            _floats(f.avg_days_late),
            _floats(f.defect_ppm),
            _floats(f.lead_time_days_median),
            strict=True,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QcdResult):
            return NotImplemented
        return self.as_of == other.as_of and self.rows == other.rows

    __hash__ = None  # type: ignore[assignment]

    def is_feasible(self) -> bool:
        """Always true: figures are always computable (missing data is null, not a failure)."""
        return True

    def summary(self) -> str:
        suppliers = self.month.count(ALL_MONTHS)
        return (
            f"QCD as of {self.as_of.isoformat()}: {suppliers} supplier(s), "
            f"{len(self.month) - suppliers} supplier-month row(s)"
        )

    def rows_for(self, supplier_id: str) -> tuple[QcdRow, ...]:
        return tuple(row for row in self.rows if row.supplier_id == supplier_id)

    def to_json(self) -> dict[str, Any]:
        """``{"as_of": "YYYY-MM-DD", "rows": [...]}`` exactly as the contract defines it."""
        # Straight from the columns: no QcdRow objects on the way (tens of thousands of rows).
        rows = [dict(zip(KEYS, values, strict=True)) for values in self._values(json=True)]
        return {"as_of": self.as_of.isoformat(), "rows": rows}


def _floats(values: NDArray[np.float64]) -> list[float | None]:
    # tolist() first: reading numpy scalars one by one costs more than the computation.
    return [None if math.isnan(v) else v for v in values.tolist()]
