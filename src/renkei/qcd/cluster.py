"""Where a firm stands in its cluster, and the cluster's aggregates for the coordinator.

The figures are each supplier's all-time QCD row over ALL its order lines
(:func:`renkei.qcd.adapters.cluster_qcd`); a process group is the firms with that process
among their capabilities (registry). Nothing here returns another firm's id, name or value:
only counts, medians and quartiles (``renkei.engines.qcd.cluster_bands`` /
``cluster_summary``), withheld below :data:`MIN_FIRMS` firms — stricter than the engine's floor.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from renkei.engines.qcd import (
    ALL_MONTHS,
    ClusterStanding,
    ClusterSummary,
    QcdResult,
    QcdRow,
    cluster_bands,
    cluster_summary,
)
from renkei.qcd.adapters import CLUSTER, cluster_data, cluster_qcd, cluster_trend
from renkei.qcd.scorecards import months_back
from renkei.registry.models import Capability, Process, ProcessCategory

MIN_FIRMS = 7
TREND_MONTHS = 24


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any
    higher_is_better: bool
    unit: str  # "%" (a rate shown ×100), "ppm" or "days"


FIGURES: tuple[Figure, ...] = (
    Figure("otd_qty", _("On-time delivery (quantity)"), True, "%"),
    Figure("otif_lines", _("On time in full (lines)"), True, "%"),
    Figure("defect_ppm", _("Defect rate (ppm)"), False, "ppm"),
    Figure("lead_time_days_median", _("Median lead time (days)"), False, "days"),
)


def _all_time(result: QcdResult) -> dict[str, QcdRow]:
    return {row.supplier_id: row for row in result.rows if row.month == ALL_MONTHS}


def _figure_values(
    firms: set[int], all_time: Mapping[str, QcdRow], key: str
) -> dict[str, float | None]:
    values: dict[str, float | None] = {}
    for firm in firms:
        row = all_time.get(str(firm))
        values[str(firm)] = None if row is None else getattr(row, key)
    return values


def _firms_by_process() -> dict[int, set[int]]:
    groups: dict[int, set[int]] = defaultdict(set)
    for org_id, process_id in Capability.objects.values_list(
        "site__organization_id", "process_id"
    ).distinct():
        groups[process_id].add(org_id)
    return groups


def standing_for(organization: Any, *, as_of: dt.date) -> list[dict[str, Any]]:
    """For each process of ``organization``'s capabilities, its standing on every figure.

    Each entry: ``{"process": Process, "firms": n firms with the process, "figures":
    [{"figure": Figure, "standing": ClusterStanding}]}``. A ``ClusterStanding`` names only
    ``organization``.
    """
    groups = _firms_by_process()
    mine = sorted(pid for pid, firms in groups.items() if organization.pk in firms)
    if not mine:
        return []
    all_time = _all_time(cluster_qcd(as_of=as_of))
    firm = str(organization.pk)
    out = []
    for process in Process.objects.filter(pk__in=mine).select_related("category"):
        firms = groups[process.pk]
        standings: list[dict[str, Any]] = []
        for figure in FIGURES:
            standing: ClusterStanding = cluster_bands(
                _figure_values(firms, all_time, figure.key),
                firm=firm,
                higher_is_better=figure.higher_is_better,
                min_firms=MIN_FIRMS,
            )
            standings.append({"figure": figure, "standing": standing})
        out.append({"process": process, "firms": len(firms), "figures": standings})
    return out


def _summaries(firms: set[int], all_time: Mapping[str, QcdRow]) -> list[dict[str, Any]]:
    out = []
    for figure in FIGURES:
        summary: ClusterSummary = cluster_summary(
            _figure_values(firms, all_time, figure.key), min_firms=MIN_FIRMS
        )
        out.append({"figure": figure, "summary": summary})
    return out


# Each figure of the pooled monthly row, and the supplier figure that says a supplier took part
# in it: the delivery figures come from the lines due that month, the defect rate from the
# inspections, the lead time from the completed lines.
_POOLED_FROM: dict[str, str] = {
    "lines_due": "otd_qty",
    "qty_due": "otd_qty",
    "otd_qty": "otd_qty",
    "otif_lines": "otd_qty",
    "late_lines": "otd_qty",
    "avg_days_late": "otd_qty",
    "defect_ppm": "defect_ppm",
    "lead_time_days_median": "lead_time_days_median",
}


def _withhold_small(pooled: QcdRow | None, suppliers: list[QcdRow]) -> QcdRow | None:
    """The cluster's row of a month with each figure kept only when at least
    :data:`MIN_FIRMS` suppliers contribute to it (a month where seven suppliers appear but
    one alone had lines due would otherwise show that one's on-time rate); ``None`` when no
    figure is left."""
    if pooled is None:
        return None
    enough = {
        source: sum(getattr(r, source) is not None for r in suppliers) >= MIN_FIRMS
        for source in set(_POOLED_FROM.values())
    }
    if not any(enough.values()):
        return None
    hidden: dict[str, Any] = {
        key: (0 if key in ("lines_due", "qty_due") else None)
        for key, source in _POOLED_FROM.items()
        if not enough[source]
    }
    return dataclasses.replace(pooled, **hidden)


def cluster_aggregates(*, as_of: dt.date) -> dict[str, Any]:
    """The coordinator's view: per process category (and per process with at least
    :data:`MIN_FIRMS` firms) the firm count and each figure's median and quartiles, and the
    cluster's monthly figures (a figure with fewer than :data:`MIN_FIRMS` suppliers behind it
    that month is withheld).
    """
    data = cluster_data()
    per_supplier = cluster_qcd(as_of=as_of, data=data)
    all_time = _all_time(per_supplier)
    groups = _firms_by_process()
    processes = {p.pk: p for p in Process.objects.filter(pk__in=groups).select_related("category")}
    by_category: dict[int, set[int]] = defaultdict(set)
    for pid, firms in groups.items():
        by_category[processes[pid].category_id] |= firms
    categories = [
        {
            "category": category,
            "firms": len(by_category[category.pk]),
            "figures": _summaries(by_category[category.pk], all_time),
        }
        for category in ProcessCategory.objects.filter(pk__in=by_category)
    ]
    process_rows = [
        {
            "process": process,
            "firms": len(groups[process.pk]),
            "figures": _summaries(groups[process.pk], all_time),
        }
        for process in sorted(processes.values(), key=lambda p: (p.sort_order, p.code))
        if len(groups[process.pk]) >= MIN_FIRMS
    ]
    monthly = [row for row in per_supplier.rows if row.month != ALL_MONTHS]
    suppliers_in = Counter(row.month for row in monthly)
    pooled = {row.month: row for row in cluster_trend(as_of=as_of, data=data).rows_for(CLUSTER)}
    trend = []
    for month in months_back(as_of, TREND_MONTHS):
        row = _withhold_small(pooled.get(month), [r for r in monthly if r.month == month])
        trend.append(
            {
                "month": month,
                "suppliers": suppliers_in[month],
                "row": row,
                "withheld": row is None,
            }
        )
    return {
        "categories": categories,
        "processes": process_rows,
        "trend": trend,
        "min_firms": MIN_FIRMS,
    }
