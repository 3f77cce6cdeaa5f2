"""Supply-network analyses for the pages, the API and the CLI: multi-tier structure (network
engine) and the TTR/TTS stress test (stress engine), on the database's network.

Everything here reads through the supply permission gate: a buyer analyses its own products, a
coordinator any owner's or the whole cluster's. A network the engines refuse (rows written past
the services) raises :class:`~renkei.supply.engine_errors.StoredNetworkRefused`, whichever
engine refuses it; the pages, the job and the CLI show its message.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from renkei.common.permissions import is_coordinator, require, user_organization_id
from renkei.jobs.registry import JobRefused, Progress, job_handler
from renkei.registry.models import Organization
from renkei.supply.adapters import (
    NetworkScope,
    item_node,
    products_of,
    site_node,
    supply_network,
)
from renkei.supply.engine_errors import StoredNetworkRefused, stored_network
from renkei.supply.models import Item, ItemKind
from renkei.supply.permissions import items_owned_by


@dataclass(frozen=True)
class Scope:
    """Whose products are analysed: one owner, or every owner (``owner_id is None``)."""

    owner_id: int | None

    @property
    def name(self) -> str:
        if self.owner_id is None:
            return "cluster"
        return Organization.objects.get(pk=self.owner_id).name


def scope_for(user: Any, owner_id: int | None = None) -> Scope:
    """The analysis scope ``user`` may use: its own organisation, or any for a coordinator."""
    if is_coordinator(user):
        return Scope(owner_id=owner_id)
    own = user_organization_id(user)
    require(own is not None and owner_id in (None, own))
    return Scope(owner_id=own)


def scope_products(scope: Scope) -> QuerySet[Item]:
    return products_of(None if scope.owner_id is None else [scope.owner_id]).filter(
        demand_per_day__gt=0
    )


def products_for(user: Any) -> QuerySet[Item]:
    return items_owned_by(user).filter(kind=ItemKind.PRODUCT).select_related("owner")


# --- the multi-tier structure ---------------------------------------------------------------


def network_scope(scope: Scope) -> NetworkScope:
    """The scope's network model, from the one adapter (both engines read it)."""
    return supply_network(scope_products(scope), name=scope.name)


def network_analysis(scope: Scope, network: NetworkScope | None = None) -> tuple[NetworkScope, Any]:
    """Run the network engine on the scope; returns (NetworkScope, NetworkResult)."""
    from renkei.engines import network as net

    network = network or network_scope(scope)
    with warnings.catch_warnings(), stored_network(network.labels):
        # Shares below 100 % are reported by the engine as data; the page shows them.
        warnings.simplefilter("ignore", net.NetworkWarning)
        result = net.solve(network.data)
    return network, result


def reasons_by_node(network_result: Any, scope: NetworkScope) -> dict[str, list[str]]:
    """Why each node is fragile: codes the templates translate."""
    reasons: dict[str, list[str]] = {}

    def add(node: str, code: str) -> None:
        if code not in reasons.setdefault(node, []):
            reasons[node].append(code)

    for single in network_result.single_sourced:
        add(single.item, "single_source")
        add(single.site, "sole_source_site")
    for shared in network_result.shared_sites:
        add(shared.ref, "shared_sub_tier")
    for item in network_result.concentrated_items:
        add(item.item, "concentrated")
    for node in scope.nodes.values():
        if node.kind == "item" and node.inventory <= 0 and node.id not in scope.product_ids:
            add(node.id, "no_inventory")
        if node.ttr_estimated:
            add(node.id, "ttr_estimated")
    return reasons


# --- the stress test ------------------------------------------------------------------------


