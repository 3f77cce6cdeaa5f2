"""Result dataclasses of the network analysis (see :mod:`renkei.engines.network.graph` for
the definitions of products, tiers, volumes and shares)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from renkei.engines.network.params import Params

if TYPE_CHECKING:
    import networkx as nx

    from renkei.engines.network.context import Context

Basis = Literal["active", "active+backup"]
V = TypeVar("V")


class ProductMap(Mapping[str, dict[str, V]]):
    """Read-only ``product id -> {id: value}``; each product's dict is built on first access.

    A 50 000-node network has hundreds of thousands of (product, item) pairs: they stay in
    arrays until a page asks for one product (or ``to_json`` for all).
    """

    def __init__(self, products: Sequence[str], build: Callable[[int], dict[str, V]]) -> None:
        self._pos = {product: k for k, product in enumerate(products)}
        self._build = build
        self._cache: dict[str, dict[str, V]] = {}

    def __getitem__(self, product: str) -> dict[str, V]:
        found = self._cache.get(product)
        if found is None:
            found = self._cache[product] = self._build(self._pos[product])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._pos)

    def __len__(self) -> int:
        return len(self._pos)

    def __repr__(self) -> str:
        return f"ProductMap({len(self)} products)"


@dataclass(frozen=True)
class ItemTier:
    """Where an item sits in one product's tree.

    ``tier`` is the largest depth, ``depths`` every depth it is reached at (sorted), and
    ``qty_per_unit`` the cumulative quantity in one unit of the product.
    """

    tier: int
    depths: tuple[int, ...]
    qty_per_unit: float


@dataclass(frozen=True)
class ProductInfo:
    """A product: its owner (buyer), demand, tree size and deepest tier."""

    id: str
    owner: str
    demand_per_day: float
    n_items: int
    n_sites: int
    max_tier: int


@dataclass(frozen=True)
class SourceVolume:
    """The flow through one active sourcing row per day.

    ``spend_per_day`` is None when neither the row nor the item has a price;
    ``capacity_per_day`` is the row's (None if not given), for a utilisation view.
    """

    item: str
    site: str
    step: str | None
    share: float
    volume_per_day: float
    spend_per_day: float | None
    in_region: bool
    capacity_per_day: float | None = None

    @property
    def utilisation(self) -> float | None:
        """Volume / capacity (> 1: the source cannot carry its share); None without capacity."""
        if self.capacity_per_day is None:
            return None
        if self.capacity_per_day == 0:
            return math.inf if self.volume_per_day > 0 else 0.0
        return self.volume_per_day / self.capacity_per_day


@dataclass(frozen=True)
class SingleSourcedItem:
    """An item (or step) with exactly one active source.

    ``has_backup`` False: no qualified backup at all (listed in ``single_sourced``);
    True: the backup covers it (listed in ``single_active_with_backup``). ``candidates``
    are sites that could be qualified.
    """

    item: str
    step: str | None
    site: str
    has_backup: bool
    candidates: tuple[str, ...]
    products: tuple[str, ...]
    owners: tuple[str, ...]
    volume_per_day: float


@dataclass(frozen=True)
class UnsourcedItem:
    """A purchased item (no BOM of its own) without a source.

    ``reason``: ``"no_sourcing"`` (no row at all) or ``"no_active_source"`` (only backups or
    candidates). Items with a BOM and no sourcing count as made in-house and are not listed.
    """

    item: str
    reason: Literal["no_sourcing", "no_active_source"]
    products: tuple[str, ...]
    owners: tuple[str, ...]
    volume_per_day: float


@dataclass(frozen=True)
class SoleSourceSite:
    """A site that is the only active source of some items in several products' trees.

    ``items`` are those items (steps are reported by item); ``items_without_backup`` the
    ones that have no qualified backup either. ``demand_at_risk`` sums the daily demand of
    the affected products (product units per day).
    """

    site: str
    organization: str
    items: tuple[str, ...]
    items_without_backup: tuple[str, ...]
    products: tuple[str, ...]
    owners: tuple[str, ...]
    demand_at_risk: float

    @property
    def n_products(self) -> int:
        return len(self.products)

    @property
    def n_owners(self) -> int:
        return len(self.owners)


@dataclass(frozen=True)
class ConcentratedItem:
    """An item (or step) whose every source on ``basis`` sits in one place.

    ``municipality`` is the shared JIS code (None if they differ or one is unknown);
    ``hazard_zones`` the zones all of them lie in. ``sites`` are the sources on the basis;
    a single source is trivially concentrated (``len(sites) == 1``).
    """

    item: str
    step: str | None
    basis: Basis
    municipality: str | None
    hazard_zones: tuple[str, ...]
    sites: tuple[str, ...]
    products: tuple[str, ...]


@dataclass(frozen=True)
class ConcentratedProduct:
    """A product whose tree holds concentrated items (on the basis chosen by Params)."""

    product: str
    owner: str
    basis: Basis
    items: tuple[str, ...]
    municipalities: tuple[str, ...]
    hazard_zones: tuple[str, ...]


@dataclass(frozen=True)
class LocalRatio:
    """地産地消率: the share sourced from in-region sites.

    Volumes are item units per day summed over active sourcing rows (a crude but
    requested measure: units of different items add up); spend is volume x unit price
    (yen per day). Rows without a price (neither the row nor the item has one) count in
    the volume figures only; their volume is ``unpriced_volume``. A ratio is None when its
    total is 0. For a product without demand the figures are per unit of the product.
    """

    spend_local: float
    spend_total: float
    volume_local: float
    volume_total: float
    unpriced_volume: float

    @property
    def by_spend(self) -> float | None:
        return self.spend_local / self.spend_total if self.spend_total > 0 else None

    @property
    def by_volume(self) -> float | None:
        return self.volume_local / self.volume_total if self.volume_total > 0 else None

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "by_spend": self.by_spend, "by_volume": self.by_volume}


@dataclass(frozen=True)
class LocalSourcing:
    """Local-sourcing ratios overall, per product and per owner (of demanded items)."""

    overall: LocalRatio
    by_product: dict[str, LocalRatio]
    by_owner: dict[str, LocalRatio]


@dataclass(frozen=True)
class SharedDependency:
    """A site or item in the supply trees of products of different owners (buyers).

    ``tiers_by_owner`` is its tier for each owner (smallest over the owner's products);
    ``hidden_for`` the owners for whom it sits at tier 2 or deeper, i.e. whom it reaches
    only through their suppliers - the dependency they cannot see in their own records.
    Sites count through their active sourcing only.
    """

    ref: str
    kind: Literal["site", "item"]
    owners: tuple[str, ...]
    products: tuple[str, ...]
    tiers_by_owner: dict[str, int]
    hidden_for: tuple[str, ...]


@dataclass(frozen=True)
class NetworkResult:
    """Everything :func:`renkei.engines.network.solve` finds.

    Attributes
    ----------
    products
        The products, in input order.
    tiers
        ``product id -> item id -> ItemTier`` for every item of the product's tree (a
        :class:`ProductMap`: each product's dict is built when first read).
    site_tiers
        ``product id -> site id -> tier`` for every site supplying the tree (ProductMap).
    requirements
        Gross requirement per item per day (every item, input order).
    source_volumes
        Volume and spend of every active sourcing row (a cached property).
    sites_in_trees
        Number of sites that supply some product's tree.
    single_sourced, single_active_with_backup, unsourced
        Sourcing gaps (sorted by volume, largest first). These and the flags below are
        found by :func:`~renkei.engines.network.solve` on arrays; their records (tuples of
        dataclasses) are built when first read, like the ProductMaps.
    sole_source_sites
        Ranked by products, owners, then demand at risk (largest first).
    concentrated_items
        Both bases; ``concentrated_products`` on the basis set by Params.
    local_sourcing
        地産地消率 overall, per product and per owner.
    shared_sites, shared_items
        Dependencies shared by products of different owners (most owners first).
    graph_nodes, graph_edges
        The whole supply graph as plain lists (see
        :func:`renkei.engines.network.graph.graph_lists`); None when ``Params.build_graph``
        is False. ``graph`` is the same as a networkx DiGraph, built on first use.
    """

    params: Params
    products: tuple[ProductInfo, ...]
    tiers: Mapping[str, dict[str, ItemTier]]
    site_tiers: Mapping[str, dict[str, int]]
    requirements: dict[str, float]
    local_sourcing: LocalSourcing
    graph_nodes: list[dict[str, Any]] | None = field(default=None, repr=False, compare=False)
    graph_edges: list[dict[str, Any]] | None = field(default=None, repr=False, compare=False)
    sites_in_trees: int = 0
    _context: Context | None = field(default=None, repr=False, compare=False)
    # The flags are decided in solve() (arrays); their records are built on first read.
    _flags: Mapping[str, Callable[[], tuple[Any, ...]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def _flag(self, name: str) -> tuple[Any, ...]:
        built: dict[str, tuple[Any, ...]] = self.__dict__.setdefault("_built", {})
        if name not in built:
            built[name] = self._flags[name]()
        return built[name]

    @property
    def single_sourced(self) -> tuple[SingleSourcedItem, ...]:
        return self._flag("single_sourced")

    @property
    def single_active_with_backup(self) -> tuple[SingleSourcedItem, ...]:
        return self._flag("single_active_with_backup")

    @property
    def unsourced(self) -> tuple[UnsourcedItem, ...]:
        return self._flag("unsourced")

    @property
    def sole_source_sites(self) -> tuple[SoleSourceSite, ...]:
        return self._flag("sole_source_sites")

    @property
    def concentrated_items(self) -> tuple[ConcentratedItem, ...]:
        return self._flag("concentrated_items")

    @property
    def concentrated_products(self) -> tuple[ConcentratedProduct, ...]:
        return self._flag("concentrated_products")

    @property
    def shared_sites(self) -> tuple[SharedDependency, ...]:
        return self._flag("shared_sites")

    @property
    def shared_items(self) -> tuple[SharedDependency, ...]:
        return self._flag("shared_items")

    @cached_property
    def source_volumes(self) -> tuple[SourceVolume, ...]:
        """Volume and spend of every active sourcing row (built on first use)."""
        from renkei.engines.network.analysis import source_volumes

        return source_volumes(self._require_context())

    def _require_context(self) -> Context:
        if self._context is None:
            raise ValueError("This result carries no arrays.")
        return self._context

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The supply graph as a networkx DiGraph (built on first use)."""
        if self.graph_nodes is None or self.graph_edges is None:
            raise ValueError("The graph was not built: solve with Params(build_graph=True).")
        from renkei.engines.network.graph import to_networkx

        return to_networkx(self.graph_nodes, self.graph_edges)

    def is_feasible(self) -> bool:
        """Always True: the analysis has no infeasible outcome (bad input raises on build)."""
        return True

    def concentrated(self, basis: Basis | None = None) -> tuple[ConcentratedItem, ...]:
        """Concentrated items on one basis (default: the one Params chose)."""
        if basis is None:
            basis = "active+backup" if self.params.include_backup_in_concentration else "active"
        return tuple(c for c in self.concentrated_items if c.basis == basis)

    def summary(self) -> dict[str, Any]:
        """Counts for a dashboard, plus the overall local-sourcing ratios."""
        overall = self.local_sourcing.overall
        return {
            "items": len(self.requirements),
            "sites_in_product_trees": self.sites_in_trees,
            "products": len(self.products),
            "max_tier": max((p.max_tier for p in self.products), default=0),
            "single_sourced": len(self.single_sourced),
            "single_active_with_backup": len(self.single_active_with_backup),
            "unsourced": len(self.unsourced),
            "sole_source_sites": len(self.sole_source_sites),
            "concentrated_items": len(self.concentrated()),
            "concentrated_multi_sourced_items": sum(
                1 for c in self.concentrated() if len(c.sites) > 1
            ),
            "concentrated_products": len(self.concentrated_products),
            "shared_sites": len(self.shared_sites),
            "hidden_shared_sites": sum(1 for s in self.shared_sites if s.hidden_for),
            "shared_items": len(self.shared_items),
            "local_ratio_by_spend": overall.by_spend,
            "local_ratio_by_volume": overall.by_volume,
        }

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-serialisable dict (no arrays, no graph object)."""
        local = self.local_sourcing
        return {
            "params": asdict(self.params),
            "summary": self.summary(),
            "products": [asdict(p) for p in self.products],
            "tiers": {
                product: {
                    item: {"tier": t.tier, "depths": list(t.depths), "qty_per_unit": t.qty_per_unit}
                    for item, t in items.items()
                }
                for product, items in self.tiers.items()
            },
            "site_tiers": {product: dict(sites) for product, sites in self.site_tiers.items()},
            "requirements": self.requirements,
            "source_volumes": [asdict(v) for v in self.source_volumes],
            "single_sourced": [_plain(x) for x in self.single_sourced],
            "single_active_with_backup": [_plain(x) for x in self.single_active_with_backup],
            "unsourced": [_plain(x) for x in self.unsourced],
            "sole_source_sites": [
                {**_plain(x), "n_products": x.n_products, "n_owners": x.n_owners}
                for x in self.sole_source_sites
            ],
            "concentrated_items": [_plain(x) for x in self.concentrated_items],
            "concentrated_products": [_plain(x) for x in self.concentrated_products],
            "local_sourcing": {
                "overall": local.overall.to_json(),
                "by_product": {k: v.to_json() for k, v in local.by_product.items()},
                "by_owner": {k: v.to_json() for k, v in local.by_owner.items()},
            },
            "shared_sites": [_plain(x) for x in self.shared_sites],
            "shared_items": [_plain(x) for x in self.shared_items],
            "graph": None
            if self.graph_nodes is None
            else {"nodes": self.graph_nodes, "edges": self.graph_edges},
        }


def _plain(record: Any) -> dict[str, Any]:
    """asdict with tuples as lists (what json.dumps would make of them anyway)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(record).items()}
