"""Services take their fields as typed keyword arguments: a misspelt one is a TypeError.

ADR 0004: ``<noun>_<verb>(*, actor, <typed keyword arguments>)``, never ``data: dict``. The
fields are a ``TypedDict`` per model (:mod:`renkei.common.services`); these tests hold the
run-time half of the contract (mypy holds the other) and keep the ``TypedDict``s in step with
the models and the forms that feed them.
"""

from __future__ import annotations

import inspect
import typing
from decimal import Decimal
from typing import Any, TypedDict, Unpack

import pytest
from auditlog.models import LogEntry
from django.db import models

from renkei.common.services import atomic_service
from renkei.registry import forms as registry_forms
from renkei.registry import services
from renkei.registry.models import (
    Capability,
    Certification,
    Contact,
    Equipment,
    Organization,
    Site,
    SkillHolding,
)
from renkei.registry.views import CHILD_KINDS
from renkei.supply import services as supply_services
from renkei.supply.models import InventoryPosition, Item, Sourcing
from tests.factories import CapabilityFactory, ContactFactory, ItemFactory


def _fields_of(service: Any) -> frozenset[str]:
    hints = typing.get_type_hints(service)
    (typed,) = typing.get_args(hints["fields"])
    return frozenset(typed.__required_keys__ | typed.__optional_keys__)


def _keywords_of(service: Any) -> frozenset[str]:
    named = {p for p in inspect.signature(service).parameters if p != "fields"}
    return frozenset(named) | _fields_of(service)


def _snapshot(model: type[models.Model]) -> list[tuple[Any, ...]]:
    return list(model.objects.order_by("pk").values_list())


def test_a_service_sets_the_fields_given_as_keywords(coordinator, firm_a):
    saved = services.organization_update(
        actor=coordinator, organization=firm_a, employees=42, version=firm_a.version
    )
    fresh = Organization.objects.get(pk=firm_a.pk)
    assert (saved.employees, fresh.employees) == (42, 42)
    assert fresh.name == firm_a.name  # a field not given is not written
    assert fresh.version == firm_a.version + 1


def _misspelt_calls(coordinator, firm_a) -> dict[str, tuple[Any, type[models.Model], str]]:
    site = firm_a.sites.get()
    capability = CapabilityFactory(site=site)
    contact = ContactFactory(organization=firm_a)
    item = ItemFactory(owner=firm_a)

    def org() -> Any:
        return services.organization_update(
            actor=coordinator, organization=firm_a, employees=7, nmae="誤字"
        )

    def site_change() -> Any:
        return services.site_save(
            actor=coordinator, organization=firm_a, site=site, name="第一", adress="太田市"
        )

    def capability_change() -> Any:
        return services.capability_save(
            actor=coordinator, capability=capability, lot_min=5, note="memo"
        )

    def contact_new() -> Any:
        return services.contact_save(
            actor=coordinator, organization=firm_a, name="山田", emial="a@example.jp"
        )

    def contact_change() -> Any:
        return services.contact_save(
            actor=coordinator, organization=firm_a, contact=contact, phone="1", titel="課長"
        )

    def item_new() -> Any:
        return supply_services.item_save(
            actor=coordinator, owner=firm_a, code="X-1", name="部品", demand_per_dya=1
        )

    def inventory_new() -> Any:
        return supply_services.inventory_save(
            actor=coordinator, site=site, item=item, on_hand=Decimal(1), safty_stock=Decimal(2)
        )

    return {
        "organization_update": (org, Organization, "nmae"),
        "site_save": (site_change, Site, "adress"),
        "capability_save": (capability_change, Capability, "note"),
        "contact_save (new)": (contact_new, Contact, "emial"),
        "contact_save (change)": (contact_change, Contact, "titel"),
        "item_save": (item_new, Item, "demand_per_dya"),
        "inventory_save": (inventory_new, InventoryPosition, "safty_stock"),
    }


