"""The figures of the common format, each defined here and nowhere else.

Two steps, both vectorised (no Python loop over lines):

1. :func:`line_measures` — per order line, as of A: is it due, its on-time quantity, its
   completed date, its days late.
2. :func:`group_figures` — per group (any integer label per line and per receipt): lines_due,
   qty_due, otd_qty, otif_lines, late_lines, avg_days_late, defect_ppm, lead_time_days_median.

:func:`~renkei.engines.qcd.solve` calls :func:`group_figures` twice, with (supplier, month)
labels and with supplier labels (the ``"all"`` row). A caller with its own grouping (per buyer
and supplier, per item, …) passes its own labels and gets the same figures.

Numbers: quantities are float64; a sum of whole quantities is exact (below 2**53), and each
ratio is one correctly rounded division, so whole-number inputs give the same bits as a
hand computation. A line is complete when its cumulative receipts reach ``qty_ordered``
within a relative 1e-9, so that ten receipts of 0.1 kg complete a line of 1 kg (in float64
they sum to 0.9999999999999999); for whole quantities this tolerance changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .model import QcdData, day_number

# Relative tolerance of "cumulative received reaches qty_ordered" (see the module docstring).
COMPLETION_RTOL = 1e-9


@dataclass(frozen=True, eq=False)
class LineMeasures:
    """Per order line, as of A.

    Attributes
    ----------
    due : bool array
        ``promised_date <= A``.
    on_time_qty : float array
        ``min(qty_ordered, Σ qty_received of receipts dated <= promised_date)`` (receipts <= A).
    completed : bool array
        The cumulative received quantity (receipts <= A, in date order) reached qty_ordered.
    completed_day : int array
        Day number of the receipt at which it did (0 where not completed).
    days_late : int array
        ``completed_date - promised_date`` when completed, else ``A - promised_date``.
    """

    due: NDArray[np.bool_]
    on_time_qty: NDArray[np.float64]
    completed: NDArray[np.bool_]
    completed_day: NDArray[np.int64]
    days_late: NDArray[np.int64]

    @property
    def otif(self) -> NDArray[np.bool_]:
        """Completed by the promised date (on time, in full)."""
        return self.completed & (self.days_late <= 0)

    @property
    def late(self) -> NDArray[np.bool_]:
        return self.days_late > 0


@dataclass(frozen=True, eq=False)
class GroupFigures:
    """The figures per group; NaN means null ("no data").

    ``group`` holds the sorted distinct labels of the groups that have a due line or a
    receipt (<= A); every other array is aligned with it. ``late_lines`` is a float array
    only so that it can be NaN (no due line); its values are whole.
    """

    group: NDArray[np.int64]
    lines_due: NDArray[np.int64]
    qty_due: NDArray[np.float64]
    otd_qty: NDArray[np.float64]
    otif_lines: NDArray[np.float64]
    late_lines: NDArray[np.float64]
    avg_days_late: NDArray[np.float64]
    defect_ppm: NDArray[np.float64]
    lead_time_days_median: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.group)

    def take(self, index: NDArray[np.int64]) -> GroupFigures:
        """The groups at ``index`` (a reordering or a selection)."""
        return GroupFigures(**{name: getattr(self, name)[index] for name in _FIELDS})

    @staticmethod
    def concatenate(first: GroupFigures, second: GroupFigures) -> GroupFigures:
        return GroupFigures(
            **{
                name: np.concatenate([getattr(first, name), getattr(second, name)])
                for name in _FIELDS
            }
        )


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
_FIELDS = ("group", *FIGURES)


def line_measures(data: QcdData, as_of: dt.date) -> LineMeasures:
    """Per-line measures as of ``as_of``; receipts dated after it are ignored.

    Parameters
    ----------
    data : QcdData
    as_of : datetime.date
        The date A.

    Returns
    -------
    LineMeasures
    """
    a = day_number(as_of)
    n = data.n_lines
    kept = data.received_day <= a
    r_line = data.receipt_line[kept]
    r_day = data.received_day[kept]
    r_qty = data.qty_received[kept]

    by_promise = r_day <= data.promised_day[r_line]
    received_by_promise = np.bincount(r_line[by_promise], weights=r_qty[by_promise], minlength=n)
    on_time_qty = np.minimum(data.qty_ordered, received_by_promise)

    # Receipts of each line in date order; the completed date is the first at which the
    # running total reaches qty_ordered. The running total only grows, so "reached" is
    # false then true within a line: count the falses to find the first true.
    order = _order_by(r_line, r_day)
    line_s, day_s = r_line[order], r_day[order]
    counts = np.bincount(line_s, minlength=n)
    starts = np.cumsum(counts) - counts
    running = _running_totals(line_s, r_qty[order], starts)
    target = data.qty_ordered[line_s]
    reached = running >= target - COMPLETION_RTOL * np.maximum(target, 1.0)
    n_short = counts - np.bincount(line_s[reached], minlength=n)
    completed = n_short < counts
    completed_day = np.zeros(n, dtype=np.int64)
    completed_day[completed] = day_s[(starts + n_short)[completed]]

    days_late = np.where(completed, completed_day, a) - data.promised_day
    return LineMeasures(
        due=data.promised_day <= a,
        on_time_qty=on_time_qty,
        completed=completed,
        completed_day=completed_day,
        days_late=days_late,
    )


def _running_totals(
    line_s: NDArray[np.int64], qty_s: NDArray[np.float64], starts: NDArray[np.int64]
) -> NDArray[np.float64]:
    """Running total of ``qty_s`` within each line (receipts sorted by line, then date).

    Summed rank by rank (the 1st receipt of every line, then the 2nd, …), so the loop runs
    as many times as the most receipts any one line has, and each total is the plain
    left-to-right sum: no cancellation from subtracting a global cumulative sum.
    """
    m = len(line_s)
    rank = np.arange(m, dtype=np.int64) - starts[line_s]
    # Ranks are small: sorting them as int16 lets numpy use its O(m) radix sort.
    small = np.int16 if m == 0 or rank.max() < np.iinfo(np.int16).max else np.int64
    by_rank = np.argsort(rank.astype(small), kind="stable")
    bounds = np.concatenate(([0], np.cumsum(np.bincount(rank))))
    total = np.zeros(len(starts), dtype=np.float64)
    running = np.empty(m, dtype=np.float64)
    for k in range(len(bounds) - 1):
        pos = by_rank[bounds[k] : bounds[k + 1]]
        lines = line_s[pos]  # distinct: each line has one receipt of rank k
        total[lines] += qty_s[pos]
        running[pos] = total[lines]
    return running


def group_figures(
    data: QcdData,
    measures: LineMeasures,
    as_of: dt.date,
    *,
    line_group: NDArray[np.int64],
    receipt_group: NDArray[np.int64],
) -> GroupFigures:
    """The figures per group.

    Parameters
    ----------
    data : QcdData
    measures : LineMeasures
        ``line_measures(data, as_of)``.
    as_of : datetime.date
    line_group : int array, one per order line
        The group a line counts in when it is due (e.g. supplier and promised month).
    receipt_group : int array, one per receipt
        The group a receipt's inspection counts in (e.g. supplier and receipt month).

    Returns
    -------
    GroupFigures
        One entry per group with a due line or a receipt dated <= A, sorted by label.
    """
    line_group = np.asarray(line_group, dtype=np.int64)
    receipt_group = np.asarray(receipt_group, dtype=np.int64)
    if line_group.shape != (data.n_lines,):
        raise ValueError(
            f"line_group must have one label per order line ({data.n_lines}). Got shape: {line_group.shape}"
        )
    if receipt_group.shape != (data.n_receipts,):
        raise ValueError(
            f"receipt_group must have one label per receipt ({data.n_receipts}). Got shape: {receipt_group.shape}"
        )
    due = measures.due
    kept = data.received_day <= day_number(as_of)
    line_labels = line_group[due]
    receipt_labels = receipt_group[kept]
    groups, inverse = _dense_labels(np.concatenate([line_labels, receipt_labels]))
    g = len(groups)
    gl, gr = inverse[: len(line_labels)], inverse[len(line_labels) :]

    lines_due = np.bincount(gl, minlength=g)
    qty_due = np.bincount(gl, weights=data.qty_ordered[due], minlength=g).astype(np.float64)
    on_time = np.bincount(gl, weights=measures.on_time_qty[due], minlength=g)
    otif = np.bincount(gl[measures.otif[due]], minlength=g)
    late = measures.late[due]
    late_lines = np.bincount(gl[late], minlength=g)
    late_days = np.bincount(gl[late], weights=measures.days_late[due][late], minlength=g)
    rejected = np.bincount(gr, weights=data.qty_rejected[kept], minlength=g)
    inspected = np.bincount(gr, weights=data.qty_inspected[kept], minlength=g)

    has_due = lines_due > 0
    completed = measures.completed[due]
    lead_days = (measures.completed_day - data.order_day)[due][completed]
    return GroupFigures(
        group=groups,
        lines_due=lines_due,
        qty_due=qty_due,
        # Nothing to measure is null, never 0 % or 100 %.
        otd_qty=_ratio(on_time, qty_due),
        otif_lines=_ratio(otif, lines_due),
        late_lines=np.where(has_due, late_lines, np.nan),
        avg_days_late=_ratio(late_days, late_lines),
        # Σ rejected × 10⁶ / Σ inspected: one rounding, so 3 of 100 is exactly 30000.0.
        defect_ppm=_ratio(rejected * 1e6, inspected),
        lead_time_days_median=_group_median(gl[completed], lead_days, g),
    )


def _ratio(numerator: NDArray[np.generic], denominator: NDArray[np.generic]) -> NDArray[np.float64]:
    num = np.asarray(numerator, dtype=np.float64)
    den = np.asarray(denominator, dtype=np.float64)
    out = np.full(len(den), np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def _group_median(
    labels: NDArray[np.int64], values: NDArray[np.int64], n_groups: int
) -> NDArray[np.float64]:
    """Median of ``values`` per label (0..n_groups-1); NaN for a label with no value."""
    order = _order_by(labels, values)
    sorted_values = values[order].astype(np.float64)
    counts = np.bincount(labels, minlength=n_groups)
    starts = np.cumsum(counts) - counts
    out = np.full(n_groups, np.nan)
    has = counts > 0
    low = (starts + (counts - 1) // 2)[has]
    high = (starts + counts // 2)[has]
    out[has] = (sorted_values[low] + sorted_values[high]) / 2
    return out


def _order_by(major: NDArray[np.int64], minor: NDArray[np.int64]) -> NDArray[np.intp]:
    """``np.lexsort((minor, major))``, faster: one argsort of a combined key when it fits.

    Ties keep no particular order; every caller only needs the order of the keys.
    """
    if len(major) == 0:
        return np.zeros(0, dtype=np.intp)
    low, high = int(minor.min()), int(minor.max())
    span = high - low + 1
    if int(major.max()) < (2**62) // span and int(major.min()) >= 0:
        return np.argsort(major * span + (minor - low))
    return np.lexsort((minor, major))


def _dense_labels(labels: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """``np.unique(labels, return_inverse=True)``; by counting when the range is small."""
    if len(labels) == 0:
        return labels.copy(), np.zeros(0, dtype=np.int64)
    low, high = int(labels.min()), int(labels.max())
    if high - low > 4 * len(labels) + 1_000_000:
        groups, inverse = np.unique(labels, return_inverse=True)
        return groups, inverse.reshape(-1)
    present = np.bincount(labels - low) > 0
    dense = np.cumsum(present) - 1
    return np.flatnonzero(present) + low, dense[labels - low]
