"""Risk flags and ratios on top of the exploded supply graph.

Every flag looks only at *relevant* items: items in some product's tree or with demand of
their own (a part registered but used nowhere puts nothing at risk).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from renkei.engines.network.graph import (
    ACTIVE,
    BACKUP,
    CANDIDATE,
    BoolArray,
    Explosion,
    FloatArray,
    Index,
    IntArray,
    group_min,
    join_rows,
    rollup,
)
from renkei.engines.network.params import Params
from renkei.engines.network.result import (
    Basis,
    ConcentratedItem,
    ConcentratedProduct,
    ItemTier,
    LocalRatio,
    LocalSourcing,
    SharedDependency,
    SingleSourcedItem,
    SoleSourceSite,
    SourceVolume,
    UnsourcedItem,
)


@dataclass(frozen=True)
class Context:
    """Arrays shared by the analyses."""

    index: Index
    explosion: Explosion
    requirement: FloatArray
    relevant: BoolArray
    by_item: IntArray  # pair positions sorted by item
    by_item_ptr: IntArray

    @classmethod
    def build(cls, index: Index, explosion: Explosion, requirement: FloatArray) -> Context:
        in_tree = np.zeros(index.n_items, dtype=bool)
        in_tree[explosion.pair_item] = True
        by_item = np.argsort(explosion.pair_item, kind="stable").astype(np.int64)
        counts = np.bincount(explosion.pair_item, minlength=index.n_items)
        ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        return cls(index, explosion, requirement, in_tree | (index.demand > 0), by_item, ptr)

    def product_id(self, k: int) -> str:
        return self.index.item_ids[int(self.index.products[k])]

    def product_owner(self, k: int) -> str:
        index = self.index
        return index.owner_ids[int(index.item_owner[index.products[k]])]

    def products_of(self, item: int) -> tuple[str, ...]:
        """Products whose tree holds the item, in product order."""
        pairs = self.by_item[self.by_item_ptr[item] : self.by_item_ptr[item + 1]]
        return tuple(self.product_id(int(k)) for k in self.explosion.pair_product[pairs])

    def owners_of(self, item: int) -> tuple[str, ...]:
        pairs = self.by_item[self.by_item_ptr[item] : self.by_item_ptr[item + 1]]
        return tuple(
            sorted({self.product_owner(int(k)) for k in self.explosion.pair_product[pairs]})
        )


def tiers(ctx: Context) -> tuple[dict[str, dict[str, ItemTier]], dict[str, dict[str, int]]]:
    """Item tiers and (structural, every status) site tiers per product."""
    index, ex = ctx.index, ctx.explosion
    item_tiers: dict[str, dict[str, ItemTier]] = {
        ctx.product_id(k): {} for k in range(len(index.products))
    }
    depths = ex.depth_values.tolist()
    ptr = ex.depth_ptr.tolist()
    qty = ex.pair_qty.tolist()
    maxima = ex.pair_max.tolist()
    for j, (k, i) in enumerate(zip(ex.pair_product.tolist(), ex.pair_item.tolist(), strict=True)):
        item_tiers[ctx.product_id(k)][index.item_ids[i]] = ItemTier(
            maxima[j], tuple(depths[ptr[j] : ptr[j + 1]]), qty[j]
        )
    pair, row = join_rows(index, ex, np.ones(len(index.row_item), dtype=bool))
    site_tiers: dict[str, dict[str, int]] = {pid: {} for pid in item_tiers}
    keys, values = _product_site_min(ctx, pair, row)
    n_sites = max(index.n_sites, 1)
    for key, tier in zip(keys.tolist(), values.tolist(), strict=True):
        k, s = divmod(key, n_sites)
        site_tiers[ctx.product_id(k)][index.site_ids[s]] = tier
    return item_tiers, site_tiers


def _product_site_min(ctx: Context, pair: IntArray, row: IntArray) -> tuple[IntArray, IntArray]:
    """Per (product, site) key ``product * n_sites + site``: min of max(1, item min depth)."""
    ex = ctx.explosion
    keys = ex.pair_product[pair] * max(ctx.index.n_sites, 1) + ctx.index.row_site[row]
    return group_min(keys, np.maximum(ex.pair_min[pair], 1))


def source_volumes(ctx: Context) -> tuple[SourceVolume, ...]:
    index, data = ctx.index, ctx.index.data
    out = []
    for k in np.flatnonzero(index.row_status == ACTIVE).tolist():
        row = data.sourcing[k]
        volume = float(ctx.requirement[index.row_item[k]] * index.row_share[k])
        price = float(index.row_price[k])
        out.append(
            SourceVolume(
                item=row.item,
                site=row.site,
                step=row.step,
                share=float(index.row_share[k]),
                volume_per_day=volume,
                spend_per_day=None if np.isnan(price) else volume * price,
                in_region=bool(index.site_in_region[index.row_site[k]]),
            )
        )
    return tuple(out)


def _need_counts(index: Index, status: int) -> IntArray:
    mask = index.row_status == status
    return np.bincount(index.row_need[mask], minlength=len(index.need_keys)).astype(np.int64)


def single_sourced(
    ctx: Context,
) -> tuple[tuple[SingleSourcedItem, ...], tuple[SingleSourcedItem, ...]]:
    """Needs with exactly one active source: (without any backup, with a backup)."""
    index = ctx.index
    n_active = _need_counts(index, ACTIVE)
    n_backup = _need_counts(index, BACKUP)
    candidates: dict[int, list[str]] = defaultdict(list)
    active_site: dict[int, str] = {}
    for k in np.flatnonzero(n_active[index.row_need] == 1).tolist():
        need = int(index.row_need[k])
        site = index.site_ids[int(index.row_site[k])]
        if index.row_status[k] == ACTIVE:
            active_site[need] = site
        elif index.row_status[k] == CANDIDATE:
            candidates[need].append(site)
    without: list[SingleSourcedItem] = []
    with_backup: list[SingleSourcedItem] = []
    for need in sorted(active_site):
        item = int(index.need_item[need])
        if not ctx.relevant[item]:
            continue
        entry = SingleSourcedItem(
            item=index.item_ids[item],
            step=index.need_keys[need][1],
            site=active_site[need],
            has_backup=bool(n_backup[need] > 0),
            candidates=tuple(sorted(candidates[need])),
            products=ctx.products_of(item),
            owners=ctx.owners_of(item),
            volume_per_day=float(ctx.requirement[item]),
        )
        (with_backup if entry.has_backup else without).append(entry)
    key = _by_volume
    return tuple(sorted(without, key=key)), tuple(sorted(with_backup, key=key))


def _by_volume(entry: SingleSourcedItem | UnsourcedItem) -> tuple[float, str, str]:
    step = getattr(entry, "step", None) or ""
    return (-entry.volume_per_day, entry.item, step)


def unsourced(ctx: Context) -> tuple[UnsourcedItem, ...]:
    """Relevant items without a BOM (so bought) and without an active item-level source."""
    index = ctx.index
    n = index.n_items
    any_row = np.bincount(index.row_item, minlength=n) > 0
    item_level = np.fromiter(
        (r.step is None for r in index.data.sourcing), bool, len(index.row_item)
    )
    active_item_level = (
        np.bincount(index.row_item[item_level & (index.row_status == ACTIVE)], minlength=n) > 0
    )
    has_item_level = np.bincount(index.row_item[item_level], minlength=n) > 0
    bought = ctx.relevant & ~index.has_children
    out = []
    for item in np.flatnonzero(bought & ~any_row).tolist():
        out.append(_unsourced(ctx, item, "no_sourcing"))
    for item in np.flatnonzero(bought & has_item_level & ~active_item_level).tolist():
        out.append(_unsourced(ctx, item, "no_active_source"))
    return tuple(sorted(out, key=_by_volume))


def _unsourced(ctx: Context, item: int, reason: str) -> UnsourcedItem:
    return UnsourcedItem(
        item=ctx.index.item_ids[item],
        reason=reason,  # type: ignore[arg-type]
        products=ctx.products_of(item),
        owners=ctx.owners_of(item),
        volume_per_day=float(ctx.requirement[item]),
    )


def sole_source_sites(ctx: Context, params: Params) -> tuple[SoleSourceSite, ...]:
    """Sites that are the only active source of an item in at least N products' trees."""
    index, ex = ctx.index, ctx.explosion
    n_active = _need_counts(index, ACTIVE)
    n_backup = _need_counts(index, BACKUP)
    sole = (index.row_status == ACTIVE) & (n_active[index.row_need] == 1)
    pair, row = join_rows(index, ex, sole)
    n_prod = max(len(index.products), 1)
    site = index.row_site[row]
    keys = np.unique(site * n_prod + ex.pair_product[pair])
    products_by_site: dict[int, list[int]] = defaultdict(list)
    for key in keys.tolist():
        s, k = divmod(key, n_prod)
        products_by_site[s].append(k)
    items_by_site: dict[int, set[str]] = defaultdict(set)
    bare_by_site: dict[int, set[str]] = defaultdict(set)
    for r in np.unique(row).tolist():
        s = int(index.row_site[r])
        item_id = index.item_ids[int(index.row_item[r])]
        items_by_site[s].add(item_id)
        if n_backup[index.row_need[r]] == 0:
            bare_by_site[s].add(item_id)
    out = []
    for s, ks in products_by_site.items():
        if len(ks) < params.min_products_for_sole_source:
            continue
        site_id = index.site_ids[s]
        out.append(
            SoleSourceSite(
                site=site_id,
                organization=index.data.site(site_id).organization,
                items=tuple(sorted(items_by_site[s])),
                items_without_backup=tuple(sorted(bare_by_site[s])),
                products=tuple(ctx.product_id(k) for k in ks),
                owners=tuple(sorted({ctx.product_owner(k) for k in ks})),
                demand_at_risk=float(sum(index.demand[index.products[k]] for k in ks)),
            )
        )
    out.sort(key=lambda x: (-x.n_products, -x.n_owners, -x.demand_at_risk, x.site))
    return tuple(out)