def stress_run(scope: Scope, *, progress: Progress | None = None) -> dict[str, Any]:
    """The all-node stress test of the scope's network, with labels and reasons for the page."""
    from renkei.engines import stress

    network = network_scope(scope)
    report = progress or (lambda fraction, message="": None)
    report(0.02, "network")
    from django.conf import settings

    # A configured Dask scheduler takes the node sweep; otherwise it runs in this process.
    params = stress.Params(dask_scheduler=settings.DASK_SCHEDULER_ADDRESS or None)
    with stored_network(network.labels):
        result = stress.solve(
            network.data, params=params, progress=lambda f, m="": report(0.05 + 0.9 * f, m)
        )
    _, structure = network_analysis(scope, network)
    reasons = reasons_by_node(structure, network)
    output = result.to_json()
    output["nodes"] = {
        node_id: {
            "kind": info.kind,
            "pk": info.pk,
            "label": info.label,
            "organization": info.organization,
            "municipality": info.municipality_code,
            "lat": info.lat,
            "lon": info.lon,
            "ttr_estimated": info.ttr_estimated,
            "inventory": info.inventory,
            "reasons": reasons.get(node_id, []),
        }
        for node_id, info in network.nodes.items()
    }
    output["products"] = network.product_ids
    output["scope_owner_id"] = scope.owner_id
    report(1.0, "done")
    return output


@job_handler("supply.stress", result_url="supply:stress_result")
def stress_job(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    try:
        return stress_run(Scope(owner_id=params.get("owner_id")), progress=progress)
    except StoredNetworkRefused as refusal:
        from django.conf import settings
        from django.utils import translation

        # The job's error is stored text: in the platform's language, not the language of
        # whatever request happens to run the worker's thread.
        with translation.override(settings.LANGUAGE_CODE):
            raise JobRefused(refusal.message) from refusal


def scenario_run(
    scope: Scope,
    *,
    down_sites: set[str],
    ttr_days: float,
    network: NetworkScope | None = None,
) -> dict[str, Any]:
    """An area scenario: the given sites are down together for ``ttr_days``."""
    from renkei.engines import stress

    network = network or network_scope(scope)
    down = sorted(down_sites & set(network.nodes))
    with stored_network(network.labels):
        result = stress.solve_scenario(network.data, down, ttr_days) if down else None
    by_product = result.lost_profit_by_product if result else {}
    units_by_product = result.lost_units_by_product if result else {}
    products = []
    for product_id in network.product_ids:
        info = network.nodes[product_id]
        products.append(
            {
                "id": product_id,
                "label": info.label,
                "owner": info.organization,
                "lost_units": units_by_product.get(product_id, 0.0),
                "lost_profit": by_product.get(product_id, 0.0),
            }
        )
    return {
        "down": [network.nodes[n].label for n in down],
        "ttr_days": ttr_days,
        "result": result.to_json() if result else None,
        "products": sorted(products, key=lambda p: -p["lost_profit"]),
    }


def whatif_run(
    scope: Scope, *, item_id: int, site_id: int, capacity_per_day: float | None
) -> dict[str, Any]:
    """Before/after of adding ``site`` as a source of ``item``: every node's PI and TTS."""
    from renkei.engines import stress

    network = network_scope(scope)
    before_data = network.data
    after_data = stress.with_added_source(
        before_data, site_node(site_id), item_node(item_id), capacity_per_day
    )
    with stored_network(network.labels):
        before, after = stress.solve(before_data).to_json(), stress.solve(after_data).to_json()
    after_rows = {row["node"]: row for row in after["results"]}
    rows = []
    for row in before["results"]:
        other = after_rows.get(row["node"], row)
        rows.append(
            {
                "node": row["node"],
                "label": network.nodes[row["node"]].label
                if row["node"] in network.nodes
                else row["node"],
                "before": row,
                "after": other,
                "delta_profit": other["lost_profit"] - row["lost_profit"],
                "delta_units": other["lost_units"] - row["lost_units"],
            }
        )
    rows.sort(key=lambda r: r["delta_profit"])
    return {
        "before_total_profit": sum(r["before"]["lost_profit"] for r in rows),
        "after_total_profit": sum(r["after"]["lost_profit"] for r in rows),
        "rows": rows,
    }


def site_markers(scope: Scope, network: NetworkScope | None = None) -> list[dict[str, Any]]:
    """Map markers for every site of the scope's network."""
    return [
        {
            "lat": n.lat,
            "lon": n.lon,
            "name": n.organization,
            "site": n.label,
            "url": "",
            "processes": [],
        }
        for n in (network or network_scope(scope)).nodes.values()
        if n.kind == "site" and n.lat is not None
    ]
