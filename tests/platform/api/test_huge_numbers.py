"""Numbers too big for the database are a 422 problem+json, not a 500."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/capabilities?organization=99999999999999999999999",
        "/api/v1/organizations?offset=99999999999999999999999",
    ],
)
def test_api_refuses_huge_numbers_with_422(client, db, url):
    response = client.get(url)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