def concentration(
    ctx: Context, params: Params
) -> tuple[tuple[ConcentratedItem, ...], tuple[ConcentratedProduct, ...]]:
    """Needs whose every source (per basis) is in one municipality or shares a hazard zone."""
    index = ctx.index
    sites = index.data.sites
    municipality = [s.municipality for s in sites]
    zones = [frozenset(s.hazard_zones) for s in sites]
    order = np.lexsort((index.row_site, index.row_need))
    bases: tuple[tuple[Basis, tuple[int, ...]], ...] = (
        ("active", (ACTIVE,)),
        ("active+backup", (ACTIVE, BACKUP)),
    )
    found: list[ConcentratedItem] = []
    for basis, statuses in bases:
        keep = order[np.isin(index.row_status[order], statuses)]
        needs = index.row_need[keep]
        bounds = np.flatnonzero(np.diff(needs)) + 1
        for group in np.split(keep, bounds) if len(keep) else []:
            need = int(index.row_need[group[0]])
            item = int(index.need_item[need])
            if not ctx.relevant[item]:
                continue
            site_pos = index.row_site[group].tolist()
            codes = {municipality[s] for s in site_pos}
            code = next(iter(codes)) if len(codes) == 1 and "" not in codes else None
            common = frozenset.intersection(*(zones[s] for s in site_pos))
            if code is None and not common:
                continue
            found.append(
                ConcentratedItem(
                    item=index.item_ids[item],
                    step=index.need_keys[need][1],
                    basis=basis,
                    municipality=code,
                    hazard_zones=tuple(sorted(common)),
                    sites=tuple(index.site_ids[s] for s in site_pos),
                    products=ctx.products_of(item),
                )
            )
    found.sort(key=lambda c: (c.basis, c.item, c.step or ""))

    basis_used: Basis = "active+backup" if params.include_backup_in_concentration else "active"
    per_product: dict[str, list[ConcentratedItem]] = defaultdict(list)
    for entry in found:
        if entry.basis == basis_used:
            for product in entry.products:
                per_product[product].append(entry)
    products = []
    for k in range(len(index.products)):
        pid = ctx.product_id(k)
        entries = per_product.get(pid)
        if not entries:
            continue
        products.append(
            ConcentratedProduct(
                product=pid,
                owner=ctx.product_owner(k),
                basis=basis_used,
                items=tuple(sorted({e.item for e in entries})),
                municipalities=tuple(sorted({e.municipality for e in entries if e.municipality})),
                hazard_zones=tuple(sorted({z for e in entries for z in e.hazard_zones})),
            )
        )
    return tuple(found), tuple(products)


