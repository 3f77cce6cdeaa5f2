"""``solve``: the QCD figures per supplier and month, and over all months."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .figures import GroupFigures, group_figures, line_measures
from .model import Params, QcdData
from .result import ALL_MONTHS, QcdResult


def month_number(days: NDArray[np.int64]) -> NDArray[np.int64]:
    """Months since 1970-01 of day numbers (2026-09-xx -> 56 * 12 + 8)."""
    if len(days) == 0:
        return np.zeros(0, dtype=np.int64)
    # Convert each distinct day once (a table over the range), not a million datetime64s.
    low, high = int(days.min()), int(days.max())
    table = np.arange(low, high + 1).astype("datetime64[D]").astype("datetime64[M]")
    return table.astype(np.int64)[days - low]


def month_label(month: int) -> str:
    return f"{1970 + month // 12:04d}-{month % 12 + 1:02d}"


def solve(data: QcdData, *, params: Params, seed: int = 0) -> QcdResult:
    """Compute the QCD figures of every supplier, per month and over all months, as of A.

    Parameters
    ----------
    data : QcdData
        Order lines and receipts (see :func:`~renkei.engines.qcd.read_csv`,
        :meth:`QcdData.from_records`, :meth:`QcdData.from_columns`).
    params : Params
        ``Params(as_of=date)``. Required: the figures depend on the date.
    seed : int
        Unused (the computation is deterministic); kept for the common engine signature.

    Returns
    -------
    QcdResult
        Rows sorted by supplier_id, then month, ``"all"`` last; a month with no due line and
        no receipt is left out, and so is a supplier with neither up to A.

    Examples
    --------
    >>> result = solve(data, params=Params(as_of=date(2026, 9, 30)))  # doctest: +SKIP
    >>> result.to_json()["rows"][0]["otd_qty"]  # doctest: +SKIP
    0.6
    """
    del seed
    as_of = params.as_of
    measures = line_measures(data, as_of)
    # Rank the suppliers by id so that label order is supplier_id order, whatever order
    # the caller's supplier_ids tuple is in.
    names = sorted(set(data.supplier_ids))
    rank_of = {name: i for i, name in enumerate(names)}
    code_rank = np.array([rank_of[s] for s in data.supplier_ids], dtype=np.int64)
    line_supplier = code_rank[data.line_supplier]
    receipt_supplier = line_supplier[data.receipt_line]

    # (supplier, month) as one label: supplier * span + month offset, so sorting the labels
    # sorts by supplier, then month. Lines count in their promised month, receipts in theirs.
    line_month = month_number(data.promised_day)
    receipt_month = month_number(data.received_day)
    first = int(min(line_month.min(initial=0), receipt_month.min(initial=0)))
    span = int(max(line_month.max(initial=0), receipt_month.max(initial=0))) - first + 1
    monthly = group_figures(
        data,
        measures,
        as_of,
        line_group=line_supplier * span + (line_month - first),
        receipt_group=receipt_supplier * span + (receipt_month - first),
    )
    overall = group_figures(
        data, measures, as_of, line_group=line_supplier, receipt_group=receipt_supplier
    )

    # Month rows, then the "all" row (month index `span`, after every month) of each supplier.
    supplier = np.concatenate([monthly.group // span, overall.group])
    month = np.concatenate([monthly.group % span, np.full(len(overall), span)])
    order = np.lexsort((month, supplier))
    labels = [month_label(m) for m in range(first, first + span)] + [ALL_MONTHS]
    return QcdResult(
        as_of=as_of,
        supplier_id=tuple(names[s] for s in supplier[order].tolist()),
        month=tuple(labels[m] for m in month[order].tolist()),
        figures=GroupFigures.concatenate(monthly, overall).take(order),
    )
