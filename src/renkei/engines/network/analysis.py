"""Risk flags and ratios on top of the exploded supply graph.

Every flag looks only at *relevant* items: items in some product's tree or with demand of
their own (a part registered but used nowhere puts nothing at risk). The arrays they share are
a :class:`~renkei.engines.network.context.Context` (re-exported here).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from renkei.engines.network.context import Context as Context  # re-exported
from renkei.engines.network.graph import (
    ACTIVE,
    BACKUP,
    CANDIDATE,
    IntArray,
    distinct,
    group_min,
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
    ProductMap,
    SharedDependency,
    SingleSourcedItem,
    SoleSourceSite,
    SourceVolume,
    UnsourcedItem,
)


@dataclass(frozen=True)
class SiteTiers:
    """(product, site, tier) triples sorted by product, then site."""

    product: IntArray
    site: IntArray
    tier: IntArray


def tiers(ctx: Context) -> tuple[ProductMap[ItemTier], ProductMap[int], SiteTiers]:
    """Item tiers and (structural, every status) site tiers per product, built lazily."""
    index, ex = ctx.index, ctx.explosion
    n_prod = len(index.products)
    pair_bounds = np.searchsorted(ex.pair_product, np.arange(n_prod + 1)).tolist()

    def item_tiers(k: int) -> dict[str, ItemTier]:
        lo, hi = pair_bounds[k], pair_bounds[k + 1]
        ptr = ex.depth_ptr[lo : hi + 1].tolist()
        depths = ex.depth_values[ptr[0] : ptr[-1]].tolist()
        base = ptr[0]
        ids = index.item_ids
        return {
            ids[i]: ItemTier(t, tuple(depths[ptr[j] - base : ptr[j + 1] - base]), q)
            for j, (i, t, q) in enumerate(
                zip(
                    ex.pair_item[lo:hi].tolist(),
                    ex.pair_max[lo:hi].tolist(),
                    ex.pair_qty[lo:hi].tolist(),
                    strict=True,
                )
            )
        }

    keys, values = _product_site_min(ctx, ctx.join_pair, ctx.join_row)
    product, site = np.divmod(keys, max(index.n_sites, 1))
    site_bounds = np.searchsorted(product, np.arange(n_prod + 1)).tolist()

    def site_tiers(k: int) -> dict[str, int]:
        lo, hi = site_bounds[k], site_bounds[k + 1]
        ids = index.site_ids
        return dict(
            zip([ids[s] for s in site[lo:hi].tolist()], values[lo:hi].tolist(), strict=True)
        )

    return (
        ProductMap(ctx.product_ids, item_tiers),
        ProductMap(ctx.product_ids, site_tiers),
        SiteTiers(product, site, values),
    )


def _product_site_min(ctx: Context, pair: IntArray, row: IntArray) -> tuple[IntArray, IntArray]:
    """Per (product, site) key ``product * n_sites + site``: min of max(1, item min depth)."""
    ex = ctx.explosion
    keys = ex.pair_product[pair] * max(ctx.index.n_sites, 1) + ctx.index.row_site[row]
    return group_min(keys, np.maximum(ex.pair_min[pair], 1))


def source_volumes(ctx: Context) -> tuple[SourceVolume, ...]:
    index, data = ctx.index, ctx.index.data
    rows = np.flatnonzero(index.row_status == ACTIVE)
    share = index.row_share[rows]
    volume = ctx.requirement[index.row_item[rows]] * share
    spend = volume * index.row_price[rows]  # NaN where unpriced
    local = index.site_in_region[index.row_site[rows]]
    sourcing = data.sourcing
    return tuple(
        SourceVolume(
            item=sourcing[k].item,
            site=sourcing[k].site,
            step=sourcing[k].step,
            share=sh,
            volume_per_day=vol,
            spend_per_day=None if math.isnan(sp) else sp,
            in_region=loc,
            capacity_per_day=sourcing[k].capacity_per_day,
        )
        for k, sh, vol, sp, loc in zip(
            rows.tolist(),
            share.tolist(),
            volume.tolist(),
            spend.tolist(),
            local.tolist(),
            strict=True,
        )
    )


def single_sourced(
    ctx: Context,
) -> Callable[[], tuple[tuple[SingleSourcedItem, ...], tuple[SingleSourcedItem, ...]]]:
    """Needs with exactly one active source: (without any backup, with a backup)."""
    index = ctx.index
    n_active, n_backup = ctx.n_active, ctx.n_backup
    # The decision, on arrays: needs with one active source whose item is relevant.
    single = (n_active == 1) & ctx.relevant[index.need_item]
    rows = np.flatnonzero(single[index.row_need])

    def build() -> tuple[tuple[SingleSourcedItem, ...], tuple[SingleSourcedItem, ...]]:
        candidates: dict[int, list[str]] = defaultdict(list)
        active_site: dict[int, str] = {}
        for need, site, status in zip(
            index.row_need[rows].tolist(),
            index.row_site[rows].tolist(),
            index.row_status[rows].tolist(),
            strict=True,
        ):
            if status == ACTIVE:
                active_site[need] = index.site_ids[site]
            elif status == CANDIDATE:
                candidates[need].append(index.site_ids[site])
        without: list[SingleSourcedItem] = []
        with_backup: list[SingleSourcedItem] = []
        need_item = index.need_item.tolist()
        requirement = ctx.requirement.tolist()
        backed = (n_backup > 0).tolist()
        for need in sorted(active_site):
            item = need_item[need]
            entry = SingleSourcedItem(
                item=index.item_ids[item],
                step=index.need_step(need),
                site=active_site[need],
                has_backup=backed[need],
                candidates=tuple(sorted(candidates[need])),
                products=ctx.products_of(item),
                owners=ctx.owners_of(item),
                volume_per_day=requirement[item],
            )
            (with_backup if entry.has_backup else without).append(entry)
        key = _by_volume
        return tuple(sorted(without, key=key)), tuple(sorted(with_backup, key=key))

    return build


def _by_volume(entry: SingleSourcedItem | UnsourcedItem) -> tuple[float, str, str]:
    step = getattr(entry, "step", None) or ""
    return (-entry.volume_per_day, entry.item, step)


def unsourced(ctx: Context) -> Callable[[], tuple[UnsourcedItem, ...]]:
    """Relevant items without a BOM (so bought) and without an active item-level source."""
    index = ctx.index
    n = index.n_items
    any_row = np.bincount(index.row_item, minlength=n) > 0
    item_level = index.row_item_level
    active_item_level = (
        np.bincount(index.row_item[item_level & (index.row_status == ACTIVE)], minlength=n) > 0
    )
    has_item_level = np.bincount(index.row_item[item_level], minlength=n) > 0
    bought = ctx.relevant & ~index.has_children
    no_sourcing = np.flatnonzero(bought & ~any_row)
    no_active = np.flatnonzero(bought & has_item_level & ~active_item_level)

    def build() -> tuple[UnsourcedItem, ...]:
        out = [_unsourced(ctx, item, "no_sourcing") for item in no_sourcing.tolist()]
        out += [_unsourced(ctx, item, "no_active_source") for item in no_active.tolist()]
        return tuple(sorted(out, key=_by_volume))

    return build


def _unsourced(ctx: Context, item: int, reason: str) -> UnsourcedItem:
    return UnsourcedItem(
        item=ctx.index.item_ids[item],
        reason=reason,  # type: ignore[arg-type]
        products=ctx.products_of(item),
        owners=ctx.owners_of(item),
        volume_per_day=float(ctx.requirement[item]),
    )


def sole_source_sites(ctx: Context, params: Params) -> Callable[[], tuple[SoleSourceSite, ...]]:
    """Sites that are the only active source of an item in at least N products' trees."""
    index, ex = ctx.index, ctx.explosion
    n_active, n_backup = ctx.n_active, ctx.n_backup
    sole = (index.row_status == ACTIVE) & (n_active[index.row_need] == 1)
    pair, row = ctx.rows_where(sole)
    n_prod = max(len(index.products), 1)
    site = index.row_site[row]
    keys = distinct(site * n_prod + ex.pair_product[pair])
    key_site, key_product = np.divmod(keys, n_prod)
    counts = np.bincount(key_site, minlength=index.n_sites)
    demand = np.bincount(
        key_site, weights=index.demand[index.products][key_product], minlength=index.n_sites
    )
    flagged = np.flatnonzero(counts >= params.min_products_for_sole_source)

    def build() -> tuple[SoleSourceSite, ...]:
        bounds = np.searchsorted(key_site, np.arange(index.n_sites + 1)).tolist()
        products = key_product.tolist()
        items_by_site: dict[int, set[str]] = defaultdict(set)
        bare_by_site: dict[int, set[str]] = defaultdict(set)
        bare = (n_backup == 0).tolist()
        sole_rows = distinct(row)
        for s, i, need in zip(
            index.row_site[sole_rows].tolist(),
            index.row_item[sole_rows].tolist(),
            index.row_need[sole_rows].tolist(),
            strict=True,
        ):
            items_by_site[s].add(index.item_ids[i])
            if bare[need]:
                bare_by_site[s].add(index.item_ids[i])
        out = []
        ids, owners = ctx.product_ids, ctx.product_owners
        for s in flagged.tolist():
            ks = products[bounds[s] : bounds[s + 1]]
            site_id = index.site_ids[s]
            out.append(
                SoleSourceSite(
                    site=site_id,
                    organization=index.data.site(site_id).organization,
                    items=tuple(sorted(items_by_site[s])),
                    items_without_backup=tuple(sorted(bare_by_site[s])),
                    products=tuple([ids[k] for k in ks]),
                    owners=tuple(sorted({owners[k] for k in ks})),
                    demand_at_risk=float(demand[s]),
                )
            )
        out.sort(key=lambda x: (-x.n_products, -x.n_owners, -x.demand_at_risk, x.site))
        return tuple(out)

    return build


