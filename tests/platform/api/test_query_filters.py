"""Text filters of the list endpoints refuse control characters with 422, as body text does.

A NUL in a query string (``?prefecture=%00``) answered 500 on PostgreSQL, which cannot hold it
in a string literal (found by schemathesis); the schema states the rule as a pattern.
"""

from __future__ import annotations

import pytest

from tests.platform.api.conftest import assert_problem, field_codes

FILTERS = [
    ("/organizations", "q"),
    ("/organizations", "process"),
    ("/organizations", "material"),
    ("/organizations", "municipality"),
    ("/capabilities", "process"),
    ("/capabilities", "category"),
    ("/capabilities", "material"),
    ("/capabilities", "municipality"),
    ("/processes", "category"),
    ("/municipalities", "prefecture"),
]


@pytest.mark.parametrize(("path", "name"), FILTERS)
def test_a_control_character_in_a_filter_is_a_422(anon, path, name):
    body = assert_problem(anon.get(path, {name: "群馬\x00県"}), 422, "validation_error")
    assert field_codes(body) == {name: "control_character"}


@pytest.mark.parametrize(("path", "name"), FILTERS)
def test_the_schema_states_it(client, path, name):
    schema = client.get("/api/v1/openapi.json").json()
    parameters = schema["paths"][f"/api/v1{path}"]["get"]["parameters"]
    parameter = next(p for p in parameters if p["name"] == name)
    assert "\\u0000" in parameter["schema"]["pattern"]


def test_plain_japanese_filters_still_work(anon, firm_a):
    response = anon.get("/municipalities", {"prefecture": "群馬県"})
    assert response.status_code == 200 and response.json()


def test_a_nul_in_a_code_of_the_body_is_a_422(as_member_a, member_a):
    site = member_a.organization.sites.get()
    response = as_member_a.post(
        f"/sites/{site.pk}/capabilities",
        {"process": "turning\x00", "materials": ["\x00"], "monthly_capacity_hours": 1},
    )
    body = assert_problem(response, 422, "validation_error")
    assert set(field_codes(body).values()) == {"control_character"}
    response = as_member_a.patch(f"/sites/{site.pk}", {"municipality": "1020\x00"})
    assert field_codes(assert_problem(response, 422, "validation_error")) == {
        "municipality": "control_character"
    }
