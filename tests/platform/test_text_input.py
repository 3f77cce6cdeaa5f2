"""Control characters are refused wherever text comes in: the forms, the API, the import and
the one write path under them all; a line break only in multi-line text (notes, descriptions).

Each refusal says why in the user's language and writes nothing.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

import renkei
from renkei.common.forms import TextFormMixin
from renkei.common.text import (
    find_control_character,
    reject_control_characters,
    strip_control_characters,
)
from renkei.orders.models import DailyReport
from renkei.registry import services
from renkei.registry.importing import import_registry
from renkei.registry.models import Organization, Process, Site
from tests.platform.api.conftest import ApiClient, assert_problem
from tests.platform.registry.importdata import csv_bytes, snapshot

BAD = ["\x07", "\x1b", "\x00", "\x7f", "\x85", "\x0b", "\ufffe"]
JA_MESSAGE = "制御文字"


# --- the rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize("character", BAD)
def test_the_rule_refuses_control_characters_in_any_text(character):
    for multiline in (False, True):
        assert find_control_character(f"赤城{character}精機", multiline=multiline) == character
    assert strip_control_characters(f"赤城{character}精機") == "赤城精機"


def test_line_breaks_and_tabs_only_in_multi_line_text():
    for character in "\n\r\t":
        assert find_control_character(f"a{character}b", multiline=True) is None
        assert find_control_character(f"a{character}b") == character
    assert find_control_character("株式会社　赤城 精機 ＝①㈱") is None


def test_the_message_is_japanese_by_default_and_english_on_request():
    with translation.override("ja"), pytest.raises(ValidationError) as caught:
        reject_control_characters("a\x07b")
    assert caught.value.code == "control_character"
    message = caught.value.messages[0]
    assert JA_MESSAGE in message and "U+0007" in message
    with translation.override("en"):
        assert "control character (U+0007)" in caught.value.messages[0]
    with translation.override("ja"), pytest.raises(ValidationError) as caught:
        reject_control_characters("a\nb")
    assert caught.value.code == "line_break" and "改行" in caught.value.messages[0]


# --- the write path: every service ------------------------------------------------------------


def test_the_write_path_refuses_what_any_service_is_given(coordinator, firm_a):
    before = Organization.objects.get(pk=firm_a.pk).name
    with pytest.raises(ValidationError) as caught:
        services.organization_update(
            actor=coordinator,
            organization=firm_a,
            name="赤城\x07精機",
            description="一行目\n二行目",
            employees=-1,
        )
    errors = caught.value.error_dict
    assert errors["name"][0].code == "control_character"
    assert "description" not in errors  # a line break is fine in a TextField
    assert "employees" in errors  # the model's own checks still run alongside
    assert Organization.objects.get(pk=firm_a.pk).name == before


def test_a_line_break_in_a_name_is_refused_by_the_write_path(coordinator, firm_a):
    site = firm_a.sites.get()
    with pytest.raises(ValidationError) as caught:
        services.site_save(actor=coordinator, organization=firm_a, site=site, address="太田市\n1-1")
    assert caught.value.error_dict["address"][0].code == "line_break"


# --- the forms --------------------------------------------------------------------------------


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for info in pkgutil.walk_packages(renkei.__path__, "renkei."):
        if ".engines" in info.name or info.name.endswith(("_command", ".cli")):
            continue
        module = importlib.import_module(info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
                and value.__module__.startswith("renkei.")
            ):
                found.append(value)
    return found


def test_every_form_of_the_package_refuses_control_characters():
    classes = _form_classes()
    assert len(classes) > 10, "form discovery is broken"
    missing = [
        f"{c.__module__}.{c.__qualname__}" for c in classes if not issubclass(c, TextFormMixin)
    ]
    assert not missing, f"forms not built on renkei.common.forms: {missing}"


def test_the_profile_form_refuses_a_control_character(client, member_a, firm_a):
    client.force_login(member_a)
    before = Organization.objects.get(pk=firm_a.pk)
    response = client.post(
        reverse("registry:organization_edit", args=[firm_a.pk]),
        {"name": "赤城\x1b精機", "industry": before.industry, "description": "改行は\r\nよい"},
        headers={"Accept-Language": "ja"},
    )
    assert response.status_code in (200, 422)
    assert "name" in response.context["form"].errors
    assert JA_MESSAGE in response.content.decode()
    assert Organization.objects.get(pk=firm_a.pk).name == before.name


def test_the_daily_report_form_takes_line_breaks_in_notes_only(client, member_a):
    client.force_login(member_a)
    process = Process.objects.get(code="turning")
    data = {
        "work_date": timezone.localdate().isoformat(),
        "worker_name": "赤城\n花子",
        "notes": "午前: 段取り\r\n午後: 加工",
        "e-TOTAL_FORMS": "1",
        "e-INITIAL_FORMS": "0",
        "e-MIN_NUM_FORMS": "0",
        "e-MAX_NUM_FORMS": "1000",
        "e-0-description": "NC旋盤 加工",
        "e-0-process": str(process.pk),
        "e-0-hours": "5",
        "e-0-qty_produced": "80",
        "e-0-remarks": "治具\x07交換",
    }
    response = client.post(reverse("orders:daily_new"), data)
    assert response.status_code == 422
    assert "worker_name" in response.context["form"].errors
    assert "notes" not in response.context["form"].errors
    assert "remarks" in response.context["entries"].forms[0].errors
    assert not DailyReport.objects.exists()
    data.update({"worker_name": "赤城 花子", "e-0-remarks": "治具交換"})
    assert client.post(reverse("orders:daily_new"), data).status_code == 302
    assert DailyReport.objects.get().notes == "午前: 段取り\r\n午後: 加工"


# --- the API ----------------------------------------------------------------------------------


def _api(user) -> ApiClient:
    client = Client()
    client.force_login(user)
    return ApiClient(client)


def test_the_api_refuses_a_control_character_on_create(coordinator):
    response = _api(coordinator).post(
        "/organizations", {"name": "赤城\x07精機"}, headers={"Accept-Language": "ja"}
    )
    body = assert_problem(response, 422, "validation_error")
    [error] = body["errors"]
    assert (error["field"], error["code"]) == ("name", "control_character")
    assert JA_MESSAGE in error["message"] and "U+0007" in error["message"]
    assert not Organization.objects.filter(name__startswith="赤城").exists()


def test_the_api_refuses_a_line_break_in_an_address_but_not_in_notes(member_a, firm_a):
    site = firm_a.sites.get()
    api = _api(member_a)
    body = assert_problem(
        api.patch(
            f"/sites/{site.pk}", {"address": "太田市\n1-1"}, headers={"Accept-Language": "en"}
        ),
        422,
        "validation_error",
    )
    assert body["errors"][0]["code"] == "line_break"
    assert "one line" in body["errors"][0]["message"]
    assert Site.objects.get(pk=site.pk).address == site.address
    body = assert_problem(
        api.patch(f"/organizations/{firm_a.pk}", {"description": "a\x00b"}),
        422,
        "validation_error",
    )
    assert body["errors"][0]["field"] == "description"
    response = api.patch(f"/organizations/{firm_a.pk}", {"description": "一行目\n二行目"})
    assert response.status_code == 200, response.content
    assert Organization.objects.get(pk=firm_a.pk).description == "一行目\n二行目"


def test_the_api_schema_states_the_rule():
    from renkei.api.api import api

    schema = api.get_openapi_schema()
    create = schema["components"]["schemas"]["OrganizationCreateIn"]["properties"]
    assert create["name"]["pattern"].startswith("^[^\\u0000-\\u001f")
    assert "\\u000b" in create["description"]["pattern"]  # tab and line breaks allowed


# --- the import -------------------------------------------------------------------------------


@pytest.mark.parametrize("character", ["\x07", "\x1b", "\x7f", "\n"])
def test_the_import_refuses_a_control_character_in_a_cell(coordinator, character):
    rows = [
        ["企業名", "本社住所", "事業内容"],
        ["株式会社上州精工", "群馬県太田市飯田町1-1", "一行目\n二行目"],
        [f"桐生{character}機械", "群馬県桐生市本町3-4", ""],
    ]
    before = snapshot()
    with translation.override("ja"):
        result = import_registry(data=csv_bytes(rows), filename="firms.csv", actor=coordinator)
    assert not result.ok
    [problem] = result.problems
    assert (problem.row, problem.column) == (3, "企業名")
    assert problem.code == ("line_break" if character == "\n" else "control_character")
    assert ("改行" if character == "\n" else JA_MESSAGE) in problem.message
    assert snapshot() == before


def test_the_import_takes_line_breaks_in_a_description(coordinator):
    rows = [["企業名", "本社住所", "事業内容"], ["株式会社上州精工", "太田市1-1", "一行目\n二行目"]]
    result = import_registry(data=csv_bytes(rows), filename="firms.csv", actor=coordinator)
    assert result.ok, result.problems
    assert Organization.objects.get(name="株式会社上州精工").description == "一行目\n二行目"


def test_the_import_refuses_a_file_with_nul_bytes(coordinator):
    rows = [["企業名", "本社住所"], ["桐生\x00機械", "群馬県桐生市本町3-4"]]
    before = snapshot()
    result = import_registry(data=csv_bytes(rows), filename="firms.csv", actor=coordinator)
    assert not result.ok and result.problems[0].row is None  # the whole file, not one cell
    assert snapshot() == before


def test_every_admin_page_of_the_domain_apps_refuses_control_characters():
    from django.contrib import admin

    domain = ("renkei.registry", "renkei.supply", "renkei.orders", "renkei.qcd")
    missing = []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith(domain):
            continue
        for page in [model_admin, *model_admin.inlines]:
            if not issubclass(page.form, TextFormMixin):
                missing.append(
                    f"{model.__name__}: {getattr(page, '__name__', type(page).__name__)}"
                )
    assert not missing, f"admin forms not built on renkei.common.admin: {missing}"


def test_the_admin_refuses_a_control_character(client, coordinator, firm_a):
    client.force_login(coordinator)
    site = firm_a.sites.get()
    url = reverse("admin:registry_site_change", args=[site.pk])
    page = client.get(url)
    if page.status_code != 200:
        pytest.skip("the coordinator has no admin page for sites")
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["organization"] = firm_a.pk
    data["address"] = "太田市\x07飯田町"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "address" in response.context["adminform"].form.errors
    assert Site.objects.get(pk=site.pk).address == site.address


def test_the_supply_import_refuses_a_control_character_in_an_item_name(buyer):
    from renkei.supply.importing import import_supply
    from renkei.supply.models import Item

    rows = [["品目コード", "品目名", "種別"], ["BR-100", "ブラケット\x1b[31m", "製品"]]
    with translation.override("en"):
        result = import_supply(data=csv_bytes(rows), filename="items.csv", actor=buyer)
        [problem] = result.problems
        assert (problem.row, problem.column, problem.code) == (2, "Item name", "control_character")
        assert "U+001B" in problem.message
    assert not Item.objects.exists()