def local_sourcing(ctx: Context) -> LocalSourcing:
    """地産地消率 per product, per owner and overall, from one roll-up of five weights."""
    index = ctx.index
    active = index.row_status == ACTIVE
    share = np.where(active, index.row_share, 0.0)
    local = index.site_in_region[index.row_site]
    priced = ~np.isnan(index.row_price)
    spend = np.where(priced, share * np.nan_to_num(index.row_price), 0.0)
    columns = (spend * local, spend, share * local, share, np.where(priced, 0.0, share))
    weights = np.column_stack(
        [np.bincount(index.row_item, weights=c, minlength=index.n_items) for c in columns]
    ).astype(np.float64)
    per_unit = rollup(index, weights)  # items x 5, per unit of each item

    by_product = {}
    for k, p in enumerate(index.products.tolist()):
        scale = index.demand[p] if index.demand[p] > 0 else 1.0
        by_product[ctx.product_id(k)] = _ratio(per_unit[p] * scale)
    per_day = per_unit * index.demand[:, np.newaxis]
    owner_totals = np.zeros((len(index.owner_ids), 5))
    np.add.at(owner_totals, index.item_owner, per_day)
    owners_shown = set(index.item_owner[index.demand > 0].tolist())
    owners_shown |= set(index.item_owner[index.products].tolist())
    by_owner = {index.owner_ids[o]: _ratio(owner_totals[o]) for o in sorted(owners_shown)}
    return LocalSourcing(
        overall=_ratio(per_day.sum(axis=0)), by_product=by_product, by_owner=by_owner
    )


