"""Read-only reference data: processes, materials, municipalities; and /me."""

from __future__ import annotations

from renkei.registry.models import Material, Municipality, Process
from tests.platform.api.conftest import assert_problem


def test_processes_with_their_category(db, anon):
    body = anon.get("/processes").json()
    assert len(body) == Process.objects.count() > 20
    press = next(p for p in body if p["code"] == "pressing")
    assert press["name"] == "プレス" and press["category"]["code"] == "forming"
    forming = anon.get("/processes", {"category": "forming"}).json()
    assert forming and {p["category"]["code"] for p in forming} == {"forming"}
    english = anon.get("/processes", headers={"Accept-Language": "en"}).json()
    assert next(p for p in english if p["code"] == "pressing")["name"] == "Pressing"


def test_materials_and_municipalities(db, anon):
    materials = anon.get("/materials").json()
    assert {m["code"] for m in materials} == set(Material.objects.values_list("code", flat=True))
    municipalities = anon.get("/municipalities").json()
    assert len(municipalities) == Municipality.objects.count()
    ota = next(m for m in municipalities if m["code"] == "10205")
    assert (ota["name"], ota["prefecture"]) == ("太田市", "群馬県")
    gunma = anon.get("/municipalities", {"prefecture": "群馬県"}).json()
    assert gunma and {m["prefecture"] for m in gunma} == {"群馬県"}


def test_reference_data_is_read_only(as_coordinator):
    response = as_coordinator.post("/processes", {"code": "x"})
    assert_problem(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_me(as_coordinator, coordinator, anon):
    body = as_coordinator.get("/me").json()
    assert body == {
        "username": "coord",
        "name": str(coordinator),
        "role": "coordinator",
        "is_coordinator": True,
        "organization_id": None,
    }
    assert_problem(anon.get("/me"), 401, "not_authenticated")
