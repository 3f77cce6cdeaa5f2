"""The due lines one by one, and the late-delivery calendar (納期遅れカレンダー).

Both are views of :func:`~renkei.engines.qcd.line_measures` and
:func:`~renkei.engines.qcd.group_figures`, the one computation path: ``days_late`` here is the
array the figures are computed from, and a day's late count and mean days late are
``late_lines`` and ``avg_days_late`` with the promised day as the group. So the late lines of
a month in the calendar add up to that month's ``late_lines`` figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .figures import LineMeasures, group_figures, line_measures
from .model import QcdData, date_of


@dataclass(frozen=True, eq=False)
class DueLines:
    """The lines due as of A (``promised_date <= A``), in input order.

    Attributes
    ----------
    line : int64 array
        The index of each due line among ``data``'s order lines.
    promised_day : int64 array
        Day numbers (:func:`~renkei.engines.qcd.day_number`).
    completed : bool array
        Whether the line's receipts reached ``qty_ordered`` by A.
    completed_day : int64 array
        The day it did (meaningless where not ``completed``).
    days_late : int64 array
        ``completed - promised`` when completed, else ``A - promised``; late when > 0.
    """

    line: NDArray[np.int64]
    promised_day: NDArray[np.int64]
    completed: NDArray[np.bool_]
    completed_day: NDArray[np.int64]
    days_late: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.line)

    @property
    def late(self) -> NDArray[np.bool_]:
        return self.days_late > 0

    def rows(self) -> list[tuple[dt.date, dt.date | None, int]]:
        """``(promised_date, completed_date or None, days_late)`` per due line."""
        return [
            (date_of(p), date_of(c) if done else None, late)
            for p, c, done, late in zip(
                self.promised_day.tolist(),
                self.completed_day.tolist(),
                self.completed.tolist(),
                self.days_late.tolist(),
                strict=True,
            )
        ]


def due_lines(data: QcdData, as_of: dt.date, measures: LineMeasures | None = None) -> DueLines:
    """The per-line detail of the lines due as of ``as_of``.

    Parameters
    ----------
    data : QcdData
    as_of : datetime.date
        The date A.
    measures : LineMeasures, optional
        ``line_measures(data, as_of)`` when the caller has it already.

    Returns
    -------
    DueLines
    """
    m = measures if measures is not None else line_measures(data, as_of)
    index = np.flatnonzero(m.due).astype(np.int64)
    return DueLines(
        line=index,
        promised_day=data.promised_day[index],
        completed=m.completed[index],
        completed_day=m.completed_day[index],
        days_late=m.days_late[index],
    )


@dataclass(frozen=True, eq=False)
class LateCalendar:
    """Per promised day with at least one late line: how many, and how late on average.

    Attributes
    ----------
    day : int64 array
        Day numbers, ascending.
    late_lines : int64 array
        The due lines promised that day that are late (``days_late > 0``), >= 1.
    avg_days_late : float64 array
        Their mean ``days_late``.
    """

    day: NDArray[np.int64]
    late_lines: NDArray[np.int64]
    avg_days_late: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.day)

    def rows(self) -> list[tuple[dt.date, int, float]]:
        """``(promised_date, late_lines, avg_days_late)`` per day."""
        return [
            (date_of(d), n, avg)
            for d, n, avg in zip(
                self.day.tolist(),
                self.late_lines.tolist(),
                self.avg_days_late.tolist(),
                strict=True,
            )
        ]


def late_calendar(
    data: QcdData, as_of: dt.date, measures: LineMeasures | None = None
) -> LateCalendar:
    """Late lines by promised day, as of ``as_of`` (the figures with the day as the group).

    Parameters
    ----------
    data : QcdData
    as_of : datetime.date
    measures : LineMeasures, optional
        ``line_measures(data, as_of)`` when the caller has it already.

    Returns
    -------
    LateCalendar
        Only the days with a late line.

    Examples
    --------
    >>> cal = late_calendar(data, date(2026, 9, 30))  # doctest: +SKIP
    >>> cal.rows()[0]  # doctest: +SKIP
    (datetime.date(2026, 9, 10), 1, 2.0)
    """
    m = measures if measures is not None else line_measures(data, as_of)
    by_day = group_figures(
        data, m, as_of, line_group=data.promised_day, receipt_group=data.received_day
    )
    late = np.nan_to_num(by_day.late_lines, nan=0.0) > 0
    return LateCalendar(
        day=by_day.group[late],
        late_lines=by_day.late_lines[late].astype(np.int64),
        avg_days_late=by_day.avg_days_late[late],
    )
