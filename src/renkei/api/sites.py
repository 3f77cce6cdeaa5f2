"""Sites: where an organisation works. Read with the organisation; changed by its staff."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from renkei.api.auth import READ_AUTH, READ_OPENAPI
from renkei.api.fields import (
    Address,
    Latitude,
    Longitude,
    MunicipalityCode,
    Name,
    PostalCode,
)
from renkei.api.versions import VERSION_DESCRIPTION, expected_version, if_match_header, with_etag
from renkei.registry import services
from renkei.registry.models import HazardZone, Site
from renkei.registry.permissions import organization_for_user
from renkei.registry.selectors import site_get, site_list

router = Router(tags=["sites"])


# --- output ---
class SiteOut(Schema):
    id: int
    organization_id: int
    name: str
    is_headquarters: bool
    postal_code: str
    municipality: str = Field(description="JIS municipality code.")
    municipality_name: str
    address: str
    latitude: float | None = Field(description="As entered; null means the municipality's.")
    longitude: float | None
    hazard_zones: list[HazardZone]
    version: int = Field(description="Goes up with every change; also the ETag.")

    @staticmethod
    def resolve_municipality(obj: Site) -> str:
        return obj.municipality_id

    @staticmethod
    def resolve_municipality_name(obj: Site) -> str:
        return obj.municipality.name


# --- input ---
class SiteCreateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: Name
    is_headquarters: bool = False
    postal_code: PostalCode = ""
    municipality: MunicipalityCode = Field(
        description="JIS municipality code (see /municipalities)."
    )
    address: Address
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    hazard_zones: list[HazardZone] = []


class SiteUpdateIn(Schema):
    """Only the fields sent are changed (PATCH); those without null in the schema may be
    left out but not sent as null."""

    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(None, ge=1, description=VERSION_DESCRIPTION)
    name: Name = None
    is_headquarters: bool = None
    postal_code: PostalCode = None
    municipality: MunicipalityCode = None
    address: Address = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    hazard_zones: list[HazardZone] = None


def _model_data(payload: Schema, *, partial: bool) -> dict[str, Any]:
    data = payload.model_dump(mode="json", exclude_unset=partial, exclude={"version"})
    if "municipality" in data:
        # The municipality's primary key is its code; the model reports an unknown one.
        data["municipality_id"] = data.pop("municipality")
    return data


# --- endpoints ---
@router.get(
    "/organizations/{organization_id}/sites",
    response=list[SiteOut],
    auth=READ_AUTH,
    openapi_extra=READ_OPENAPI,
    summary="The sites of an organisation",
)
def list_sites(request: HttpRequest, organization_id: int) -> Any:
    return site_list(user=request.auth, organization_id=organization_id)


@router.get(
    "/sites/{site_id}",
    response=SiteOut,
    auth=READ_AUTH,
    openapi_extra=READ_OPENAPI,
    summary="A site",
)
def get_site(request: HttpRequest, site_id: int, response: HttpResponse) -> Any:
    return with_etag(response, site_get(user=request.auth, site_id=site_id))


@router.post(
    "/organizations/{organization_id}/sites",
    response={201: SiteOut},
    summary="Add a site to an organisation",
)
def create_site(
    request: HttpRequest, organization_id: int, payload: SiteCreateIn, response: HttpResponse
) -> Any:
    organization = organization_for_user(request.auth, organization_id, for_edit=True)
    site = services.site_save(
        actor=request.auth, organization=organization, **_model_data(payload, partial=False)
    )
    response["Location"] = reverse("api-1:get_site", args=[site.pk])
    return Status(201, with_etag(response, site))


@router.patch("/sites/{site_id}", response=SiteOut, summary="Change a site")
def update_site(
    request: HttpRequest,
    site_id: int,
    payload: SiteUpdateIn,
    response: HttpResponse,
    if_match: str = if_match_header(),
) -> Any:
    site = site_get(user=request.auth, site_id=site_id, for_edit=True)
    site = services.site_save(
        actor=request.auth,
        organization=site.organization,
        site=site,
        version=expected_version(if_match, payload.version),
        **_model_data(payload, partial=True),
    )
    return with_etag(response, site)
