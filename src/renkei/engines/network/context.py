"""The arrays the network analyses share: :class:`Context`."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from renkei.engines.network.graph import (
    ACTIVE,
    BACKUP,
    BoolArray,
    Explosion,
    FloatArray,
    Index,
    IntArray,
    join_rows,
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
    product_ids: list[str]
    product_owners: list[str]
    n_active: IntArray  # active sources per need
    n_backup: IntArray  # backups per need
    # every (pair, sourcing row) where the row supplies the pair's item: the flags select
    # their rows from it (a mask keeps the order a join of those rows alone would have)
    join_pair: IntArray
    join_row: IntArray
    # plain lists: slicing them per item is ~10x cheaper than numpy fancy indexing
    _item_products: list[int] = field(default_factory=list)
    _item_ptr: list[int] = field(default_factory=list)
    _products_of: dict[int, tuple[str, ...]] = field(default_factory=dict)
    _owners_of: dict[int, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, index: Index, explosion: Explosion, requirement: FloatArray) -> Context:
        in_tree = np.zeros(index.n_items, dtype=bool)
        in_tree[explosion.pair_item] = True
        # by item, then product (pairs are distinct: a plain sort of the combined key)
        n_prod = max(len(index.products), 1)
        by_item = np.argsort(explosion.pair_item * n_prod + explosion.pair_product)
        counts = np.bincount(explosion.pair_item, minlength=index.n_items)
        ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        products = index.products.tolist()
        joined = join_rows(index, explosion, np.ones(len(index.row_item), dtype=bool))
        return cls(
            index=index,
            explosion=explosion,
            requirement=requirement,
            relevant=in_tree | (index.demand > 0),
            by_item=by_item,
            by_item_ptr=ptr,
            product_ids=[index.item_ids[p] for p in products],
            product_owners=[index.owner_ids[o] for o in index.item_owner[index.products].tolist()],
            n_active=_need_counts(index, ACTIVE),
            n_backup=_need_counts(index, BACKUP),
            join_pair=joined[0],
            join_row=joined[1],
            _item_products=explosion.pair_product[by_item].tolist(),
            _item_ptr=ptr.tolist(),
        )

    def rows_where(self, row_mask: BoolArray) -> tuple[IntArray, IntArray]:
        """The (pair, row) combinations of the rows selected by ``row_mask``."""
        keep = row_mask[self.join_row]
        return self.join_pair[keep], self.join_row[keep]

    def products_of(self, item: int) -> tuple[str, ...]:
        """Products whose tree holds the item, in product order (memoised)."""
        found = self._products_of.get(item)
        if found is None:
            lo, hi = self._item_ptr[item], self._item_ptr[item + 1]
            ids = self.product_ids
            found = tuple([ids[k] for k in self._item_products[lo:hi]])
            self._products_of[item] = found
        return found

    def owners_of(self, item: int) -> tuple[str, ...]:
        """Owners of those products, sorted (memoised)."""
        found = self._owners_of.get(item)
        if found is None:
            lo, hi = self._item_ptr[item], self._item_ptr[item + 1]
            owners = self.product_owners
            found = tuple(sorted({owners[k] for k in self._item_products[lo:hi]}))
            self._owners_of[item] = found
        return found


def _need_counts(index: Index, status: int) -> IntArray:
    mask = index.row_status == status
    return np.bincount(index.row_need[mask], minlength=index.n_needs).astype(np.int64)
