"""Export of the directory to Excel, in the import format.

The export shows what the directory shows the user: the same filters and the same permission
gate (:func:`renkei.registry.selectors.organization_list`), contacts only as
:func:`renkei.registry.permissions.contacts_visible_to` allows, and no price of any kind. Its
sheets and headers are the import template's, in the user's language, so a coordinator can
export, correct and import the file again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from renkei.common.exporting import XLSX_TYPE, new_workbook, workbook_bytes
from renkei.common.importing.choices import boolean_label, choice_label
from renkei.common.importing.core import is_english
from renkei.common.importing.workbook import data_sheet, write_rows
from renkei.registry.forms import DirectorySearchForm
from renkei.registry.importing.registry_sheets import (
    CAPABILITIES,
    CONTACTS,
    EMERGENCY_ROLE_JA,
    EQUIPMENT,
    FIRMS,
    HAZARD_JA,
    INDUSTRY_JA,
    KIND_JA,
    SITES,
    VISIBILITY_JA,
)
from renkei.registry.models import (
    Capability,
    EmergencyRole,
    HazardZone,
    Industry,
    Organization,
    OrganizationKind,
    Site,
    Visibility,
)
from renkei.registry.permissions import contacts_visible_to
from renkei.registry.selectors import DirectoryFilters, organization_list


def _firm_reference(organization: Organization) -> dict[str, Any]:
    return {"corporate_number": organization.corporate_number, "firm_name": organization.name}


def _firm_row(organization: Organization) -> dict[str, Any]:
    hq = organization.headquarters
    row = {
        "corporate_number": organization.corporate_number,
        "name": organization.name,
        "name_kana": organization.name_kana,
        "name_en": organization.name_en,
        "kind": choice_label(OrganizationKind, KIND_JA, organization.kind),
        "industry": choice_label(Industry, INDUSTRY_JA, organization.industry),
        "capital_jpy": organization.capital_jpy,
        "employees": organization.employees,
        "founded_year": organization.founded_year,
        "website": organization.website,
        "description": organization.description,
        "listed_in_directory": boolean_label(organization.listed_in_directory),
    }
    if hq is not None:
        row.update(
            hq_name=hq.name,
            hq_postal_code=hq.postal_code,
            hq_municipality=hq.municipality_id,
            hq_address=hq.address,
        )
    return row


def _site_row(organization: Organization, site: Site) -> dict[str, Any]:
    return {
        **_firm_reference(organization),
        "name": site.name,
        "postal_code": site.postal_code,
        "municipality": site.municipality_id,
        "address": site.address,
        "latitude": site.latitude,
        "longitude": site.longitude,
        "hazard_zones": "、".join(
            choice_label(HazardZone, HAZARD_JA, zone) for zone in site.hazard_zones or []
        ),
    }


def _capability_row(
    organization: Organization, site: Site, capability: Capability
) -> dict[str, Any]:
    return {
        **_firm_reference(organization),
        "site_name": site.name,
        "process": capability.process.name,
        "materials": "、".join(m.name for m in capability.materials.all()),
        "tolerance_mm": capability.tolerance_mm,
        "max_length_mm": capability.max_length_mm,
        "max_width_mm": capability.max_width_mm,
        "max_height_mm": capability.max_height_mm,
        "max_weight_kg": capability.max_weight_kg,
        "lot_min": capability.lot_min,
        "lot_max": capability.lot_max,
        "monthly_capacity_hours": capability.monthly_capacity_hours,
        "current_load_hours": capability.current_load_hours,
        "notes": capability.notes,
    }


def directory_rows(
    *, user: Any, organizations: Iterable[Organization]
) -> dict[str, list[dict[str, Any]]]:
    """Rows of every sheet for ``organizations`` (already passed through the gate)."""
    rows: dict[str, list[dict[str, Any]]] = {
        spec.key: [] for spec in (FIRMS, SITES, CAPABILITIES, EQUIPMENT, CONTACTS)
    }
    for organization in organizations:
        rows["firms"].append(_firm_row(organization))
        for site in organization.sites.all():
            rows["sites"].append(_site_row(organization, site))
            for capability in site.capabilities.all():
                rows["capabilities"].append(_capability_row(organization, site, capability))
            for equipment in site.equipment.all():
                rows["equipment"].append(
                    {
                        **_firm_reference(organization),
                        "site_name": site.name,
                        "name": equipment.name,
                        "process": equipment.process.name if equipment.process else "",
                        "maker": equipment.maker,
                        "model_number": equipment.model_number,
                        "year": equipment.year,
                        "count": equipment.count,
                    }
                )
        for contact in contacts_visible_to(user, organization):
            rows["contacts"].append(
                {
                    **_firm_reference(organization),
                    "name": contact.name,
                    "department": contact.department,
                    "title": contact.title,
                    "phone": contact.phone,
                    "email": contact.email,
                    "emergency_role": choice_label(
                        EmergencyRole, EMERGENCY_ROLE_JA, contact.emergency_role
                    )
                    if contact.emergency_role
                    else "",
                    "emergency_order": contact.emergency_order,
                    "visibility": choice_label(Visibility, VISIBILITY_JA, contact.visibility),
                }
            )
    return rows


def directory_workbook(*, user: Any, filters: DirectoryFilters) -> bytes:
    organizations = organization_list(user=user, filters=filters).prefetch_related(
        Prefetch("sites__capabilities__materials"),
        "sites__equipment__process",
    )
    rows = directory_rows(user=user, organizations=organizations)
    workbook = new_workbook()
    for spec in (FIRMS, SITES, CAPABILITIES, EQUIPMENT, CONTACTS):
        write_rows(data_sheet(workbook, spec, template=False), spec, rows[spec.key])
    return workbook_bytes(workbook)


@login_required
def directory_export(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # Never export more than the user asked for: show the directory with the errors.
        from renkei.registry.views import directory

        response = directory(request)
        response.status_code = 400
        return response
    filters = DirectoryFilters(**form.cleaned_data) if form.is_bound else DirectoryFilters()
    content = directory_workbook(user=request.user, filters=filters)
    today = timezone.localdate().strftime("%Y%m%d")
    name = f"renkei_directory_{today}.xlsx" if is_english() else f"企業一覧_{today}.xlsx"
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
