"""Invariants of the stress test on random networks (hypothesis draws the seeds and changes)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renkei.engines.stress import Network, Options, solve, with_added_source
from tests.engines.stress.randnet import random_network

SETTINGS = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
TOL = 1e-6


def _full_service(net: Network) -> Network:
    # PI = 0 <=> TTS >= TTR holds for α = 1 (the TTS LP then asks for all demand).
    return replace(net, options=Options(tts_service_level=1.0, tts_cap_days=1e6))


def _no_worse(before: float, after: float, scale: float) -> bool:
    return after <= before + TOL * max(1.0, scale)


@SETTINGS
@given(st.integers(0, 10**6))
def test_no_loss_exactly_when_the_network_survives_the_ttr(seed: int) -> None:
    result = solve(_full_service(random_network(seed, size=seed % 3)))
    for row in result.rows:
        survives = row.tts_days >= row.ttr_days * (1 - TOL) - TOL
        assert (row.lost_units <= TOL * max(1.0, row.ttr_days)) == survives, row
        assert row.exposed == (row.tts_days < row.ttr_days)
        if row.lost_units == 0:
            assert row.lost_profit == 0


@SETTINGS
@given(st.integers(0, 10**6))
def test_rei_and_rank_are_consistent(seed: int) -> None:
    result = solve(random_network(seed, size=2))
    rows = result.rows
    assert [r.rank for r in rows] == list(range(1, len(rows) + 1))
    for metric in ("units", "profit"):
        rei = [getattr(r, f"rei_{metric}") for r in rows]
        pi = [getattr(r, f"lost_{metric}") for r in rows]
        assert all(0 <= v <= 1 for v in rei)
        assert (max(rei, default=0) == 1.0) == (max(pi, default=0) > 0)
    keys = [(-r.rei_profit, -r.rei_units, r.node) for r in rows]
    assert keys == sorted(keys)


@SETTINGS
@given(st.integers(0, 10**6), st.data())
def test_adding_a_source_never_hurts(seed: int, data: st.DataObject) -> None:
    net = random_network(seed, size=seed % 3)
    sites = [n.id for n in net.nodes if n.is_site] + ["NEW_SITE"]
    items = [n.id for n in net.nodes if not n.is_site]
    existing = {(e.site, e.makes) for e in net.supply}
    site = data.draw(st.sampled_from(sites))
    item = data.draw(st.sampled_from(items))
    if (site, item) in existing:
        return
    cap = data.draw(st.sampled_from([None, 1.0, 10.0]))
    before, after = solve(net), solve(with_added_source(net, site, item, cap))
    demand = sum(n.demand_per_day for n in net.nodes)
    margin = max(1.0, max(n.margin for n in net.nodes))
    assert _no_worse(after.baseline_tts_days, before.baseline_tts_days, 1.0)
    for row in before.rows:
        new = after.row(row.node)
        scale = demand * row.ttr_days
        assert _no_worse(row.lost_units, new.lost_units, scale)
        assert _no_worse(row.lost_profit, new.lost_profit, scale * margin)
        assert new.tts_days >= row.tts_days * (1 - TOL) - TOL


@SETTINGS
@given(st.integers(0, 10**6), st.data())
def test_more_inventory_never_hurts(seed: int, data: st.DataObject) -> None:
    net = random_network(seed, size=seed % 3)
    items = [n.id for n in net.nodes if not n.is_site]
    item = data.draw(st.sampled_from(items))
    extra = data.draw(st.sampled_from([1.0, 25.0, 1000.0]))
    nodes = tuple(
        replace(n, inventory=n.inventory + extra) if n.id == item else n for n in net.nodes
    )
    before, after = solve(net), solve(replace(net, nodes=nodes))
    demand = sum(n.demand_per_day for n in net.nodes)
    margin = max(1.0, max(n.margin for n in net.nodes))
    for row in before.rows:
        new = after.row(row.node)
        scale = demand * row.ttr_days
        assert _no_worse(row.lost_units, new.lost_units, scale)
        assert _no_worse(row.lost_profit, new.lost_profit, scale * margin)
        assert new.tts_days >= row.tts_days * (1 - TOL) - TOL
