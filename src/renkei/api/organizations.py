"""Organisations: the directory (list with filters), profiles, and their upkeep.

Each endpoint parses, passes the permission gate, calls one selector or service, and returns
its schema. Invisible organisations are 404; visible ones that are not the caller's are 403.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from renkei.api.auth import READ_AUTH, READ_OPENAPI
from renkei.api.fields import (
    BigPositiveInt,
    CorporateNumber,
    FoundedYear,
    MultilineText,
    Name,
    PositiveInt,
    Text200,
    Website,
)
from renkei.api.pagination import PageQuery, paginate
from renkei.api.sites import SiteOut
from renkei.api.text import Text
from renkei.api.versions import VERSION_DESCRIPTION, expected_version, if_match_header, with_etag
from renkei.common.permissions import require
from renkei.registry import services
from renkei.registry.models import (
    CertificationKind,
    EmergencyRole,
    Industry,
    Organization,
    OrganizationKind,
    Visibility,
)
from renkei.registry.permissions import (
    can_create_organization,
    can_edit_organization,
    contacts_visible_to,
    organization_for_user,
)
from renkei.registry.selectors import DirectoryFilters, organization_detail, organization_list

router = Router(tags=["organisations"])


# --- output ---
class OrganizationSummary(Schema):
    id: int
    name: str
    name_kana: str
    name_en: str
    kind: OrganizationKind
    listed_in_directory: bool
    municipalities: list[str] = Field(description="JIS codes of the sites' municipalities.")
    processes: list[str] = Field(description="Process codes of the capabilities.")

    @staticmethod
    def resolve_municipalities(obj: Organization) -> list[str]:
        return list(dict.fromkeys(site.municipality_id for site in obj.sites.all()))

    @staticmethod
    def resolve_processes(obj: Organization) -> list[str]:
        return list(
            dict.fromkeys(
                capability.process.code
                for site in obj.sites.all()
                for capability in site.capabilities.all()
            )
        )


class OrganizationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[OrganizationSummary]


class CertificationOut(Schema):
    kind: CertificationKind
    number: str
    issuer: str
    expires_on: str | None = None

    @staticmethod
    def resolve_expires_on(obj: Any) -> str | None:
        return obj.expires_on.isoformat() if obj.expires_on else None


class ContactOut(Schema):
    name: str
    department: str
    title: str
    phone: str
    email: str
    emergency_role: EmergencyRole
    visibility: Visibility


class OrganizationOut(Schema):
    id: int
    name: str
    name_kana: str
    name_en: str
    kind: OrganizationKind
    corporate_number: str
    industry: Industry
    capital_jpy: int | None
    employees: int | None
    founded_year: int | None
    description: str
    website: str
    listed_in_directory: bool
    is_sme: bool | None
    sites: list[SiteOut]
    certifications: list[CertificationOut]
    contacts: list[ContactOut] = Field(
        description="Only the contacts the caller may see (private ones: own firm only)."
    )
    can_edit: bool = Field(description="Whether the caller may change this profile.")
    version: int = Field(description="Goes up with every change; also the ETag.")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_sites(obj: Organization) -> list[Any]:
        return list(obj.sites.all())

    @staticmethod
    def resolve_certifications(obj: Organization) -> list[Any]:
        return list(obj.certifications.all())

    @staticmethod
    def resolve_contacts(obj: Organization, context: dict[str, Any]) -> list[Any]:
        return list(contacts_visible_to(context["request"].auth, obj))

    @staticmethod
    def resolve_can_edit(obj: Organization, context: dict[str, Any]) -> bool:
        return can_edit_organization(context["request"].auth, obj)


# --- input ---
class OrganizationListQuery(PageQuery):
    q: Text = Field("", description="Keywords (name, kana, address, process, material, machine).")
    process: Text = Field("", description="Process code (see /processes).")
    material: Text = Field("", description="Material code (see /materials).")
    certification: CertificationKind | None = None
    municipality: Text = Field("", description="JIS municipality code of a site.")
    kind: OrganizationKind | None = None
    min_available_hours: float | None = Field(
        None, ge=0, description="Free monthly capacity (hours) of a capability at least."
    )


class OrganizationCreateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: Name
    name_kana: Text200 = ""
    name_en: Text200 = ""
    kind: OrganizationKind = OrganizationKind.MEMBER
    corporate_number: CorporateNumber = ""
    industry: Industry = Industry.MANUFACTURING
    capital_jpy: BigPositiveInt | None = None
    employees: PositiveInt | None = None
    founded_year: FoundedYear | None = None
    description: MultilineText = ""
    website: Website = ""
    listed_in_directory: bool = False


class OrganizationUpdateIn(Schema):
    """Only the fields sent are changed (PATCH); those without null in the schema may be
    left out but not sent as null."""

    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(None, ge=1, description=VERSION_DESCRIPTION)
    name: Name = None
    name_kana: Text200 = None
    name_en: Text200 = None
    corporate_number: CorporateNumber = None
    industry: Industry = None
    capital_jpy: BigPositiveInt | None = None
    employees: PositiveInt | None = None
    founded_year: FoundedYear | None = None
    description: MultilineText = None
    website: Website = None
    listed_in_directory: bool = None


# --- endpoints ---
@router.get(
    "/organizations",
    response=OrganizationPage,
    auth=READ_AUTH,
    openapi_extra=READ_OPENAPI,
    summary="List organisations (the directory)",
)
def list_organizations(request: HttpRequest, query: Query[OrganizationListQuery]) -> Any:
    filters = DirectoryFilters(
        q=query.q,
        process=query.process,
        material=query.material,
        certification=query.certification or "",
        municipality=query.municipality,
        kind=query.kind or "",
        min_available_hours=query.min_available_hours,
    )
    return paginate(organization_list(user=request.auth, filters=filters), query)


@router.get(
    "/organizations/{organization_id}",
    response=OrganizationOut,
    auth=READ_AUTH,
    openapi_extra=READ_OPENAPI,
    summary="An organisation's profile",
)
def get_organization(request: HttpRequest, organization_id: int, response: HttpResponse) -> Any:
    organization = organization_for_user(request.auth, organization_id)
    return with_etag(response, organization_detail(organization=organization))


@router.post(
    "/organizations",
    response={201: OrganizationOut},
    summary="Add an organisation (coordinators)",
)
def create_organization(
    request: HttpRequest, payload: OrganizationCreateIn, response: HttpResponse
) -> Any:
    require(can_create_organization(request.auth))
    organization = services.organization_create(
        actor=request.auth, **payload.model_dump(mode="json")
    )
    response["Location"] = reverse("api-1:get_organization", args=[organization.pk])
    return Status(201, with_etag(response, organization_detail(organization=organization)))


@router.patch(
    "/organizations/{organization_id}",
    response=OrganizationOut,
    summary="Change an organisation's profile (its staff, coordinators)",
)
def update_organization(
    request: HttpRequest,
    organization_id: int,
    payload: OrganizationUpdateIn,
    response: HttpResponse,
    if_match: str = if_match_header(),
) -> Any:
    organization = organization_for_user(request.auth, organization_id, for_edit=True)
    organization = services.organization_update(
        actor=request.auth,
        organization=organization,
        version=expected_version(if_match, payload.version),
        **payload.model_dump(mode="json", exclude_unset=True, exclude={"version"}),
    )
    return with_etag(response, organization_detail(organization=organization))