def concentration(
    ctx: Context, params: Params
) -> Callable[[], tuple[tuple[ConcentratedItem, ...], tuple[ConcentratedProduct, ...]]]:
    """Needs whose every source (per basis) is in one municipality or shares a hazard zone."""
    index = ctx.index
    at = index.data.positions  # the sites' towns and hazard zones, as the model keeps them
    codes, site_code = at.towns, at.site_town
    zone_names, zone_bits = at.zone_names, at.site_zones  # sites x words, one bit per zone
    # by need, then site: one row per (need, site), so a plain sort of the combined key
    order = np.argsort(index.row_need * max(index.n_sites, 1) + index.row_site)
    # statuses are ordered: ACTIVE < BACKUP < CANDIDATE
    bases: tuple[tuple[Basis, int], ...] = (("active", ACTIVE), ("active+backup", BACKUP))
    # The decision, on arrays: per basis, the groups of rows (one per need) in one place.
    decided = []
    ordered_status = index.row_status[order]
    for basis, last in bases:
        keep = order[ordered_status <= last]
        if not len(keep):
            continue
        needs = index.row_need[keep]
        starts = np.flatnonzero(np.concatenate(([True], needs[1:] != needs[:-1])))
        ends = np.append(starts[1:], len(keep))
        code = site_code[index.row_site[keep]]
        low = np.minimum.reduceat(code, starts)
        one_place = (low >= 0) & (low == np.maximum.reduceat(code, starts))
        common = np.bitwise_and.reduceat(zone_bits[index.row_site[keep]], starts, axis=0)
        flagged = (one_place | common.any(axis=1)) & ctx.relevant[index.need_item[needs[starts]]]
        groups = np.flatnonzero(flagged)
        decided.append((basis, keep, needs, starts, ends, one_place, low, common, groups))

    def build() -> tuple[tuple[ConcentratedItem, ...], tuple[ConcentratedProduct, ...]]:
        found: list[ConcentratedItem] = []
        for basis, keep, needs, starts, ends, one_place, low, common, groups in decided:
            group_sites = index.row_site[keep].tolist()
            zone_cache: dict[tuple[int, ...], tuple[str, ...]] = {}
            for need, lo, hi, place, place_code, bits in zip(
                needs[starts[groups]].tolist(),
                starts[groups].tolist(),
                ends[groups].tolist(),
                one_place[groups].tolist(),
                low[groups].tolist(),
                map(tuple, common[groups].tolist()),
                strict=True,
            ):
                zones = zone_cache.get(bits)
                if zones is None:
                    zones = zone_cache[bits] = tuple(
                        name for b, name in enumerate(zone_names) if bits[b // 64] >> (b % 64) & 1
                    )
                item = int(index.need_item[need])
                found.append(
                    ConcentratedItem(
                        item=index.item_ids[item],
                        step=index.need_step(need),
                        basis=basis,
                        municipality=codes[place_code] if place else None,
                        hazard_zones=zones,
                        sites=tuple([index.site_ids[s] for s in group_sites[lo:hi]]),
                        products=ctx.products_of(item),
                    )
                )
        found.sort(key=lambda c: (c.basis, c.item, c.step or ""))
        return tuple(found), _concentrated_products(ctx, params, found)

    return build


def _concentrated_products(
    ctx: Context, params: Params, found: list[ConcentratedItem]
) -> tuple[ConcentratedProduct, ...]:
    basis_used: Basis = "active+backup" if params.include_backup_in_concentration else "active"
    per_product: dict[str, list[ConcentratedItem]] = defaultdict(list)
    for entry in found:
        if entry.basis == basis_used:
            for product in entry.products:
                per_product[product].append(entry)
    products = []
    for k in range(len(ctx.index.products)):
        pid = ctx.product_ids[k]
        entries = per_product.get(pid)
        if not entries:
            continue
        products.append(
            ConcentratedProduct(
                product=pid,
                owner=ctx.product_owners[k],
                basis=basis_used,
                items=tuple(sorted({e.item for e in entries})),
                municipalities=tuple(sorted({e.municipality for e in entries if e.municipality})),
                hazard_zones=tuple(sorted({z for e in entries for z in e.hazard_zones})),
            )
        )
    return tuple(products)


def _bounds(keys: IntArray) -> list[int]:
    """Start of each run of equal ``keys`` (sorted), and the end."""
    return [0, *(np.flatnonzero(keys[1:] != keys[:-1]) + 1).tolist(), len(keys)]


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
    # Per unit of each product: its tree's weights by cumulative quantity, from the explosion
    # (pairs sorted by product; each product's tree holds the product itself, so no run is
    # empty). The roll-up of every item is needed only when an item has demand of its own
    # without being a product (a spare part): its tree is not exploded.
    demand, products = index.demand, index.products
    ex = ctx.explosion
    starts = np.searchsorted(ex.pair_product, np.arange(len(products)))
    per_product = np.add.reduceat(
        ex.pair_qty[:, np.newaxis] * weights[ex.pair_item], starts, axis=0
    ).reshape(len(products), 5)
    is_product = np.zeros(index.n_items, dtype=bool)
    is_product[products] = True
    if is_product[demand > 0].all():
        items, per_unit = products, per_product
    else:
        items, per_unit = np.arange(index.n_items), rollup(index, weights)

    scale = np.where(demand[products] > 0, demand[products], 1.0)
    by_product = dict(
        zip(
            ctx.product_ids,
            map(_ratio, (per_product * scale[:, None]).tolist()),
            strict=True,
        )
    )
    per_day = per_unit * demand[items, np.newaxis]
    n_owners = len(index.owner_ids)
    owner = index.item_owner[items]
    owner_totals = np.column_stack(
        [np.bincount(owner, weights=per_day[:, c], minlength=n_owners) for c in range(5)]
    ).reshape(n_owners, 5)
    shown = np.zeros(n_owners, dtype=bool)
    shown[index.item_owner[demand > 0]] = True
    shown[index.item_owner[products]] = True
    rows = owner_totals.tolist()
    by_owner = {index.owner_ids[o]: _ratio(rows[o]) for o in np.flatnonzero(shown).tolist()}
    return LocalSourcing(
        overall=_ratio(per_day.sum(axis=0).tolist()), by_product=by_product, by_owner=by_owner
    )


def _ratio(v: Sequence[float]) -> LocalRatio:
    """The five roll-up figures (Python floats) as a ratio."""
    return LocalRatio(
        spend_local=v[0],
        spend_total=v[1],
        volume_local=v[2],
        volume_total=v[3],
        unpriced_volume=v[4],
    )


def shared(
    ctx: Context, params: Params
) -> Callable[[], tuple[tuple[SharedDependency, ...], tuple[SharedDependency, ...]]]:
    """Sites (active sourcing) and items in trees of products of several owners."""
    index, ex = ctx.index, ctx.explosion
    product_owner = index.item_owner[index.products]
    n_owner = max(len(index.owner_ids), 1)

    pair, row = ctx.rows_where(index.row_status == ACTIVE)
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
    return lambda: (sites(), items())


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
) -> Callable[[], tuple[SharedDependency, ...]]:
    owner = product_owner[product]
    # smallest tier per (ref, owner), then the refs that reach enough owners
    ref_owner, owner_tier = group_min(ref * n_owner + owner, tier)
    n_owners = np.bincount(ref_owner // n_owner, minlength=len(ref_ids))
    wanted = n_owners >= params.min_owners_for_shared
    keep = wanted[ref_owner // n_owner]
    ref_owner, owner_tier = ref_owner[keep], owner_tier[keep]
    mask = wanted[ref]
    if not mask.any():
        return lambda: ()
    ref, product = ref[mask], product[mask]
    order = np.argsort(ref * max(len(ctx.index.products), 1) + product)  # distinct pairs
    ref, product = ref[order], product[order]
    # group bounds, then plain-list slices (np.split costs microseconds per piece)
    prod_bounds = _bounds(ref)
    owner_ref = ref_owner // n_owner
    owner_bounds = _bounds(owner_ref)

    def build() -> tuple[SharedDependency, ...]:
        owner_names = ctx.index.owner_ids
        product_ids = ctx.product_ids
        refs = ref.tolist()
        products = product.tolist()
        owners = (ref_owner % n_owner).tolist()
        tiers = owner_tier.tolist()
        out = []
        for g in range(len(prod_bounds) - 1):
            lo, hi = prod_bounds[g], prod_bounds[g + 1]
            o_lo, o_hi = owner_bounds[g], owner_bounds[g + 1]
            by_owner = {
                owner_names[o]: t for o, t in zip(owners[o_lo:o_hi], tiers[o_lo:o_hi], strict=True)
            }
            out.append(
                SharedDependency(
                    ref=ref_ids[refs[lo]],
                    kind=kind,  # type: ignore[arg-type]
                    owners=tuple(by_owner),
                    products=tuple([product_ids[k] for k in products[lo:hi]]),
                    tiers_by_owner=by_owner,
                    hidden_for=tuple([o for o, t in by_owner.items() if t >= 2]),
                )
            )
        out.sort(key=lambda d: (-len(d.owners), -len(d.products), d.ref))
        return tuple(out)

    return build
