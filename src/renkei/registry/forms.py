"""Forms of the registry pages. They parse input; the services validate and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renkei.common.forms import Form, VersionedModelForm
from renkei.registry.models import (
    Capability,
    Certification,
    CertificationKind,
    Contact,
    Equipment,
    HazardZone,
    Material,
    Municipality,
    Organization,
    OrganizationKind,
    Process,
    Site,
    SkillHolding,
)


class DirectorySearchForm(Form):
    q = forms.CharField(label=_("Keyword"), required=False)
    process = forms.ChoiceField(label=_("Process"), required=False)
    material = forms.ChoiceField(label=_("Material"), required=False)
    certification = forms.ChoiceField(
        label=_("Certification"),
        required=False,
        choices=[("", _("any")), *list(CertificationKind.choices)],
    )
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("any")), *list(OrganizationKind.choices)]
    )
    min_available_hours = forms.FloatField(
        label=_("Free capacity at least (h/month)"), required=False, min_value=0
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_choice = [("", _("any"))]
        self.fields["process"].choices = any_choice + [
            (p.code, f"{p.category.name} / {p.name}")
            for p in Process.objects.select_related("category").order_by(
                "category__sort_order", "sort_order"
            )
        ]
        self.fields["material"].choices = any_choice + [
            (m.code, m.name) for m in Material.objects.all()
        ]
        self.fields["municipality"].choices = any_choice + [
            (m.code, f"{m.prefecture} {m.name}") for m in Municipality.objects.all()
        ]


class OrganizationForm(VersionedModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = [
            "name",
            "name_kana",
            "name_en",
            "corporate_number",
            "industry",
            "capital_jpy",
            "employees",
            "founded_year",
            "website",
            "description",
            "listed_in_directory",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class SiteForm(VersionedModelForm):
    hazard_zones = forms.MultipleChoiceField(
        label=_("Hazard zones"),
        choices=HazardZone.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Site
        fields = [
            "name",
            "is_headquarters",
            "postal_code",
            "municipality",
            "address",
            "latitude",
            "longitude",
            "hazard_zones",
        ]


class CapabilityForm(VersionedModelForm):
    class Meta:
        model = Capability
        fields = [
            "site",
            "process",
            "materials",
            "tolerance_mm",
            "max_length_mm",
            "max_width_mm",
            "max_height_mm",
            "max_weight_kg",
            "lot_min",
            "lot_max",
            "monthly_capacity_hours",
            "current_load_hours",
            "notes",
        ]
        widgets = {
            "materials": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization.sites.all()


class EquipmentForm(VersionedModelForm):
    class Meta:
        model = Equipment
        fields = ["site", "name", "process", "maker", "model_number", "year", "count"]

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization.sites.all()


class CertificationForm(VersionedModelForm):
    class Meta:
        model = Certification
        fields = ["kind", "number", "issuer", "expires_on"]
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"})}


class ContactForm(VersionedModelForm):
    class Meta:
        model = Contact
        fields = [
            "name",
            "department",
            "title",
            "phone",
            "email",
            "emergency_role",
            "emergency_order",
            "visibility",
        ]


class SkillHoldingForm(VersionedModelForm):
    class Meta:
        model = SkillHolding
        fields = ["process", "age_band", "workers"]
