"""What the supply import resolves rows to: plans for items and routing steps (registered, or
to be created by the same file) and the firms and sites a user may name, found through the
registry's permission gate."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from renkei.common.importing.cells import digits, lookup_key
from renkei.registry.models import Organization, Site
from renkei.registry.permissions import organizations_visible_to
from renkei.supply.models import Item, RoutingStep


@dataclass(eq=False)
class ItemPlan:
    code: str
    existing: Item | None
    obj: Item | None = None

    @property
    def instance(self) -> Item | None:
        return self.obj or self.existing

    @property
    def node(self) -> str:
        """The item's id in the BOM graph: registered items by key, new ones by code."""
        return f"I{self.existing.pk}" if self.existing is not None else f"N{self.code}"


@dataclass(eq=False)
class StepPlan:
    item: ItemPlan
    sequence: int
    existing: RoutingStep | None
    obj: RoutingStep | None = None

    @property
    def instance(self) -> RoutingStep | None:
        return self.obj or self.existing


def corporate_number_or_name(value: str) -> tuple[str, str]:
    """("number", "1234567890123") when ``value`` is 13 digits, else ("name", value)."""
    number = digits(value)
    if len(number) == 13 and number.isdigit():
        return ("number", number)
    return ("name", value)


class Firms:
    """Organisations ``actor`` may see (the registry's gate), by corporate number or name."""

    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self._sites: dict[int, list[Site]] = {}

    @cached_property
    def _visible(self) -> list[Organization]:
        return list(organizations_visible_to(self.actor).order_by("pk"))

    @cached_property
    def _by_number(self) -> dict[str, Organization]:
        return {o.corporate_number: o for o in self._visible if o.corporate_number}

    @cached_property
    def _by_name(self) -> dict[str, list[Organization]]:
        result: dict[str, list[Organization]] = {}
        for organization in self._visible:
            result.setdefault(lookup_key(organization.name), []).append(organization)
        return result

    def by_number(self, number: str) -> Organization | None:
        return self._by_number.get(number)

    def by_name(self, name: str) -> list[Organization]:
        return self._by_name.get(lookup_key(name), [])

    def sites(self, organization: Organization) -> list[Site]:
        if organization.pk not in self._sites:
            self._sites[organization.pk] = list(organization.sites.all())
        return self._sites[organization.pk]

    def site(self, organization: Organization, name: str | None) -> Site | None:
        """The site named ``name`` (compared loosely), or the head office when ``name`` is None."""
        sites = self.sites(organization)
        if name is None:
            return next((s for s in sites if s.is_headquarters), sites[0] if sites else None)
        key = lookup_key(name)
        return next((s for s in sites if lookup_key(s.name) == key), None)
