"""The sharing domain of the demo: each supplier's consent to show its QCD sheet.

A realistic mix, drawn per firm from ``ctx.rng("sharing", corporate number)`` (so a firm's
choice does not depend on how many firms are built): about half share with the buyers they
serve, a quarter with the cluster, one in ten with the public, the rest keep the sheet
private. The suppliers the orders module highlights (``orders.worsening_supplier``,
``orders.incident_supplier``) share at least with their buyers, so that a buyer login sees
their story. Runs after :mod:`renkei.demo.orders` (the suppliers are the firms that received
purchase orders).
"""

from __future__ import annotations

from renkei.demo.common import weighted
from renkei.demo.plans import DemoContext
from renkei.orders.models import PurchaseOrder
from renkei.qcd.models import QcdSharing, SharingLevel
from renkei.registry.models import Organization

LEVELS = (SharingLevel.BUYERS, SharingLevel.CLUSTER, SharingLevel.PUBLIC, SharingLevel.PRIVATE)
WEIGHTS = (0.50, 0.25, 0.10, 0.15)
HIGHLIGHTED = ("orders.worsening_supplier", "orders.incident_supplier")


def build(ctx: DemoContext) -> None:
    ctx.progress(0.1, "sharing")
    highlighted = {ctx.highlights[key] for key in HIGHLIGHTED if key in ctx.highlights}
    suppliers = Organization.objects.filter(
        pk__in=PurchaseOrder.objects.values("supplier_id")
    ).order_by("corporate_number")
    rows = []
    for org in suppliers:
        level = weighted(ctx.rng("sharing", org.corporate_number), LEVELS, WEIGHTS)
        if org.corporate_number in highlighted and level == SharingLevel.PRIVATE:
            level = SharingLevel.BUYERS
        rows.append(QcdSharing(organization=org, level=level))
    QcdSharing.objects.bulk_create(rows, batch_size=500)
    ctx.counts["qcdsharing"] = len(rows)
    ctx.progress(1.0, "sharing")


def reset() -> None:
    QcdSharing.objects.all().delete()
