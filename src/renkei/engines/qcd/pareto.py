"""The Pareto of defect classes (不良項目のパレート図): which classes make most of the rejects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray


@dataclass(frozen=True, eq=False)
class DefectPareto:
    """Defect classes by rejected quantity, largest first.

    Attributes
    ----------
    defect_class : tuple of str
        The classes with some rejected quantity, sorted by ``qty_rejected`` descending (ties by
        class name, so the order never depends on the input order).
    qty_rejected : float64 array
        Σ rejected quantity of each class.
    share : float64 array
        Each class's part of the total rejected quantity, in (0, 1].
    cumulative_share : float64 array
        Running total of ``share``; the last value is 1 (exactly, by construction).
    """

    defect_class: tuple[str, ...]
    qty_rejected: NDArray[np.float64]
    share: NDArray[np.float64]
    cumulative_share: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.defect_class)

    @property
    def total(self) -> float:
        return float(self.qty_rejected.sum())

    def rows(self) -> list[tuple[str, float, float, float]]:
        """``(defect_class, qty_rejected, share, cumulative_share)`` per class, as Python values."""
        return list(
            zip(
                self.defect_class,
                self.qty_rejected.tolist(),
                self.share.tolist(),
                self.cumulative_share.tolist(),
                strict=True,
            )
        )


def defect_pareto(defect_class: Sequence[str], qty_rejected: ArrayLike) -> DefectPareto:
    """Sum the rejected quantity per defect class and sort the classes, largest first.

    Parameters
    ----------
    defect_class : sequence of str
        The class of each inspection (one entry per pair).
    qty_rejected : array_like of float
        The rejected quantity of each inspection, >= 0, aligned with ``defect_class``.

    Returns
    -------
    DefectPareto
        Only the classes whose total is > 0 (nothing rejected: an empty Pareto, no shares).

    Raises
    ------
    ValueError
        When the two inputs differ in length, or a quantity is negative or not finite.

    Examples
    --------
    >>> p = defect_pareto(["burr", "dimension", "burr"], [3, 5, 4])
    >>> p.defect_class
    ('burr', 'dimension')
    >>> p.cumulative_share.tolist()
    [0.5833333333333334, 1.0]
    """
    qty = np.asarray(qty_rejected, dtype=np.float64).reshape(-1)
    classes = [str(c) for c in defect_class]
    if len(classes) != len(qty):
        raise ValueError(
            "defect_class and qty_rejected must have the same length. "
            f"Got: {len(classes)} and {len(qty)}"
        )
    if not np.all(np.isfinite(qty)) or np.any(qty < 0):
        bad = qty[~np.isfinite(qty) | (qty < 0)][:3]
        raise ValueError(f"qty_rejected must be finite and >= 0. Got: {bad.tolist()}")
    names, codes = np.unique(np.asarray(classes, dtype=str), return_inverse=True)
    sums = np.bincount(codes.reshape(-1), weights=qty, minlength=len(names))
    totals: NDArray[np.float64] = np.asarray(sums, dtype=np.float64)
    keep = totals > 0
    names, totals = names[keep], totals[keep]
    # Largest first; ties by name (np.unique sorted the names, a stable sort keeps that order).
    order = np.argsort(-totals, kind="stable")
    names, totals = names[order], totals[order]
    total = float(totals.sum()) or 1.0  # an empty Pareto divides nothing
    share: NDArray[np.float64] = totals / total
    cumulative: NDArray[np.float64] = np.cumsum(totals) / total
    if len(cumulative):
        cumulative[-1] = 1.0  # the running sum may round to 0.9999999999999999
    return DefectPareto(
        defect_class=tuple(str(n) for n in names.tolist()),
        qty_rejected=totals,
        share=share,
        cumulative_share=cumulative,
    )
