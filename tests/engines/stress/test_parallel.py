"""The sweep fanned out over local processes and over a Dask cluster gives the serial result."""

from __future__ import annotations

from typing import Any

import pytest

from renkei.engines.stress import Params, solve
from renkei.engines.stress.generate import generate_network


@pytest.fixture(scope="module")
def net_and_serial() -> tuple[Any, dict[str, Any]]:
    net = generate_network(600, seed=4)
    return net, solve(net).to_json()


def test_process_pool_matches_serial(net_and_serial: tuple[Any, dict[str, Any]]) -> None:
    net, serial = net_and_serial
    seen: list[float] = []
    result = solve(net, params=Params(workers=2), progress=lambda f, m="": seen.append(f))
    assert result.to_json() == serial
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_dask_cluster_matches_serial(net_and_serial: tuple[Any, dict[str, Any]]) -> None:
    from distributed import Client, LocalCluster

    net, serial = net_and_serial
    with (
        LocalCluster(
            n_workers=2,
            processes=False,
            threads_per_worker=1,
            dashboard_address=None,
            protocol="tcp",  # so the address form below is a real "tcp://host:port"
        ) as cluster,
        Client(cluster) as client,
    ):
        seen: list[float] = []
        result = solve(
            net,
            params=Params(dask_scheduler=client, chunks_per_worker=3),
            progress=lambda f, m="": seen.append(f),
        )
        assert result.to_json() == serial
        assert seen[-1] == 1.0
        # a scheduler address works too: solve opens and closes its own client
        assert cluster.scheduler_address.startswith("tcp://")
        by_address = solve(net, params=Params(dask_scheduler=cluster.scheduler_address))
        assert by_address.to_json() == serial
        # and a second sweep on the same client does not reuse the first one's results
        other = generate_network(300, seed=5)
        assert (
            solve(other, params=Params(dask_scheduler=client)).to_json() == solve(other).to_json()
        )
