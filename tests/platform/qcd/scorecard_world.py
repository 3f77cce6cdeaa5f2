"""Small hand-computable order histories for the scorecard tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from types import SimpleNamespace

from renkei.orders import services

D = dt.date
AS_OF = D(2026, 10, 15)
# buyer's firm_a under the default criteria (see build).
JULY = 0.2 * 60 + 0.2 * 0 + 0.4 * 80 + 0.2 * (100 * (28 - 22) / 14)  # 52.571…
ALL_TIME = (
    0.2 * 100 * (1100 / 1500)  # otd: 600 + 500 on time of 1,500
    + 0.2 * 50  # otif: 1 of 2 lines
    + 0.4 * 100 * (1 - (2 / 1500 * 1e6) / 10_000)  # 1,333.3 ppm
    + 0.2 * 100 * (28 - 15.5) / 14  # median lead time of 22 and 9 days
)


def order(
    actor,
    buyer,
    supplier,
    number: str,
    ordered: dt.date,
    promised: dt.date,
    qty: int,
    receipts: Sequence[tuple[dt.date, int, int, int]] = (),
):
    """One purchase order of one line, with its receipts (date, qty, inspected, rejected)."""
    po = services.purchase_order_create(
        actor=actor,
        buyer=buyer,
        supplier=supplier,
        number=number,
        order_date=ordered,
        lines=[
            {
                "description": "ブラケット",
                "qty_ordered": qty,
                "unit_price": 100,
                "promised_date": promised,
            }
        ],
    )
    line = po.lines.get()
    for day, received, inspected, rejected in receipts:
        services.receipt_record(
            actor=actor,
            order_line=line,
            received_date=day,
            qty_received=received,
            qty_inspected=inspected,
            qty_rejected=rejected,
            defect_class="dimension" if rejected else "",
        )
    return po


def build(buyer, buyer2, firm_a, firm_b):
    """buyer orders from firm_a in 2026-07 (partly late, 2,000 ppm) and 2026-09 (perfect);
    nothing in 2026-08. buyer2 orders from firm_a too, badly (2026-09: late, 250,000 ppm).

    buyer's firm_a, hand-computed under the default criteria:
    - 2026-07: otd 600/1000 = 0.6 -> 60; otif 0 -> 0; 2,000 ppm -> 80; lead 22 d -> 42.857…
      score = 0.2·60 + 0.2·0 + 0.4·80 + 0.2·(600/14) = 52.571… -> D
    - 2026-08: no data; 2026-09: every figure perfect, lead 9 d -> 100 -> S
    """
    b1, b2 = buyer.organization, buyer2.organization
    order(
        buyer,
        b1,
        firm_a,
        "PO-A1",
        D(2026, 6, 22),
        D(2026, 7, 10),
        1000,
        [(D(2026, 7, 8), 600, 600, 0), (D(2026, 7, 14), 400, 400, 2)],
    )
    order(
        buyer,
        b1,
        firm_a,
        "PO-A2",
        D(2026, 9, 1),
        D(2026, 9, 12),
        500,
        [(D(2026, 9, 10), 500, 500, 0)],
    )
    order(
        buyer2,
        b2,
        firm_a,
        "PO-Z1",
        D(2026, 9, 1),
        D(2026, 9, 5),
        200,
        [(D(2026, 9, 25), 200, 200, 50)],
    )
    return SimpleNamespace(b1=b1, b2=b2)
