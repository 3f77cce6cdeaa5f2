"""Seeded synthetic supply networks shaped like a regional cluster's (tests, benchmarks, demos).

``depth`` BOM levels (products -> assemblies -> ... -> parts -> materials; four by
default) with overlapping trees,
a few buyers owning the products, member sites in and around the region (JIS codes of
Niigata's Chūetsu area and of outside industrial cities), hazard zones, multi-sourcing
with given or missing shares, qualified backups, candidates, a few sourced process steps,
unpriced rows and unsourced parts, and a heavy-tailed choice of sites so that some become
hubs.
"""

from __future__ import annotations

import itertools
import math
import random

from renkei.engines.network.model import BomLine, Item, SiteInfo, Sourcing, SupplyData

REGION = ("15202", "15204", "15205", "15211", "15213", "15216", "15222", "15226")
OUTSIDE = ("13111", "14130", "22130", "23211", "27140", "40130", "04100", "09201")
ZONES = (("flood", 0.3), ("landslide", 0.08), ("liquefaction", 0.15), ("tsunami", 0.05))
MATERIALS = 0.37  # share of the items that are materials (the last level)


def _levels(depth: int) -> list[tuple[str, float]]:
    """(kind, share of the items) per BOM level: few products, wider levels below."""
    products = 0.12 / depth
    weights = [min(k, 3) for k in range(1, depth - 1)]
    middle = [("part", (1 - products - MATERIALS) * w / sum(weights)) for w in weights]
    return [("product", products), *middle, ("material", MATERIALS)]


def _fan(level: int, depth: int) -> tuple[int, int]:
    """Children per parent (inclusive bounds) from ``level`` to the level below."""
    if level == 0:
        return (3, 6)
    return (0, 2) if level == depth - 2 else (2, 5)


