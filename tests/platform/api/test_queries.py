"""List and detail endpoints read in a fixed number of queries, however many rows."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    CapabilityFactory,
    CertificationFactory,
    OrganizationFactory,
    SiteFactory,
)


def _queries(api, path: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(path, params).status_code == 200
    return len(ctx.captured_queries)


def _grow(n: int) -> None:
    for _ in range(n):
        organization = OrganizationFactory()
        CertificationFactory(organization=organization)
        CapabilityFactory(
            site=SiteFactory(organization=organization), materials=["sus304", "a5052"]
        )


def test_lists_do_not_query_per_row(db, anon):
    _grow(2)
    few = (_queries(anon, "/organizations"), _queries(anon, "/capabilities"))
    _grow(6)
    many = (_queries(anon, "/organizations"), _queries(anon, "/capabilities"))
    assert many == few


def test_detail_does_not_query_per_site(anon, firm_a):
    CapabilityFactory(site=firm_a.sites.get())
    few = _queries(anon, f"/organizations/{firm_a.pk}")
    for n in range(4):
        CapabilityFactory(site=SiteFactory(organization=firm_a, name=f"工場{n}"))
    assert _queries(anon, f"/organizations/{firm_a.pk}") == few
