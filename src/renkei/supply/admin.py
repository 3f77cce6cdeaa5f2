from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from renkei.accounts.admin import keep_out_of_audit_log
from renkei.common.admin import ModelAdmin, TabularInline
from renkei.supply import models
from renkei.supply.permissions import PRICE_FIELDS, can_see_prices

# A firm's unit prices and margins are its own (see ``renkei.supply.permissions``): a
# coordinator manages the supply data in the admin without them. The superuser runs the platform.
ALL_PRICE_FIELDS = frozenset(name for names in PRICE_FIELDS.values() for name in names)
# Nor in the audit log, whose entries record the values.
for _model, _fields in PRICE_FIELDS.items():
    keep_out_of_audit_log(_model, _fields)


def _sees_prices(request: HttpRequest, owner: Any = None) -> bool:
    return bool(request.user.is_superuser) or can_see_prices(request.user, owner)


class PricesHiddenMixin:
    """Leaves the price fields out of forms, lists and query-string filters for those who may not
    read them. ``price_fields`` are the model's; ``_owner`` says whose an object is."""

    price_fields: tuple[str, ...] = ()

    def _owner(self, obj: Any) -> Any:
        return None

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        exclude = list(super().get_exclude(request, obj) or ())  # type: ignore[misc]
        if _sees_prices(request, None if obj is None else self._owner(obj)):
            return exclude
        return [*exclude, *self.price_fields]

    def get_list_display(self, request: HttpRequest) -> Any:
        shown = super().get_list_display(request)  # type: ignore[misc]
        if _sees_prices(request):
            return shown
        return [field for field in shown if field not in self.price_fields]

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        # ``?unit_price=…`` on the changelist would tell a price by filtering.
        if any(part in ALL_PRICE_FIELDS for part in lookup.split("__")) and not _sees_prices(
            request
        ):
            return False
        return bool(super().lookup_allowed(lookup, value, request))  # type: ignore[misc]


class BomLineInline(TabularInline):
    model = models.BomLine
    fk_name = "parent"
    extra = 0
    autocomplete_fields = ("child",)


class RoutingStepInline(TabularInline):
    model = models.RoutingStep
    extra = 0


class SourcingInline(PricesHiddenMixin, TabularInline):
    model = models.Sourcing
    extra = 0
    autocomplete_fields = ("site",)
    price_fields = PRICE_FIELDS[models.Sourcing]

    def _owner(self, obj: Any) -> Any:
        return obj.owner_id  # the inline's parent: the item


@admin.register(models.Item)
class ItemAdmin(PricesHiddenMixin, ModelAdmin):
    list_display = ("code", "name", "kind", "owner", "demand_per_day", "ttr_days")
    list_filter = ("kind", "owner")
    search_fields = ("code", "name", "owner__name")
    inlines = [BomLineInline, RoutingStepInline, SourcingInline]
    price_fields = PRICE_FIELDS[models.Item]

    def _owner(self, obj: Any) -> Any:
        return obj.owner_id


@admin.register(models.Sourcing)
class SourcingAdmin(PricesHiddenMixin, ModelAdmin):
    list_display = ("item", "site", "status", "share", "lead_time_days", "unit_price")
    list_filter = ("status",)
    search_fields = ("item__code", "item__name", "site__organization__name")
    autocomplete_fields = ("item", "site")
    price_fields = PRICE_FIELDS[models.Sourcing]

    def _owner(self, obj: Any) -> Any:
        return obj.item.owner_id


@admin.register(models.InventoryPosition)
class InventoryPositionAdmin(ModelAdmin):
    list_display = ("item", "site", "on_hand", "in_transit", "safety_stock")
    autocomplete_fields = ("item", "site")


@admin.register(models.SiteRecovery)
class SiteRecoveryAdmin(ModelAdmin):
    list_display = ("site", "ttr_days", "basis")
    autocomplete_fields = ("site",)