def synthetic_network(n_nodes: int, *, seed: int = 0, depth: int = 4) -> SupplyData:
    """A random supply network of about ``n_nodes`` items + sites.

    Parameters
    ----------
    n_nodes
        Items plus sites (>= 20); a fifth are sites.
    seed
        Seed of the generator; the same seed gives the same network.
    depth
        BOM levels including products and materials (3 to 10); trees grow about 3.5x
        per level, and so do the paths through them.
    """
    if isinstance(n_nodes, bool) or not isinstance(n_nodes, int) or n_nodes < 20:
        raise ValueError(f"n_nodes must be an integer >= 20. Got: {n_nodes!r}")
    if isinstance(depth, bool) or not isinstance(depth, int) or not 3 <= depth <= 10:
        raise ValueError(f"depth must be an integer between 3 and 10. Got: {depth!r}")
    levels_spec = _levels(depth)
    # random.Random, not numpy: one scalar draw at a time is ~20x cheaper, and the stream
    # is the same on every platform for a given seed
    rng = random.Random(seed)
    n_sites = max(4, n_nodes // 5)
    n_items = n_nodes - n_sites
    sizes = [max(2, int(n_items * frac)) for _, frac in levels_spec[:-1]]
    sizes.append(n_items - sum(sizes))
    n_buyers = max(2, int(math.sqrt(sizes[0]) / 2))
    buyers = [f"buyer-{b:02d}" for b in range(n_buyers)]
    n_members = max(3, n_sites // 2)

    levels: list[list[str]] = []
    items: list[Item] = []
    for level, ((kind, _), size) in enumerate(zip(levels_spec, sizes, strict=True)):
        ids = [f"L{level}-{k:06d}" for k in range(size)]
        levels.append(ids)
        for item_id in ids:
            if kind == "product":
                owner = rng.choice(buyers)
                demand = float(rng.randint(10, 500))
            else:
                owner = (
                    rng.choice(buyers)
                    if rng.random() < 0.4
                    else f"member-{rng.randrange(n_members):04d}"
                )
                demand = 0.0
            price = None if rng.random() < 0.05 else round(rng.lognormvariate(6 - level, 1), 2)
            items.append(Item(item_id, kind, owner, item_id, demand, price))  # type: ignore[arg-type]

    bom: list[BomLine] = []
    for level in range(depth - 1):
        low, high = _fan(level, depth)
        parents, below = levels[level], levels[level + 1]
        ratio = len(below) / len(parents)
        window = max(8, int(3 * ratio))
        for j, parent in enumerate(parents):
            # children come from a window around the parent's position: trees overlap
            # locally (families of similar products), not everything with everything
            centre = int(j * ratio)
            picks = {
                min(max(centre + rng.randint(-window, window), 0), len(below) - 1)
                for _ in range(rng.randint(low, high))
            }
            if level == 0 and rng.random() < 0.3:
                # a part straight into the product as well: items at several depths
                bom.append(BomLine(parent, rng.choice(levels[2]), float(rng.randint(1, 4))))
            for pick in sorted(picks):
                to_material = level == depth - 2
                qty = round(rng.uniform(0.1, 2), 3) if to_material else float(rng.randint(1, 4))
                bom.append(BomLine(parent, below[pick], qty))

    sites: list[SiteInfo] = []
    for k in range(n_sites):
        local = rng.random() < 0.6
        sites.append(
            SiteInfo(
                id=f"S{k:05d}",
                organization=f"member-{rng.randrange(n_members):04d}",
                municipality_code=rng.choice(REGION if local else OUTSIDE),
                prefecture="新潟県" if local else "",
                lat=round(37.4 + rng.gauss(0, 0.2), 5) if local else None,
                lon=round(138.8 + rng.gauss(0, 0.2), 5) if local else None,
                hazard_zones=tuple(zone for zone, p in ZONES if rng.random() < p),
                in_region=local,
            )
        )
    # heavy tail: a few sites supply a lot (the hubs a cluster worries about)
    cum_weights = list(itertools.accumulate(1.0 / (k + 1) ** 0.7 for k in range(n_sites)))

    def pick_sites(count: int) -> list[int]:
        """``count`` distinct sites drawn by weight (rejection: count << n_sites)."""
        chosen: list[int] = []
        while len(chosen) < count:
            site = rng.choices(range(n_sites), cum_weights=cum_weights)[0]
            if site not in chosen:
                chosen.append(site)
        return chosen

    sourcing: list[Sourcing] = []
    for level in range(1, depth):
        for item_id in levels[level]:
            if level == 1 and rng.random() < 0.3:
                continue  # assembled in-house by its owner
            if level == depth - 1 and rng.random() < 0.01:
                continue  # a purchased material nobody recorded a source for
            n_active = rng.choices((1, 2, 3), cum_weights=(0.5, 0.85, 1.0))[0]
            n_backup = int(rng.random() < 0.3)
            chosen = pick_sites(min(n_active + n_backup + rng.randint(0, 2), n_sites))
            shares: list[float | None] = [None] * n_active
            if n_active > 1 and rng.random() < 0.5:
                raw = [rng.gammavariate(1.0, 1.0) for _ in range(n_active)]
                given = [math.floor(x / sum(raw) * 100) / 100 for x in raw[:-1]]
                # the last takes the rest: the whole requirement is covered
                shares = [*given, round(1 - sum(given), 2)]
            for k, site in enumerate(chosen):
                status = (
                    "active"
                    if k < n_active
                    else "backup"
                    if k < n_active + n_backup
                    else "candidate"
                )
                sourcing.append(
                    Sourcing(
                        item=item_id,
                        site=sites[site].id,
                        status=status,  # type: ignore[arg-type]
                        share=shares[k] if k < n_active else None,
                        unit_price=None
                        if rng.random() < 0.05
                        else round(rng.lognormvariate(6 - level, 1), 2),
                        capacity_per_day=float(rng.randint(50, 5000)),
                        lead_time_days=float(rng.randint(1, 30)),
                    )
                )
            if 1 < level < depth - 1 and rng.random() < 0.05:
                sourcing.append(Sourcing(item_id, sites[pick_sites(1)[0]].id, step="plating"))
    return SupplyData(items=items, bom=bom, sourcing=sourcing, sites=sites)