@pytest.mark.parametrize(
    "name",
    [
        "organization_update",
        "site_save",
        "capability_save",
        "contact_save (new)",
        "contact_save (change)",
        "item_save",
        "inventory_save",
    ],
)
def test_a_misspelt_field_is_a_type_error_and_writes_nothing(name, coordinator, firm_a):
    call, model, misspelt = _misspelt_calls(coordinator, firm_a)[name]
    before, logged = _snapshot(model), LogEntry.objects.count()
    with pytest.raises(TypeError) as caught:
        call()
    message = str(caught.value)
    service = name.split()[0]
    assert f"{service}() got an unexpected keyword argument '{misspelt}'" in message
    assert _snapshot(model) == before  # not even the correctly spelt fields
    assert LogEntry.objects.count() == logged


def test_a_data_dict_is_no_longer_taken(coordinator):
    with pytest.raises(TypeError, match="unexpected keyword argument 'data'"):
        services.organization_create(actor=coordinator, data={"name": "新規工業"})
    assert not Organization.objects.filter(name="新規工業").exists()
    created = services.organization_create(actor=coordinator, name="新規工業")
    assert Organization.objects.get(pk=created.pk).name == "新規工業"


# The parent a service is given as a parameter rather than as a field.
SERVICES_AND_MODELS = [
    (services.organization_update, Organization, set()),
    (services.site_save, Site, {"organization"}),
    (services.capability_save, Capability, {"site", "materials"}),
    (services.equipment_save, Equipment, {"site"}),
    (services.certification_save, Certification, {"organization"}),
    (services.contact_save, Contact, {"organization"}),
    (services.skill_holding_save, SkillHolding, {"organization"}),
    (supply_services.item_save, Item, set()),
    (supply_services.sourcing_save, Sourcing, set()),
    (supply_services.inventory_save, InventoryPosition, set()),
]


@pytest.mark.parametrize(
    ("service", "model", "parameters"),
    SERVICES_AND_MODELS,
    ids=[s.__name__ for s, _, _ in SERVICES_AND_MODELS],
)
def test_the_fields_are_the_models_editable_fields(service, model, parameters):
    editable = {
        f
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many) and f.editable and not f.auto_created
    }
    names = {f.name for f in editable}
    attnames = {f.attname for f in editable if f.concrete}
    fields = _fields_of(service)
    assert fields <= names | attnames, "a field the model does not have"
    assert names - parameters <= fields, "an editable field the service cannot set"
    assert parameters <= set(inspect.signature(service).parameters)


FORMS_AND_SERVICES = [
    (registry_forms.OrganizationForm, services.organization_update),
    (CHILD_KINDS["sites"].form, services.site_save),
    (CHILD_KINDS["capabilities"].form, services.capability_save),
    (CHILD_KINDS["equipment"].form, services.equipment_save),
    (CHILD_KINDS["certifications"].form, services.certification_save),
    (CHILD_KINDS["contacts"].form, services.contact_save),
    (CHILD_KINDS["skills"].form, services.skill_holding_save),
]


@pytest.mark.parametrize(
    ("form", "service"), FORMS_AND_SERVICES, ids=[f.__name__ for f, _ in FORMS_AND_SERVICES]
)
def test_every_field_of_an_edit_form_is_a_keyword_of_its_service(form, service):
    # The page hands form.service_data() to the service as keywords: a form field the service
    # does not take would make every submit of the page a TypeError.
    assert set(form.base_fields) - {"version"} <= _keywords_of(service)


# --- the decorator ----------------------------------------------------------------------------
class _Fields(TypedDict, total=False):
    name: str


def test_a_service_whose_fields_are_untyped_is_refused_when_defined():
    with pytest.raises(TypeError, match=r"\*\*fields must be typed as Unpack"):

        @atomic_service
        def loose(*, actor: Any, **fields: Any) -> None:
            pass


def test_a_name_both_a_parameter_and_a_field_is_refused_when_defined():
    with pytest.raises(TypeError, match="name both a parameter and a field"):

        @atomic_service
        def twice(*, actor: Any, name: str, **fields: Unpack[_Fields]) -> None:
            pass


@pytest.mark.django_db(transaction=True)
def test_a_service_runs_in_one_transaction():
    @atomic_service
    def create_then_fail(*, actor: Any, **fields: Unpack[_Fields]) -> None:
        Organization.objects.create(**fields)
        raise RuntimeError("refused after the first write")

    with pytest.raises(RuntimeError):
        create_then_fail(actor=None, name="途中工業")
    assert not Organization.objects.filter(name="途中工業").exists()
