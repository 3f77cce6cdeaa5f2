"""Where a firm stands in its cluster, and the coordinator's aggregates: medians and quartiles
only, never another firm's id, name or figure, and nothing below seven firms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from renkei.qcd.cluster import MIN_FIRMS, cluster_aggregates, standing_for
from tests.factories import (
    BuyerOrganizationFactory,
    CapabilityFactory,
    InspectionFactory,
    OrderLineFactory,
    OrganizationFactory,
    PurchaseOrderFactory,
    ReceiptFactory,
    SiteFactory,
)

AS_OF = dt.date(2026, 10, 15)
DISTINCT_PPM = 123_000  # the worst firm's figure: must never show
DISTINCT_NAME = "秘匿特殊鋼株式会社"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: AS_OF)


def _supply(buyer, firm, rejected: int, *, month: int = 9, received_day: int = 10):
    """One line of 1,000 to ``firm``, due in ``month`` 2026, ``rejected`` of 1,000 rejected."""
    po = PurchaseOrderFactory(buyer=buyer, supplier=firm, order_date=dt.date(2026, month, 1))
    line = OrderLineFactory(
        po=po, qty_ordered=Decimal(1000), promised_date=dt.date(2026, month, 12)
    )
    receipt = ReceiptFactory(
        order_line=line,
        received_date=dt.date(2026, month, received_day),
        qty_received=Decimal(1000),
    )
    InspectionFactory(
        receipt=receipt,
        qty_inspected=Decimal(1000),
        qty_rejected=Decimal(rejected),
        defect_class="dimension" if rejected else "",
    )


def _machining_firm(name: str | None = None):
    firm = OrganizationFactory(**({"name": name} if name else {}))
    CapabilityFactory(site=SiteFactory(organization=firm))
    return firm


@pytest.fixture
def cluster(firm_a, member_a):
    """firm_a and five others (2,000 ppm for firm_a) with machining, and with ``seventh`` a
    seventh firm at 123,000 ppm and a 27-day lead time."""
    buyer = BuyerOrganizationFactory()
    CapabilityFactory(site=firm_a.sites.get())
    _supply(buyer, firm_a, 2)
    for rejected in (1, 3, 4, 5, 6):
        _supply(buyer, _machining_firm(), rejected)

    def seventh():
        firm = _machining_firm(DISTINCT_NAME)
        _supply(buyer, firm, DISTINCT_PPM // 1000, received_day=28)
        return firm

    return seventh


def test_standing_with_seven_firms_shows_quartiles_and_nothing_of_the_others(
    client, cluster, firm_a, member_a
):
    other = cluster()
    client.force_login(member_a)
    response = client.get(reverse("qcd:qcd_standing"))
    assert response.status_code == 200
    html = response.content.decode()
    # ppm of the seven: 1,000 2,000 3,000 4,000 5,000 6,000 123,000 -> Q1 2,500, median 4,000,
    # Q3 5,500; firm_a (2,000) is in the best quarter.
    (group,) = response.context["processes"]
    ppm = next(f["standing"] for f in group["figures"] if f["figure"].key == "defect_ppm")
    assert (ppm.status, ppm.n, ppm.value) == ("ok", 7, 2000.0)
    assert (ppm.q1, ppm.median, ppm.q3, ppm.quartile) == (2500.0, 4000.0, 5500.0, 1)
    assert all(f["standing"].firm == str(firm_a.pk) for f in group["figures"])
    assert "2500" in html and "4000" in html and "5500" in html
    assert str(DISTINCT_PPM) not in html and "123,000" not in html
    assert DISTINCT_NAME not in html and other.corporate_number not in html
    assert f"/{other.pk}/" not in html


def test_standing_with_six_firms_shows_only_too_few(client, cluster, member_a):
    client.force_login(member_a)
    response = client.get(reverse("qcd:qcd_standing"))
    html = response.content.decode()
    (group,) = response.context["processes"]
    assert {f["standing"].status for f in group["figures"]} == {"too_few"}
    assert html.count("比較できる企業数が不足しています") == 4
    assert "中央値" in html  # the column header only
    for value in ("2500", "3500", "4000", "5500", "1000", "6000"):
        assert value not in html
    assert "区分" not in html.split("<table")[1].split("</table>")[0].split("</thead>")[1]


def test_standing_min_firms_is_stricter_than_the_engine():
    assert MIN_FIRMS == 7


def test_standing_without_capabilities_or_data(client, firm_b, member_b, cluster):
    cluster()
    client.force_login(member_b)
    response = client.get(reverse("qcd:qcd_standing"))
    assert response.status_code == 200
    assert response.context["processes"] == []
    assert "まだ登録されていません" in response.content.decode()
    CapabilityFactory(site=firm_b.sites.get())
    (group,) = standing_for(firm_b, as_of=AS_OF)
    assert {f["standing"].status for f in group["figures"]} == {"no_data"}


@pytest.mark.parametrize(
    ("who", "status"),
    [("member_a", 200), ("buyer", 200), ("coordinator", 403), ("anonymous", 302)],
)
def test_standing_by_role(client, request, who, status):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("qcd:qcd_standing")).status_code == status


def test_aggregates_medians_and_pooled_trend_without_names(client, cluster, coordinator, firm_a):
    other = cluster()
    lone = _machining_firm("八月だけ工業株式会社")
    _supply(BuyerOrganizationFactory(), lone, 77, month=8)  # 77,000 ppm, alone in August
    client.force_login(coordinator)
    response = client.get(reverse("qcd:qcd_aggregates"))
    assert response.status_code == 200
    html = response.content.decode()
    (process,) = response.context["processes"]
    assert process["firms"] == 8
    ppm = next(f["summary"] for f in process["figures"] if f["figure"].key == "defect_ppm")
    # Eight firms with data: 1,000 … 6,000, 77,000 and 123,000.
    assert (ppm.status, ppm.n) == ("ok", 8)
    (category,) = response.context["categories"]
    assert category["firms"] == 8
    trend = {t["month"]: t for t in response.context["trend"]}
    september = trend["2026-09"]
    assert september["suppliers"] == 7 and not september["withheld"]
    # The engine with every line as one supplier: Σ rejected / Σ inspected.
    assert september["row"].defect_ppm == pytest.approx(144 / 7000 * 1e6)
    assert september["row"].otd_qty == pytest.approx(6000 / 7000)
    assert trend["2026-08"]["withheld"] and trend["2026-08"]["row"] is None
    assert "77000" not in html
    for name in (firm_a.name, other.name, lone.name, DISTINCT_NAME):
        assert name not in html
    assert str(DISTINCT_PPM) not in html
    assert 'id="trend-data"' in html


def test_aggregates_withhold_small_groups(cluster):
    data = cluster_aggregates(as_of=AS_OF)
    assert data["processes"] == []  # six firms
    (category,) = data["categories"]
    assert {f["summary"].status for f in category["figures"]} == {"too_few"}


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("buyer", 403),
        ("member_a", 403),
        ("member_b", 403),
        ("anonymous", 302),
    ],
)
def test_aggregates_are_the_coordinators(client, request, who, status):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("qcd:qcd_aggregates")).status_code == status
