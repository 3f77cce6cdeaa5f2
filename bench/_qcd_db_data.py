"""The data of ``bench/qcd_db.py``: order lines, receipts and inspections in the Django
schema, generated with NumPy and loaded in bulk (PostgreSQL COPY, SQLite executemany)."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pandas as pd

N_SUPPLIERS = 200
N_BUYERS = 20
N_ITEMS = 2_000
SEED = 20261115
START = np.datetime64("2025-01-01")
STAMP = "2026-01-01 00:00:00"


def generate(n_lines: int, seed: int = SEED) -> dict[str, dict[str, np.ndarray]]:
    """Purchase orders of 1–8 lines from 20 buyers to 200 suppliers (a few big ones), over two
    years; partial, late, early, short and over deliveries (≈1.3 receipts per line, some lines
    none); 85 % of the receipts inspected. Quantities are whole or halves (12.5), so that
    cumulative receipts compare exactly in every computation. Ids are positions (0-based): the
    loader adds each table's first id."""
    rng = np.random.default_rng(seed)
    sizes = rng.choice([1, 1, 2, 2, 3, 4, 5, 8], n_lines)  # lines per order, ≥ n_lines total
    sizes = sizes[: int(np.searchsorted(np.cumsum(sizes), n_lines)) + 1]
    sizes[-1] -= int(sizes.sum()) - n_lines
    n_orders = len(sizes)
    weight = 1.0 / (np.arange(N_SUPPLIERS) + 10.0)  # a few suppliers get most orders
    po_supplier = rng.choice(N_SUPPLIERS, n_orders, p=weight / weight.sum())
    po_buyer = rng.integers(0, N_BUYERS, n_orders)
    po_date = START + rng.integers(0, 700, n_orders).astype("timedelta64[D]")

    line_po = np.repeat(np.arange(n_orders), sizes)
    line_no = np.arange(n_lines) - np.repeat(np.cumsum(sizes) - sizes, sizes) + 1
    promised = po_date[line_po] + rng.integers(3, 60, n_lines).astype("timedelta64[D]")
    qty = rng.choice([1, 2, 5, 10, 12.5, 20, 50, 100, 200, 500, 1000, 2500], n_lines)
    price = np.round(rng.uniform(5, 5000, n_lines), 2)
    item = np.where(rng.random(n_lines) < 0.7, rng.integers(0, N_ITEMS, n_lines), -1)

    per_line = rng.choice([0, 1, 2, 3], n_lines, p=[0.08, 0.6, 0.22, 0.1])
    r_line = np.repeat(np.arange(n_lines), per_line)
    m = len(r_line)
    rank = np.arange(m) - np.repeat(np.cumsum(per_line) - per_line, per_line)
    count = per_line[r_line]
    # Equal halves-rounded shares, the last receipt topping up to the quantity ordered ...
    share = np.floor(qty[r_line] / count * 2) / 2
    received = np.where(rank == count - 1, qty[r_line] - share * (count - 1), share)
    # ... except for 30 % of the lines, delivered short or over.
    off = rng.random(n_lines) < 0.3
    factor = np.where(off[r_line], rng.uniform(0.6, 1.4, m), 1.0)
    received = np.round(received * factor * 2) / 2
    r_date = promised[r_line] + (rng.integers(-12, 10, m) + 3 * rank).astype("timedelta64[D]")
    r_date = np.maximum(r_date, po_date[line_po][r_line])  # nothing arrives before the order
    inspected = rng.random(m) < 0.85
    i_qty = np.floor(received * rng.uniform(0.2, 1.0, m) * 2) / 2
    i_qty = np.where(rng.random(m) < 0.5, received, i_qty)
    rejected = np.where(rng.random(m) < 0.15, np.floor(i_qty * rng.uniform(0, 0.08, m)), 0.0)
    return {
        "orders_purchaseorder": {
            "buyer": po_buyer,
            "supplier": po_supplier,
            "order_date": po_date,
        },
        "orders_orderline": {
            "po": line_po,
            "line_no": line_no,
            "item": item,
            "qty_ordered": qty,
            "unit_price": price,
            "promised_date": promised,
        },
        "orders_receipt": {"order_line": r_line, "received_date": r_date, "qty_received": received},
        "orders_inspection": {
            "receipt": np.flatnonzero(inspected),
            "qty_inspected": i_qty[inspected],
            "qty_rejected": rejected[inspected],
        },
    }


def _first_id(cursor: Any, table: str) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
    return int(cursor.fetchone()[0])


