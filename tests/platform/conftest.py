from __future__ import annotations

import pytest

from tests.factories import (
    BuyerFactory,
    CoordinatorFactory,
    MemberFactory,
    OrganizationFactory,
    SiteFactory,
)


@pytest.fixture
def firm_a(db):
    org = OrganizationFactory(name="赤城精機株式会社")
    SiteFactory(organization=org)
    return org


@pytest.fixture
def firm_b(db):
    org = OrganizationFactory(name="榛名プレス工業株式会社")
    SiteFactory(organization=org)
    return org


@pytest.fixture
def unlisted_firm(db):
    org = OrganizationFactory(name="非公開金属株式会社", listed_in_directory=False)
    SiteFactory(organization=org)
    return org


@pytest.fixture
def member_a(firm_a):
    return MemberFactory(organization=firm_a, username="member_a")


@pytest.fixture
def member_b(firm_b):
    return MemberFactory(organization=firm_b, username="member_b")


@pytest.fixture
def buyer(db):
    return BuyerFactory(username="buyer1")


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory(username="coord")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # Before pytest-django orders the tests by kind of database use. Platform tests all work on the database; a test that reaches it only through
    # request.getfixturevalue() would otherwise run before the test database is set up.
    for item in items:
        if "tests/platform/" in str(item.fspath) and item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db)
