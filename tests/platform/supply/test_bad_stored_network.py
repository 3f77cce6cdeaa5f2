"""A supply network in the database that the engines refuse never answers a 500.

Rows that slipped past validation (an admin edit, a raw update, an old import) are written here
with the ORM's ``update()`` and ``bulk_create()``, which skip the forms, the services and
``full_clean``. Every way the platform runs the engines on the database — the analysis pages,
the stress-test job, ``renkei stress --from-db`` — then says which record is wrong, in Japanese,
by the engine's code, and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse

from renkei.jobs.models import Job, JobStatus
from renkei.registry.models import Site
from renkei.supply.models import BomLine, Item, SiteRecovery, Sourcing, SourcingStatus


def _bom_cycle(net: dict[str, Any]) -> None:
    # The car is made of part A, and now part A of the car (only a self-loop is a DB constraint).
    BomLine.objects.bulk_create(
        [BomLine(parent=net["part"], child=net["car"], qty_per_unit=Decimal(1))]
    )


def _negative_capacity(net: dict[str, Any]) -> None:
    Sourcing.objects.filter(item=net["part"]).update(capacity_per_day=Decimal(-5))


def _negative_price(net: dict[str, Any]) -> None:
    Sourcing.objects.filter(item=net["part"]).update(unit_price=Decimal(-1))


def _negative_margin(net: dict[str, Any]) -> None:
    Item.objects.filter(pk=net["car"].pk).update(margin=Decimal(-1))


def _negative_item_ttr(net: dict[str, Any]) -> None:
    Item.objects.filter(pk=net["part"].pk).update(ttr_days=Decimal(-2))


def _negative_site_ttr(net: dict[str, Any]) -> None:
    SiteRecovery.objects.filter(site=net["s1"]).update(ttr_days=Decimal(-3))


def _shares_over_one(net: dict[str, Any]) -> None:
    Sourcing.objects.filter(item=net["part"]).update(share=Decimal("0.8"))
    Sourcing.objects.bulk_create(
        [
            Sourcing(
                item=net["part"],
                site=net["second_site"],
                status=SourcingStatus.ACTIVE,
                share=Decimal("0.8"),
            )
        ]
    )


def _site_off_the_map(net: dict[str, Any]) -> None:
    Site.objects.filter(pk=net["s1"].pk).update(latitude=999.0)


def _part(net: dict[str, Any]) -> str:
    return str(net["part"])


def _cycle(net: dict[str, Any]) -> list[Item]:
    # The engine walks the cycle from the item whose node id ("I<pk>") sorts first.
    first, second = sorted([net["car"], net["part"]], key=lambda item: f"I{item.pk}")
    return [first, second, first]


def _edge(net: dict[str, Any]) -> str:
    return f"{net['part']} ← {net['s1']}"


# (how the data goes bad, the Japanese message the user reads)
BAD_DATA: dict[str, tuple[Callable[[dict[str, Any]], None], Callable[[dict[str, Any]], str]]] = {
    "bom_cycle": (
        _bom_cycle,
        lambda n: "部品表が循環しています: {} → {} → {}。".format(*_cycle(n)),
    ),
    "negative_capacity": (
        _negative_capacity,
        lambda n: f"{_edge(n)} の生産能力はマイナスにできません。",
    ),
    "negative_price": (_negative_price, lambda n: f"{_edge(n)} の単価はマイナスにできません。"),
    "negative_margin": (_negative_margin, lambda n: f"{n['car']} の利益はマイナスにできません。"),
    "negative_item_ttr": (
        _negative_item_ttr,
        lambda n: f"{_part(n)} の復旧時間はマイナスにできません。",
    ),
    "negative_site_ttr": (
        _negative_site_ttr,
        lambda n: f"{n['s1']} の復旧時間はマイナスにできません。",
    ),
    "shares_over_one": (
        _shares_over_one,
        lambda n: f"{_part(n)} の現行調達先の調達比率の合計が100%を超えています。",
    ),
    "site_off_the_map": (
        _site_off_the_map,
        lambda n: f"{n['s1']} の緯度または経度が範囲外です。",
    ),
}


@pytest.fixture(params=sorted(BAD_DATA))
def bad_network(request, car_network, firm_b) -> dict[str, Any]:
    """The car network with one bad row, and the message that names it."""
    net = {**car_network, "second_site": firm_b.sites.get()}
    spoil, message = BAD_DATA[request.param]
    spoil(net)
    # the labels as the database has them now
    net["car"].refresh_from_db()
    net["part"].refresh_from_db()
    net["s1"].refresh_from_db()
    net["message"] = message(net)
    return net


def _snapshot() -> dict[str, int]:
    """How many rows every table holds: a page that refuses writes none."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.label != "sessions.Session"
    }


def _pages(net: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (reverse("supply:overview"), {}),
        (reverse("supply:product_map", args=[net["car"].pk]), {}),
        (reverse("supply:scenario"), {}),
        (
            reverse("supply:scenario"),
            {"municipalities": [net["s1"].municipality_id], "ttr_days": "30"},
        ),
        (
            reverse("supply:whatif"),
            {"item": net["part"].pk, "site": net["second_site"].pk, "capacity_per_day": "150"},
        ),
    ]


def test_the_analysis_pages_say_what_is_wrong(client, bad_network):
    client.force_login(bad_network["buyer"])
    before = _snapshot()
    for url, query in _pages(bad_network):
        response = client.get(url, query, HTTP_ACCEPT_LANGUAGE="ja")
        assert response.status_code == 422, url
        html = response.content.decode()
        assert bad_network["message"] in html, url
        assert "サプライネットワークのデータに矛盾があるため分析できません。" in html
    assert _snapshot() == before


def test_the_stress_job_fails_with_the_message(
    client, bad_network, django_capture_on_commit_callbacks, caplog
):
    client.force_login(bad_network["buyer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("supply:stress_start"), HTTP_ACCEPT_LANGUAGE="en")
    job = Job.objects.get()
    assert response["Location"] == reverse("supply:stress_result", args=[job.pk])
    # The job speaks the platform's language (Japanese), whoever's browser started it.
    assert (job.status, job.result) == (JobStatus.FAILED, None)
    assert bad_network["message"] in job.error
    assert "Traceback" not in job.error and "must be" not in job.error
    # Bad data is the user's to correct, not a bug: the worker logs no traceback for it.
    assert not [r for r in caplog.records if r.exc_info], caplog.text
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="ja")
    assert page.status_code == 200
    assert bad_network["message"] in page.content.decode()


def test_cli_from_db_prints_the_message_and_exits_2(bad_network, capsys):
    from renkei.cli import main

    before = _snapshot()
    owner = bad_network["buyer"].organization_id
    assert main(["stress", "--from-db", "--buyer", str(owner), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    # STRESS.md's CLI contract: one line on stderr, "renkei stress: " and the reason.
    assert captured.err == f"renkei stress: {bad_network['message']}\n"
    assert _snapshot() == before


def test_a_site_with_zero_capacity_is_analysed(client, car_network):
    """Zero capacity is data, not an error: the pages and the stress test run on it."""
    Sourcing.objects.filter(item=car_network["part"]).update(capacity_per_day=Decimal(0))
    client.force_login(car_network["buyer"])
    for url, query in _pages({**car_network, "second_site": car_network["s1"]})[:4]:
        assert client.get(url, query).status_code == 200, url
    from renkei.supply.analysis import Scope, stress_run

    result = stress_run(Scope(owner_id=car_network["buyer"].organization_id))
    assert result["baseline_tts_days"] == 10  # the part's ten days of stock, then nothing
