"""Schemathesis against the live schema, as a member, a buyer and the coordinator.

Every operation of ``/api/v1/openapi.json`` is called with requests that the schema says are
valid (positive generation, a bounded number of examples, derandomised by the hypothesis
profile of ``tests/conftest.py``), through the Django app in this process. For each answer:

- no server error (``not_a_server_error``);
- the status and the body are the ones the schema documents (``status_code_conformance``,
  ``response_schema_conformance``, ``content_type_conformance``);
- a valid request is accepted (:func:`valid_request_accepted`): the only refusals allowed are
  the ones no schema can state because they depend on the data — 403 (not yours to change),
  404 (no such object, or not yours to see), 409 (a duplicate, a stale version) — and the
  422s of :data:`DATA_DEPENDENT_CODES` (a code that must exist in the reference data, a check
  digit, a range across two fields). Any other 422 is a validation the schema does not state:
  fix the schema (or the server).

Path ids are mostly mapped onto objects that exist, so the changes reach the services and not
only the 404 of an unknown id. ``make schemathesis`` runs it alone with more examples.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from renkei.accounts.services import api_token_create
from renkei.commands.openapi import live_schema
from renkei.registry.models import Capability, Organization, Site
from tests.factories import (
    BuyerFactory,
    CapabilityFactory,
    CoordinatorFactory,
    MemberFactory,
    OrganizationFactory,
    SiteFactory,
)

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "12"))

# 422s that depend on the data, not on the request's shape, as (field, code): the schema
# states the format (a pattern, a range) but cannot know which codes exist, compute a check
# digit or compare two fields.
DATA_DEPENDENT_ERRORS = frozenset(
    {
        ("process", "unknown_process"),  # a process code not in the taxonomy
        ("materials", "unknown_material"),
        ("municipality", "invalid"),  # a municipality code not in the table (a foreign key)
        ("corporate_number", "corporate_number_check_digit"),
        ("lot_max", "lot_range"),  # lot_max below lot_min
    }
)
ALLOWED_REFUSALS = frozenset({403, 404, 409})


class InProcessApp:
    """The Django app as a WSGI callable for schemathesis, inside the test's transaction.

    Django closes the database connection when a request ends (``close_old_connections``);
    inside a test that would end the test's transaction. As Django's test client does, the
    request runs with that disconnected, and the body is read and closed before it returns.
    """

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            body = b"".join(response)
            response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [body]


def valid_request_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    """A request the schema calls valid is not refused for its shape (see the module)."""
    status = response.status_code
    if status < 400 or status in ALLOWED_REFUSALS or status >= 500:
        return None
    body = json.loads(response.content or b"{}")
    errors = {(e["field"], e["code"]) for e in body.get("errors", [])}
    if status == 422 and errors and errors <= DATA_DEPENDENT_ERRORS:
        return None
    raise AssertionError(
        f"Valid request rejected: {case.method} {case.formatted_path} -> {status} "
        f"{body.get('code')} {body.get('errors')}\nbody sent: {case.body!r}\n"
        f"query: {case.query!r} headers: {case.headers!r}"
    )


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    valid_request_accepted,
]


@pytest.fixture
def cluster(db: None) -> dict[str, dict[str, str]]:
    """A small cluster (two member firms with sites and capabilities, a buyer, a
    coordinator) and the Authorization header of each role."""
    firm_a, firm_b = OrganizationFactory(), OrganizationFactory(listed_in_directory=False)
    for firm in (firm_a, firm_b):
        site = SiteFactory(organization=firm)
        CapabilityFactory(site=site)
    users = {
        "member": MemberFactory(organization=firm_a),
        "buyer": BuyerFactory(),
        "coordinator": CoordinatorFactory(),
    }
    headers = {}
    for role, user in users.items():
        _token, raw = api_token_create(user=user, name="schemathesis")
        headers[role] = {"Authorization": f"Bearer {raw}"}
    return headers


# The schema the running code serves (the same as GET /api/v1/openapi.json, which
# test_openapi.py compares with the committed file), loaded at collection: schemathesis makes
# one test per operation of it.
schema = schemathesis.openapi.from_dict(live_schema())
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE], max_examples=MAX_EXAMPLES, with_security_parameters=False
)
APP = InProcessApp()

ID_PARAMETERS = {
    "organization_id": Organization,
    "site_id": Site,
    "capability_id": Capability,
}


def _point_at_existing_objects(case: Any) -> None:
    """Most generated ids become the id of an object that exists (every fourth stays as
    drawn, mostly a 404), so that reads and changes reach the gate and the services."""
    for name, value in list((case.path_parameters or {}).items()):
        model = ID_PARAMETERS.get(name)
        if model is None or not isinstance(value, int) or value % 4 == 0:
            continue
        ids = sorted(model.objects.values_list("pk", flat=True))
        case.path_parameters[name] = ids[value % len(ids)]


def _schemathesis_test(role: str) -> Any:
    @schema.parametrize()
    @settings(max_examples=MAX_EXAMPLES, suppress_health_check=list(HealthCheck), deadline=None)
    def test(case: Any, cluster: dict[str, Any], settings: Any) -> None:
        settings.ALLOWED_HOSTS = ["*"]
        _point_at_existing_objects(case)
        case.call_and_validate(app=APP, headers=cluster[role], checks=CHECKS)

    test.__name__ = f"test_the_api_keeps_its_schema_as_{role}"
    return test


test_the_api_keeps_its_schema_as_member = _schemathesis_test("member")
test_the_api_keeps_its_schema_as_buyer = _schemathesis_test("buyer")
test_the_api_keeps_its_schema_as_coordinator = _schemathesis_test("coordinator")