def load(data: dict[str, dict[str, np.ndarray]]) -> None:
    """Write ``generate``'s tables into Django's default database, in bulk: organisations and
    items through the ORM (a few hundred rows), the rest by COPY (PostgreSQL) or executemany
    in one transaction (SQLite)."""
    from django.db import connection, transaction

    from renkei.registry.models import Organization, OrganizationKind
    from renkei.supply.models import Item, ItemKind

    with transaction.atomic():
        buyers = Organization.objects.bulk_create(
            Organization(name=f"発注企業{i:02d}", kind=OrganizationKind.BUYER)
            for i in range(N_BUYERS)
        )
        suppliers = Organization.objects.bulk_create(
            Organization(name=f"協力企業{i:03d}", kind=OrganizationKind.MEMBER)
            for i in range(N_SUPPLIERS)
        )
        items = Item.objects.bulk_create(
            Item(
                owner=buyers[i % N_BUYERS],
                code=f"P-{i:05d}",
                name=f"部品{i:05d}",
                kind=ItemKind.PART,
                demand_per_day=0,
            )
            for i in range(N_ITEMS)
        )
        buyer_pk = np.array([o.pk for o in buyers])
        supplier_pk = np.array([o.pk for o in suppliers])
        item_pk = np.array([o.pk for o in items])
        with connection.cursor() as cursor:
            first = {t: _first_id(cursor, t) for t in data}
        po, line, receipt, inspection = (data[t] for t in data)
        n_po = len(po["buyer"])
        tables: dict[str, dict[str, Any]] = {
            "orders_purchaseorder": {
                "id": first["orders_purchaseorder"] + np.arange(n_po),
                "created_at": np.full(n_po, STAMP),
                "updated_at": np.full(n_po, STAMP),
                "number": np.char.add("PO-", np.arange(n_po).astype("U8")),
                "order_date": po["order_date"].astype(str),
                "buyer_id": buyer_pk[po["buyer"]],
                "supplier_id": supplier_pk[po["supplier"]],
            },
            "orders_orderline": {
                "id": first["orders_orderline"] + np.arange(len(line["po"])),
                "po_id": first["orders_purchaseorder"] + line["po"],
                "line_no": line["line_no"],
                "item_id": [None if i < 0 else int(item_pk[i]) for i in line["item"].tolist()],
                "description": np.where(line["item"] < 0, "特注品", ""),
                "qty_ordered": line["qty_ordered"],
                "unit_price": line["unit_price"],
                "promised_date": line["promised_date"].astype(str),
            },
            "orders_receipt": {
                "id": first["orders_receipt"] + np.arange(len(receipt["order_line"])),
                "order_line_id": first["orders_orderline"] + receipt["order_line"],
                "received_date": receipt["received_date"].astype(str),
                "qty_received": receipt["qty_received"],
            },
            "orders_inspection": {
                "id": first["orders_inspection"] + np.arange(len(inspection["receipt"])),
                "receipt_id": first["orders_receipt"] + inspection["receipt"],
                "qty_inspected": inspection["qty_inspected"],
                "qty_rejected": inspection["qty_rejected"],
                "defect_class": np.where(inspection["qty_rejected"] > 0, "dimension", ""),
                "note": np.full(len(inspection["receipt"]), ""),
            },
        }
        for table, columns in tables.items():
            _bulk_insert(connection, table, columns)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in tables:
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) "
                        f"FROM {table}"
                    )


def _bulk_insert(connection: Any, table: str, columns: dict[str, Any]) -> None:
    names = list(columns)
    if connection.vendor == "postgresql":
        frame = pd.DataFrame({name: columns[name] for name in names})
        for col in ("item_id",):
            if col in frame:
                frame[col] = frame[col].astype("Int64")
        with connection.cursor() as cursor:
            statement = f"COPY {table} ({', '.join(names)}) FROM STDIN (FORMAT csv, NULL '\\N')"
            with cursor.copy(statement) as copy:
                step = 200_000
                for start in range(0, len(frame), step):
                    buffer = io.StringIO()
                    frame.iloc[start : start + step].to_csv(
                        buffer, header=False, index=False, na_rep="\\N"
                    )
                    copy.write(buffer.getvalue())
        return
    values = [
        column if isinstance(column, list) else np.asarray(column).tolist()
        for column in columns.values()
    ]
    marks = ", ".join("?" * len(names))
    connection.connection.executemany(
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", zip(*values, strict=True)
    )