def _ratio(values: Sequence[float] | FloatArray) -> LocalRatio:
    v = [float(x) for x in values]
    return LocalRatio(
        spend_local=v[0],
        spend_total=v[1],
        volume_local=v[2],
        volume_total=v[3],
        unpriced_volume=v[4],
    )


def shared(
    ctx: Context, params: Params
) -> tuple[tuple[SharedDependency, ...], tuple[SharedDependency, ...]]:
    """Sites (active sourcing) and items in trees of products of several owners."""
    index, ex = ctx.index, ctx.explosion
    product_owner = index.item_owner[index.products]
    n_owner = max(len(index.owner_ids), 1)

    pair, row = join_rows(index, ex, index.row_status == ACTIVE)
    keys, tier = _product_site_min(ctx, pair, row)
    n_sites = max(index.n_sites, 1)
    site_prod = np.stack(np.divmod(keys, n_sites))  # [product, site]
    sites = _shared(
        ctx,
        params,
        kind="site",
        ref=site_prod[1],
        product=site_prod[0],
        tier=tier,
        ref_ids=index.site_ids,
        n_owner=n_owner,
        product_owner=product_owner,
    )
    items = _shared(
        ctx,
        params,
        kind="item",
        ref=ex.pair_item,
        product=ex.pair_product,
        tier=ex.pair_max,
        ref_ids=index.item_ids,
        n_owner=n_owner,
        product_owner=product_owner,
    )
    return sites, items


def _shared(
    ctx: Context,
    params: Params,
    *,
    kind: str,
    ref: IntArray,
    product: IntArray,
    tier: IntArray,
    ref_ids: tuple[str, ...],
    n_owner: int,
    product_owner: IntArray,
) -> tuple[SharedDependency, ...]:
    owner = product_owner[product]
    ref_owner = np.unique(ref * n_owner + owner)
    n_owners = np.bincount(ref_owner // n_owner, minlength=len(ref_ids))
    wanted = n_owners >= params.min_owners_for_shared
    mask = wanted[ref]
    if not mask.any():
        return ()
    ref, product, tier, owner = ref[mask], product[mask], tier[mask], owner[mask]
    order = np.lexsort((product, ref))
    ref, product, tier, owner = ref[order], product[order], tier[order], owner[order]
    bounds = np.flatnonzero(np.diff(ref)) + 1
    out = []
    for lo, hi in zip(np.r_[0, bounds].tolist(), np.r_[bounds, len(ref)].tolist(), strict=True):
        by_owner: dict[str, int] = {}
        for o, t in zip(owner[lo:hi].tolist(), tier[lo:hi].tolist(), strict=True):
            name = ctx.index.owner_ids[o]
            by_owner[name] = min(t, by_owner.get(name, t))
        out.append(
            SharedDependency(
                ref=ref_ids[int(ref[lo])],
                kind=kind,  # type: ignore[arg-type]
                owners=tuple(sorted(by_owner)),
                products=tuple(ctx.product_id(k) for k in product[lo:hi].tolist()),
                tiers_by_owner=dict(sorted(by_owner.items())),
                hidden_for=tuple(sorted(o for o, t in by_owner.items() if t >= 2)),
            )
        )
    out.sort(key=lambda d: (-len(d.owners), -len(d.products), d.ref))
    return tuple(out)
