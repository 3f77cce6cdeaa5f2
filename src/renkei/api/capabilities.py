"""Capabilities: what a site can make. Processes and materials are named by their codes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from renkei.api.auth import READ_AUTH, READ_OPENAPI
from renkei.api.fields import Code, MultilineText, PositiveInt, decimal
from renkei.api.pagination import PageQuery, paginate
from renkei.api.text import Text
from renkei.api.versions import VERSION_DESCRIPTION, expected_version, if_match_header, with_etag
from renkei.registry import services
from renkei.registry.models import Capability, Material, Process
from renkei.registry.selectors import (
    CapabilityFilters,
    capability_get,
    capability_list,
    site_get,
)

router = Router(tags=["capabilities"])


# --- output ---
class CapabilityOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    site_id: int
    site_name: str
    municipality: str = Field(description="JIS code of the site's municipality.")
    process: str = Field(description="Process code.")
    process_name: str
    materials: list[str] = Field(description="Material codes.")
    tolerance_mm: float | None
    max_length_mm: int | None
    max_width_mm: int | None
    max_height_mm: int | None
    max_weight_kg: float | None
    lot_min: int
    lot_max: int | None
    monthly_capacity_hours: float
    current_load_hours: float
    available_hours: float
    notes: str
    version: int = Field(description="Goes up with every change; also the ETag.")

    @staticmethod
    def resolve_organization_id(obj: Capability) -> int:
        return obj.site.organization_id

    @staticmethod
    def resolve_organization_name(obj: Capability) -> str:
        return obj.site.organization.name

    @staticmethod
    def resolve_site_name(obj: Capability) -> str:
        return obj.site.name

    @staticmethod
    def resolve_municipality(obj: Capability) -> str:
        return obj.site.municipality_id

    @staticmethod
    def resolve_process(obj: Capability) -> str:
        return obj.process.code

    @staticmethod
    def resolve_process_name(obj: Capability) -> str:
        return obj.process.name

    @staticmethod
    def resolve_materials(obj: Capability) -> list[str]:
        return [material.code for material in obj.materials.all()]


class CapabilityPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CapabilityOut]


# --- input ---
class CapabilityListQuery(PageQuery):
    organization: int | None = Field(None, ge=1, le=2**63 - 1, description="Organisation id.")
    site: int | None = Field(None, ge=1, le=2**63 - 1, description="Site id.")
    process: Text = Field("", description="Process code.")
    category: Text = Field("", description="Process category code.")
    material: Text = Field("", description="Material code.")
    municipality: Text = Field("", description="JIS code of the site's municipality.")
    min_available_hours: float | None = Field(
        None, ge=0, description="Free monthly capacity (hours) at least."
    )


Tolerance = decimal(8, 4)
Weight = decimal(10, 2)
Hours = decimal(8, 1)


class CapabilityCreateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    process: Code = Field(description="Process code (see /processes).")
    materials: list[Code] = Field([], description="Material codes (see /materials).")
    tolerance_mm: Tolerance | None = None
    max_length_mm: PositiveInt | None = None
    max_width_mm: PositiveInt | None = None
    max_height_mm: PositiveInt | None = None
    max_weight_kg: Weight | None = None
    lot_min: PositiveInt = 1
    lot_max: PositiveInt | None = Field(None, description="Not below lot_min.")
    monthly_capacity_hours: Hours
    current_load_hours: Hours = Decimal("0")
    notes: MultilineText = ""


class CapabilityUpdateIn(Schema):
    """Only the fields sent are changed (PATCH); ``materials``, when sent, replaces the list.
    Those without null in the schema may be left out but not sent as null."""

    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(None, ge=1, description=VERSION_DESCRIPTION)
    process: Code = None
    materials: list[Code] = None
    tolerance_mm: Tolerance | None = None
    max_length_mm: PositiveInt | None = None
    max_width_mm: PositiveInt | None = None
    max_height_mm: PositiveInt | None = None
    max_weight_kg: Weight | None = None
    lot_min: PositiveInt = None
    lot_max: PositiveInt | None = Field(None, description="Not below lot_min.")
    monthly_capacity_hours: Hours = None
    current_load_hours: Hours = None
    notes: MultilineText = None


def _model_data(payload: Schema, *, partial: bool) -> tuple[dict[str, Any], list[Material] | None]:
    """Turn the codes of the payload into rows; unknown codes are field errors."""
    data = payload.model_dump(exclude_unset=partial, exclude={"version"})
    errors: dict[str, ValidationError] = {}
    materials: list[Material] | None = None
    if "process" in data:
        code = data.pop("process")
        process = Process.objects.filter(code=code).first() if code is not None else None
        if process is None:
            errors["process"] = ValidationError(
                _("Unknown process code: %(code)s"), code="unknown_process", params={"code": code}
            )
        data["process"] = process
    if "materials" in data:
        codes = list(dict.fromkeys(data.pop("materials") or []))
        materials = list(Material.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {m.code for m in materials})
        if unknown:
            errors["materials"] = ValidationError(
                _("Unknown material codes: %(codes)s"),
                code="unknown_material",
                params={"codes": ", ".join(unknown)},
            )
    if errors:
        raise ValidationError(errors)
    return data, materials


# --- endpoints ---
@router.get(
    "/capabilities",
    response=CapabilityPage,
    auth=READ_AUTH,
    openapi_extra=READ_OPENAPI,
    summary="Search capabilities",
)
def list_capabilities(request: HttpRequest, query: Query[CapabilityListQuery]) -> Any:
    filters = CapabilityFilters(
        organization=query.organization,
        site=query.site,
        process=query.process,
        category=query.category,
        material=query.material,
        municipality=query.municipality,
        min_available_hours=query.min_available_hours,
    )
    return paginate(capability_list(user=request.auth, filters=filters), query)


@router.get(
    "/capabilities/{capability_id}",
    response=CapabilityOut,
    auth=READ_AUTH,
    openapi_extra=READ_OPENAPI,
    summary="A capability",
)
def get_capability(request: HttpRequest, capability_id: int, response: HttpResponse) -> Any:
    return with_etag(response, capability_get(user=request.auth, capability_id=capability_id))


@router.post(
    "/sites/{site_id}/capabilities",
    response={201: CapabilityOut},
    summary="Add a capability to a site",
)
def create_capability(
    request: HttpRequest, site_id: int, payload: CapabilityCreateIn, response: HttpResponse
) -> Any:
    site = site_get(user=request.auth, site_id=site_id, for_edit=True)
    data, materials = _model_data(payload, partial=False)
    capability = services.capability_save(
        actor=request.auth, site=site, materials=materials, **data
    )
    response["Location"] = reverse("api-1:get_capability", args=[capability.pk])
    return Status(
        201, with_etag(response, capability_get(user=request.auth, capability_id=capability.pk))
    )


@router.patch(
    "/capabilities/{capability_id}", response=CapabilityOut, summary="Change a capability"
)
def update_capability(
    request: HttpRequest,
    capability_id: int,
    payload: CapabilityUpdateIn,
    response: HttpResponse,
    if_match: str = if_match_header(),
) -> Any:
    capability = capability_get(user=request.auth, capability_id=capability_id, for_edit=True)
    data, materials = _model_data(payload, partial=True)
    services.capability_save(
        actor=request.auth,
        materials=materials,
        capability=capability,
        version=expected_version(if_match, payload.version),
        **data,
    )
    return with_etag(response, capability_get(user=request.auth, capability_id=capability_id))
