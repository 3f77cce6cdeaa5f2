from django.contrib import admin

from renkei.supply import models


class BomLineInline(admin.TabularInline):
    model = models.BomLine
    fk_name = "parent"
    extra = 0
    autocomplete_fields = ("child",)


class RoutingStepInline(admin.TabularInline):
    model = models.RoutingStep
    extra = 0


class SourcingInline(admin.TabularInline):
    model = models.Sourcing
    extra = 0
    autocomplete_fields = ("site",)


@admin.register(models.Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "owner", "demand_per_day", "ttr_days")
    list_filter = ("kind", "owner")
    search_fields = ("code", "name", "owner__name")
    inlines = [BomLineInline, RoutingStepInline, SourcingInline]


@admin.register(models.Sourcing)
class SourcingAdmin(admin.ModelAdmin):
    list_display = ("item", "site", "status", "share", "lead_time_days", "unit_price")
    list_filter = ("status",)
    search_fields = ("item__code", "item__name", "site__organization__name")
    autocomplete_fields = ("item", "site")


@admin.register(models.InventoryPosition)
class InventoryPositionAdmin(admin.ModelAdmin):
    list_display = ("item", "site", "on_hand", "in_transit", "safety_stock")
    autocomplete_fields = ("item", "site")


@admin.register(models.SiteRecovery)
class SiteRecoveryAdmin(admin.ModelAdmin):
    list_display = ("site", "ttr_days", "basis")
    autocomplete_fields = ("site",)
