"""Municipalities with their JIS codes (read-only reference data)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from renkei.api.auth import READ_AUTH, READ_OPENAPI
from renkei.api.text import Text
from renkei.registry.models import Municipality

router = Router(tags=["reference data"])


class MunicipalityOut(Schema):
    code: str = Field(description="JIS municipality code (5 digits).")
    prefecture: str
    name: str = Field(description="In the language of the request.")
    name_ja: str
    name_en: str
    latitude: float
    longitude: float


class MunicipalityListQuery(Schema):
    prefecture: Text = Field("", description="Prefecture name as written in Japanese (群馬県).")


@router.get(
    "/municipalities",
    response=list[MunicipalityOut],
    auth=READ_AUTH,
    openapi_extra=READ_OPENAPI,
    summary="Municipalities",
)
def list_municipalities(request: HttpRequest, query: Query[MunicipalityListQuery]) -> Any:
    municipalities = Municipality.objects.order_by("code")
    if query.prefecture:
        municipalities = municipalities.filter(prefecture=query.prefecture)
    return municipalities
