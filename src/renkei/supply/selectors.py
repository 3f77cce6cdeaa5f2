"""The reads of the supply pages, with the gate inside (:mod:`renkei.supply.permissions`,
:func:`renkei.supply.analysis.scope_for` for whose network is analysed).

Forms and views take their choices from here rather than querying the ORM themselves.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from renkei.common.permissions import is_coordinator
from renkei.jobs.models import JobStatus
from renkei.jobs.selectors import job_list
from renkei.registry.models import Municipality, Organization, OrganizationKind, Site
from renkei.supply.adapters import bom_closure
from renkei.supply.analysis import Scope, scope_products
from renkei.supply.models import Item


def network_owner_list(user: Any) -> list[Organization]:
    """The owners whose network a coordinator may pick (the firms owning a product); nobody
    else picks: a firm analyses its own."""
    if not is_coordinator(user):
        return []
    return list(
        Organization.objects.filter(items__kind="product").distinct().order_by("name_kana", "name")
    )


def municipality_names() -> dict[str, str]:
    """JIS municipality code -> name."""
    return {m.code: m.name for m in Municipality.objects.all()}


def municipality_choices() -> list[tuple[str, str]]:
    """The municipalities an area scenario may name: ``(code, "prefecture name")``."""
    return [(m.code, f"{m.prefecture} {m.name}") for m in Municipality.objects.all()]


def latest_rei(user: Any, owner_id: int) -> dict[str, float]:
    """REI (lost profit) per node from the newest finished stress test of this owner's network
    among the jobs ``user`` may see."""
    job = (
        job_list(user=user)
        .filter(kind="supply.stress", status=JobStatus.SUCCEEDED, params__owner_id=owner_id)
        .first()
    )
    if job is None or not job.result:
        return {}
    return {row["node"]: row["rei_profit"] for row in job.result["results"]}


def whatif_item_list(scope: Scope) -> QuerySet[Item]:
    """The items of the scope's network (its products and everything in their BOMs)."""
    return Item.objects.filter(pk__in=bom_closure(scope_products(scope))).order_by("code")


def backup_site_choices(
    items: QuerySet[Item], item_id: int | None
) -> tuple[QuerySet[Site], list[tuple[Any, str]]]:
    """The member sites a backup may be proposed at, and their choices: the sites whose
    capabilities cover the item's routing first, marked ◎ (only an item of ``items``, the
    scope's, is looked at)."""
    sites = Site.objects.filter(organization__kind=OrganizationKind.MEMBER).select_related(
        "organization"
    )
    capable: set[int] = set()
    if item_id is not None:
        processes = items.filter(pk=item_id).values("routing__process")
        capable = set(
            sites.filter(capabilities__process__in=processes).values_list("pk", flat=True)
        )
    ordered = sorted(sites, key=lambda s: (s.pk not in capable, s.organization.name_kana, s.name))
    choices: list[tuple[Any, str]] = [("", "---------")] + [
        (s.pk, f"{'◎ ' if s.pk in capable else ''}{s}") for s in ordered
    ]
    return sites, choices
