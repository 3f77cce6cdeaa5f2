"""The supply pages end to end on a network whose answer is known by hand.

The database holds STRESS.md's first example (a car needing one part A, made only at S1 with
ten days of stock): the adapter, the engine and the pages must reproduce its numbers.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from renkei.supply.adapters import item_node, site_node, supply_network


def test_adapter_builds_the_contract_network(car_network):
    scope = supply_network([car_network["car"]], name="t")
    part_item = scope.data.item(item_node(car_network["part"].pk))
    assert (part_item.kind, part_item.inventory, part_item.ttr_days) == ("part", 1000.0, 30.0)
    nodes = {n["id"]: n for n in scope.network["nodes"]}
    part = nodes[item_node(car_network["part"].pk)]
    assert part == {
        "id": part["id"],
        "name": part_item.name,
        "inventory": 1000.0,
        "type": "part",
        "ttr_days": 30.0,
    }
    assert nodes[site_node(car_network["plant"].pk)]["type"] == "plant"
    assert nodes[site_node(car_network["s1"].pk)]["ttr_days"] == 30.0


def test_stress_page_reproduces_the_hand_worked_example(
    client, car_network, django_capture_on_commit_callbacks
):
    from renkei.jobs.models import Job

    client.force_login(car_network["buyer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("supply:stress_start"))
    job = Job.objects.get()
    assert response["Location"] == reverse("supply:stress_result", args=[job.pk])
    results = {r["node"]: r for r in job.result["results"]}
    s1 = results[site_node(car_network["s1"].pk)]
    assert (s1["lost_units"], s1["lost_profit"], s1["tts_days"]) == (2000, 2_000_000, 10)
    plant = results[site_node(car_network["plant"].pk)]
    assert (plant["lost_units"], plant["lost_profit"], plant["tts_days"]) == (500, 500_000, 0)
    html = client.get(response["Location"]).content.decode()
    assert "最も影響の大きい3つ" in html or "three most exposed" in html
    assert "2,000,000" in html
    assert "単一調達" in html  # part A is single-sourced: the reason is shown


def test_area_scenario_names_the_products_lost(client, car_network):
    client.force_login(car_network["buyer"])
    code = car_network["s1"].municipality_id
    html = client.get(reverse("supply:scenario"), {"municipalities": [code], "ttr_days": "30"})
    assert html.status_code == 200
    outcome = html.context["outcome"]
    # Every site in the municipality is down: S1 and (same town) the plant too.
    assert outcome["result"]["lost_units"] == pytest.approx(3000)
    assert outcome["products"][0]["label"].startswith("CAR")


def test_whatif_backup_removes_the_loss(client, car_network, firm_b):
    client.force_login(car_network["buyer"])
    response = client.get(
        reverse("supply:whatif"),
        {"item": car_network["part"].pk, "site": firm_b.sites.get().pk, "capacity_per_day": "150"},
    )
    outcome = response.context["outcome"]
    rows = {r["node"]: r for r in outcome["rows"]}
    s1 = rows[site_node(car_network["s1"].pk)]
    assert s1["before"]["lost_units"] == 2000 and s1["after"]["lost_units"] == 0
    assert outcome["after_total_profit"] < outcome["before_total_profit"]


def test_overview_lists_the_single_source(client, car_network):
    client.force_login(car_network["buyer"])
    html = client.get(reverse("supply:overview")).content.decode()
    assert "A 部品A" in html and "CAR 乗用車" in html


def test_another_buyer_cannot_see_or_run_this_network(client, car_network, buyer):
    client.force_login(buyer)
    owner = car_network["buyer"].organization_id
    assert client.get(reverse("supply:overview"), {"owner": owner}).status_code == 403
    assert client.post(reverse("supply:stress_start"), {"owner": owner}).status_code == 403
    assert (
        client.get(reverse("supply:product_map", args=[car_network["car"].pk])).status_code == 404
    )
    # Its own (empty) network shows nothing of the car maker's.
    html = client.get(reverse("supply:overview")).content.decode()
    assert "乗用車" not in html


def test_member_supplier_cannot_open_the_buyers_map(client, car_network, member_a):
    client.force_login(member_a)
    url = reverse("supply:product_map", args=[car_network["car"].pk])
    assert client.get(url).status_code in (403, 404)


def test_coordinator_runs_the_whole_cluster(client, car_network, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("supply:overview")).content.decode()
    assert "CAR 乗用車" in html


def test_cli_from_db_prints_the_contract_output(car_network, capsys):
    import json

    from renkei.cli import main

    owner = car_network["buyer"].organization_id
    assert main(["stress", "--from-db", "--buyer", str(owner), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    rows = {r["node"]: r for r in out["results"]}
    assert rows[site_node(car_network["s1"].pk)]["lost_profit"] == 2_000_000
    assert out["baseline_tts_days"] == "inf"


def test_cli_from_db_refuses_bad_arguments(db, capsys):
    from renkei.cli import main

    assert main(["stress", "--from-db", "--buyer", "999999"]) == 2
    assert "999999" in capsys.readouterr().err
    assert main(["stress", "--from-db"]) == 2
    assert main(["stress"]) == 2


def test_running_stress_page_polls_itself_only(client, car_network):
    from renkei.jobs.models import Job, JobStatus

    job = Job.objects.create(
        kind="supply.stress",
        title="t",
        owner=car_network["buyer"],
        status=JobStatus.RUNNING,
        progress=0.5,
        params={"owner_id": car_network["buyer"].organization_id},
    )
    client.force_login(car_network["buyer"])
    html = client.get(reverse("supply:stress_result", args=[job.pk])).content.decode()
    assert html.count('hx-trigger="every 1s"') == 1
    assert reverse("jobs:detail", args=[job.pk]) not in html
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED, result={"results": []})
    detail = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert reverse("supply:stress_result", args=[job.pk]) in detail


def test_stress_sweep_fans_out_on_a_configured_dask_scheduler(settings, car_network):
    from distributed import LocalCluster

    from renkei.supply.analysis import Scope, stress_run

    scope = Scope(owner_id=car_network["buyer"].organization_id)
    local = stress_run(scope)
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        settings.DASK_SCHEDULER_ADDRESS = cluster.scheduler_address
        distributed = stress_run(scope)
        assert cluster.scheduler.transition_counter > 0  # tasks really ran on the cluster
    assert distributed["results"] == local["results"]
