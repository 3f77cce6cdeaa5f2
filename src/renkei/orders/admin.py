from django.contrib import admin

from renkei.common.admin import ModelAdmin, StackedInline, TabularInline
from renkei.orders import models


class RfqLineInline(TabularInline):
    model = models.RfqLine
    extra = 0
    autocomplete_fields = ("item",)


class RfqRecipientInline(TabularInline):
    model = models.RfqRecipient
    extra = 0
    autocomplete_fields = ("supplier",)


@admin.register(models.Rfq)
class RfqAdmin(ModelAdmin):
    list_display = ("title", "buyer", "status", "needed_by", "created_at")
    list_filter = ("status",)
    search_fields = ("title", "buyer__name")
    autocomplete_fields = ("buyer",)
    inlines = [RfqLineInline, RfqRecipientInline]


class QuotePriceBreakInline(TabularInline):
    model = models.QuotePriceBreak
    extra = 0


@admin.register(models.Quote)
class QuoteAdmin(ModelAdmin):
    list_display = ("rfq", "supplier", "status", "valid_until", "lead_time_days")
    list_filter = ("status",)
    search_fields = ("rfq__title", "supplier__name")
    autocomplete_fields = ("rfq", "supplier")


@admin.register(models.QuoteLine)
class QuoteLineAdmin(ModelAdmin):
    list_display = ("quote", "rfq_line")
    inlines = [QuotePriceBreakInline]


class OrderLineInline(TabularInline):
    model = models.OrderLine
    extra = 0
    autocomplete_fields = ("item",)


@admin.register(models.PurchaseOrder)
class PurchaseOrderAdmin(ModelAdmin):
    list_display = ("number", "buyer", "supplier", "order_date")
    search_fields = ("number", "buyer__name", "supplier__name")
    autocomplete_fields = ("buyer", "supplier", "rfq")
    inlines = [OrderLineInline]


class InspectionInline(StackedInline):
    model = models.Inspection
    extra = 0


@admin.register(models.Receipt)
class ReceiptAdmin(ModelAdmin):
    list_display = ("order_line", "received_date", "qty_received")
    list_filter = ("received_date",)
    search_fields = ("order_line__po__number",)
    inlines = [InspectionInline]
