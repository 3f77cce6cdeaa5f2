"""Inputs of the QCD engine: records, the columnar data set and the parameters.

:class:`OrderLine` and :class:`Receipt` are one row each of ``order_lines.csv`` and
``receipts.csv``. :class:`QcdData` is what :func:`~renkei.engines.qcd.solve` reads: the same
records as numpy columns (dates as day numbers), because the platform runs it on a million
order lines. A :class:`QcdData` is always valid: it checks the rules of the common format when
it is built and raises :class:`~renkei.engines.qcd.problems.QcdInputError` otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .problems import Problem, QcdInputError
from .validate import link_receipts, negative_problems, receipt_problems

EPOCH = dt.date(1970, 1, 1)
_EPOCH_ORDINAL = EPOCH.toordinal()


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01 (the numpy ``datetime64[D]`` integer)."""
    return day.toordinal() - _EPOCH_ORDINAL


def date_of(day: int) -> dt.date:
    """The inverse of :func:`day_number`."""
    return dt.date.fromordinal(int(day) + _EPOCH_ORDINAL)


def _days(values: ArrayLike, name: str) -> NDArray[np.int64]:
    """Dates (``date`` objects, ISO strings or ``datetime64``) as int64 day numbers."""
    array = np.asarray(values)
    if array.dtype.kind in "iu":
        return array.astype(np.int64)
    try:
        return np.asarray(array, dtype="datetime64[D]").astype(np.int64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must hold dates. Got: {array[:3]!r}…") from exc


@dataclass(frozen=True, slots=True)
class OrderLine:
    """One row of ``order_lines.csv``."""

    order_id: str
    line_no: int
    buyer_id: str
    supplier_id: str
    item_id: str
    qty_ordered: float
    unit_price: float
    order_date: dt.date
    promised_date: dt.date


@dataclass(frozen=True, slots=True)
class Receipt:
    """One row of ``receipts.csv``: one delivery (a line may have several)."""

    order_id: str
    line_no: int
    received_date: dt.date
    qty_received: float
    qty_inspected: float
    qty_rejected: float


@dataclass(frozen=True)
class Params:
    """Parameters of :func:`~renkei.engines.qcd.solve`.

    Parameters
    ----------
    as_of : datetime.date
        The date A the figures are computed as of. It has no default on purpose: "today" would
        make the same call give different numbers on different days.
    """

    as_of: dt.date

    def __post_init__(self) -> None:
        # datetime is a subclass of date; a time of day has no meaning here.
        if not isinstance(self.as_of, dt.date) or isinstance(self.as_of, dt.datetime):
            raise ValueError(f"as_of must be a datetime.date. Got: {self.as_of!r}")


def _array(values: ArrayLike, dtype: type[np.generic], name: str, length: int | None) -> Any:
    array = np.ascontiguousarray(values, dtype=dtype)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional. Got shape: {array.shape}")
    if length is not None and len(array) != length:
        raise ValueError(f"{name} must have {length} values (one per row). Got: {len(array)}")
    return array


@dataclass(frozen=True, eq=False)
class QcdData:
    """Order lines and receipts as columns.

    Build it with :meth:`from_records` (dataclasses), :meth:`from_columns` (arrays with string
    ids and dates) or directly from codes and day numbers (the fastest).

    Attributes
    ----------
    supplier_ids : tuple of str
        Distinct supplier ids; ``line_supplier`` indexes into it.
    line_supplier : int64 array, one per order line
    qty_ordered : float64 array, one per order line
    order_day, promised_day : int64 arrays of day numbers (:func:`day_number`), one per line
    receipt_line : int64 array, one per receipt: the index of its order line
    received_day : int64 array of day numbers, one per receipt
    qty_received, qty_inspected, qty_rejected : float64 arrays, one per receipt
    buyer_ids : tuple of str, optional
        Distinct buyer ids; ``line_buyer`` (one per line, or None) indexes into it.
    lines_file, receipts_file : str
        How problems name the two inputs.
    """

    supplier_ids: tuple[str, ...]
    line_supplier: NDArray[np.int64]
    qty_ordered: NDArray[np.float64]
    order_day: NDArray[np.int64]
    promised_day: NDArray[np.int64]
    receipt_line: NDArray[np.int64]
    received_day: NDArray[np.int64]
    qty_received: NDArray[np.float64]
    qty_inspected: NDArray[np.float64]
    qty_rejected: NDArray[np.float64]
    buyer_ids: tuple[str, ...] = ()
    line_buyer: NDArray[np.int64] | None = None
    lines_file: str = field(default="order_lines", repr=False)
    receipts_file: str = field(default="receipts", repr=False)

    def __post_init__(self) -> None:
        n = len(np.asarray(self.line_supplier))
        m = len(np.asarray(self.receipt_line))
        columns: dict[str, tuple[type[np.generic], int]] = {
            "line_supplier": (np.int64, n),
            "qty_ordered": (np.float64, n),
            "order_day": (np.int64, n),
            "promised_day": (np.int64, n),
            "receipt_line": (np.int64, m),
            "received_day": (np.int64, m),
            "qty_received": (np.float64, m),
            "qty_inspected": (np.float64, m),
            "qty_rejected": (np.float64, m),
        }
        for name, (dtype, length) in columns.items():
            object.__setattr__(self, name, _array(getattr(self, name), dtype, name, length))
        object.__setattr__(self, "supplier_ids", tuple(self.supplier_ids))
        object.__setattr__(self, "buyer_ids", tuple(self.buyer_ids))
        _check_codes(self.line_supplier, len(self.supplier_ids), "line_supplier")
        if self.line_buyer is not None:
            buyer = _array(self.line_buyer, np.int64, "line_buyer", n)
            _check_codes(buyer, len(self.buyer_ids), "line_buyer")
            object.__setattr__(self, "line_buyer", buyer)
        for name in ("qty_ordered", "qty_received", "qty_inspected", "qty_rejected"):
            values = getattr(self, name)
            if not np.all(np.isfinite(values)):
                raise ValueError(
                    f"{name} must be finite numbers. Got: {values[~np.isfinite(values)][:3]}"
                )
        line_rows = np.arange(1, n + 1, dtype=np.int64)
        receipt_rows = np.arange(1, m + 1, dtype=np.int64)
        problems = negative_problems(self.lines_file, line_rows, "qty_ordered", self.qty_ordered)
        bad = np.flatnonzero((self.receipt_line < 0) | (self.receipt_line >= n))
        problems += [
            Problem(
                self.receipts_file,
                int(receipt_rows[j]),
                "line_no",
                "index_out_of_range",
                {"value": str(self.receipt_line[j]), "n_lines": str(n)},
            )
            for j in bad
        ]
        problems += receipt_problems(
            self.receipts_file,
            receipt_rows,
            self.qty_received,
            self.qty_inspected,
            self.qty_rejected,
        )
        if problems:
            raise QcdInputError(problems)

    @property
    def n_lines(self) -> int:
        return len(self.line_supplier)

    @property
    def n_receipts(self) -> int:
        return len(self.receipt_line)

    @classmethod
    def from_columns(
        cls,
        *,
        supplier_id: ArrayLike,
        qty_ordered: ArrayLike,
        order_date: ArrayLike,
        promised_date: ArrayLike,
        receipt_line: ArrayLike,
        received_date: ArrayLike,
        qty_received: ArrayLike,
        qty_inspected: ArrayLike,
        qty_rejected: ArrayLike,
        buyer_id: ArrayLike | None = None,
    ) -> QcdData:
        """Build from arrays with string ids and dates (``datetime64``, ISO strings, ``date``).

        ``receipt_line`` is the position of each receipt's line in the line arrays.
        """
        suppliers, supplier_codes = factorize(supplier_id)
        buyers: tuple[str, ...] = ()
        buyer_codes = None
        if buyer_id is not None:
            buyers, buyer_codes = factorize(buyer_id)
        return cls(
            supplier_ids=suppliers,
            line_supplier=supplier_codes,
            qty_ordered=np.asarray(qty_ordered, dtype=np.float64),
            order_day=_days(order_date, "order_date"),
            promised_day=_days(promised_date, "promised_date"),
            receipt_line=np.asarray(receipt_line, dtype=np.int64),
            received_day=_days(received_date, "received_date"),
            qty_received=np.asarray(qty_received, dtype=np.float64),
            qty_inspected=np.asarray(qty_inspected, dtype=np.float64),
            qty_rejected=np.asarray(qty_rejected, dtype=np.float64),
            buyer_ids=buyers,
            line_buyer=buyer_codes,
        )

    @classmethod
    def from_records(
        cls,
        lines: Sequence[OrderLine],
        receipts: Sequence[Receipt],
        *,
        lines_file: str = "order_lines",
        receipts_file: str = "receipts",
    ) -> QcdData:
        """Build from :class:`OrderLine` and :class:`Receipt` records.

        Problems name the records by position (the first record is row 1).

        Raises
        ------
        QcdInputError
            With every problem: duplicate lines, receipts of unknown lines, negative quantities,
            rejected > inspected, inspected > received.
        """
        receipt_line, problems = link_receipts(
            lines_file,
            np.arange(1, len(lines) + 1, dtype=np.int64),
            [ln.order_id for ln in lines],
            np.array([ln.line_no for ln in lines], dtype=np.int64),
            receipts_file,
            np.arange(1, len(receipts) + 1, dtype=np.int64),
            [r.order_id for r in receipts],
            np.array([r.line_no for r in receipts], dtype=np.int64),
        )
        suppliers = sorted({ln.supplier_id for ln in lines})
        buyers = sorted({ln.buyer_id for ln in lines})
        supplier_code = {s: i for i, s in enumerate(suppliers)}
        buyer_code = {b: i for i, b in enumerate(buyers)}
        if problems:
            # Run the value checks too, so the caller hears about everything at once.
            line_rows = np.arange(1, len(lines) + 1, dtype=np.int64)
            receipt_rows = np.arange(1, len(receipts) + 1, dtype=np.int64)
            problems += negative_problems(
                lines_file, line_rows, "qty_ordered", np.array([ln.qty_ordered for ln in lines])
            )
            problems += receipt_problems(
                receipts_file,
                receipt_rows,
                np.array([r.qty_received for r in receipts], dtype=np.float64),
                np.array([r.qty_inspected for r in receipts], dtype=np.float64),
                np.array([r.qty_rejected for r in receipts], dtype=np.float64),
            )
            raise QcdInputError(
                sorted(problems, key=lambda p: (p.file != lines_file, p.sort_key()))
            )
        return cls(
            supplier_ids=tuple(suppliers),
            line_supplier=np.array([supplier_code[ln.supplier_id] for ln in lines], dtype=np.int64),
            qty_ordered=np.array([ln.qty_ordered for ln in lines], dtype=np.float64),
            order_day=np.array([day_number(ln.order_date) for ln in lines], dtype=np.int64),
            promised_day=np.array([day_number(ln.promised_date) for ln in lines], dtype=np.int64),
            receipt_line=receipt_line,
            received_day=np.array([day_number(r.received_date) for r in receipts], dtype=np.int64),
            qty_received=np.array([r.qty_received for r in receipts], dtype=np.float64),
            qty_inspected=np.array([r.qty_inspected for r in receipts], dtype=np.float64),
            qty_rejected=np.array([r.qty_rejected for r in receipts], dtype=np.float64),
            buyer_ids=tuple(buyers),
            line_buyer=np.array([buyer_code[ln.buyer_id] for ln in lines], dtype=np.int64),
            lines_file=lines_file,
            receipts_file=receipts_file,
        )

    def select(self, *, supplier_id: str | None = None, buyer_id: str | None = None) -> QcdData:
        """The lines of one supplier and/or one buyer, with their receipts.

        ``solve(data.select(supplier_id="S001"), params=...)`` gives that supplier's rows;
        with ``buyer_id`` too, the supplier as one buyer sees it.
        """
        mask = np.ones(self.n_lines, dtype=bool)
        if supplier_id is not None:
            code = self.supplier_ids.index(supplier_id) if supplier_id in self.supplier_ids else -1
            mask &= self.line_supplier == code
        if buyer_id is not None:
            if self.line_buyer is None:
                raise ValueError("buyer_id needs data built with buyer ids. Got: line_buyer=None")
            code = self.buyer_ids.index(buyer_id) if buyer_id in self.buyer_ids else -1
            mask &= self.line_buyer == code
        return self.subset(mask)

    def subset(self, line_mask: NDArray[np.bool_]) -> QcdData:
        """The lines where ``line_mask`` is true, with their receipts (ids keep their codes)."""
        line_mask = np.asarray(line_mask, dtype=bool)
        new_index = np.cumsum(line_mask) - 1
        keep = line_mask[self.receipt_line]
        return QcdData(
            supplier_ids=self.supplier_ids,
            line_supplier=self.line_supplier[line_mask],
            qty_ordered=self.qty_ordered[line_mask],
            order_day=self.order_day[line_mask],
            promised_day=self.promised_day[line_mask],
            receipt_line=new_index[self.receipt_line[keep]],
            received_day=self.received_day[keep],
            qty_received=self.qty_received[keep],
            qty_inspected=self.qty_inspected[keep],
            qty_rejected=self.qty_rejected[keep],
            buyer_ids=self.buyer_ids,
            line_buyer=None if self.line_buyer is None else self.line_buyer[line_mask],
            lines_file=self.lines_file,
            receipts_file=self.receipts_file,
        )


def factorize(values: ArrayLike) -> tuple[tuple[str, ...], NDArray[np.int64]]:
    """Distinct ids (in order of appearance) and each value's index among them.

    A dict, not ``np.unique``: sorting a million strings is several times slower, and
    :func:`~renkei.engines.qcd.solve` orders the ids itself.
    """
    items = np.asarray(values).reshape(-1).tolist()
    index: dict[str, int] = {}
    codes = np.fromiter((index.setdefault(str(v), len(index)) for v in items), np.int64, len(items))
    return tuple(index), codes


def _check_codes(codes: NDArray[np.int64], size: int, name: str) -> None:
    if len(codes) and (codes.min() < 0 or codes.max() >= size):
        raise ValueError(
            f"{name} must index the {size} ids (0..{size - 1}). "
            f"Got values from {codes.min()} to {codes.max()}"
        )
