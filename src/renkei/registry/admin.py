from django.contrib import admin
from django.db import models as db_models

from renkei.common.admin import ModelAdmin, StackedInline, TabularInline
from renkei.registry import models


class SiteInline(StackedInline):
    model = models.Site
    extra = 0


class CertificationInline(TabularInline):
    model = models.Certification
    extra = 0


class ContactInline(TabularInline):
    model = models.Contact
    extra = 0


@admin.register(models.Organization)
class OrganizationAdmin(ModelAdmin):
    list_display = ("name", "kind", "corporate_number", "employees", "listed_in_directory")
    list_filter = ("kind", "listed_in_directory", "industry")
    search_fields = ("name", "name_kana", "name_en", "corporate_number")
    inlines = [SiteInline, CertificationInline, ContactInline]
    formfield_overrides = {db_models.URLField: {"assume_scheme": "https"}}


@admin.register(models.Site)
class SiteAdmin(ModelAdmin):
    list_display = ("organization", "name", "municipality", "address")
    list_filter = ("municipality",)
    search_fields = ("organization__name", "name", "address")
    autocomplete_fields = ("organization",)


@admin.register(models.Capability)
class CapabilityAdmin(ModelAdmin):
    list_display = ("site", "process", "monthly_capacity_hours", "current_load_hours")
    list_filter = ("process__category", "process")
    search_fields = ("site__organization__name", "process__name_ja")
    filter_horizontal = ("materials",)


@admin.register(models.Equipment)
class EquipmentAdmin(ModelAdmin):
    list_display = ("site", "name", "maker", "model_number", "year", "count")
    search_fields = ("site__organization__name", "name", "maker")


@admin.register(models.Certification)
class CertificationAdmin(ModelAdmin):
    list_display = ("organization", "kind", "expires_on")
    list_filter = ("kind",)


@admin.register(models.Contact)
class ContactAdmin(ModelAdmin):
    list_display = ("organization", "name", "emergency_role", "visibility")
    list_filter = ("emergency_role", "visibility")
    search_fields = ("organization__name", "name")


@admin.register(models.SkillHolding)
class SkillHoldingAdmin(ModelAdmin):
    list_display = ("organization", "process", "age_band", "workers")


for reference_model in (models.ProcessCategory, models.Process, models.Material):
    admin.site.register(reference_model, ModelAdmin, search_fields=("code", "name_ja", "name_en"))


@admin.register(models.Municipality)
class MunicipalityAdmin(ModelAdmin):
    list_display = ("code", "prefecture", "name_ja", "name_en")
    search_fields = ("code", "name_ja", "name_en")
