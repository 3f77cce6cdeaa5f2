"""Materials (read-only reference data): the codes capabilities name."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from renkei.api.auth import READ_AUTH, READ_OPENAPI
from renkei.registry.models import Material

router = Router(tags=["reference data"])


class MaterialOut(Schema):
    code: str
    name: str = Field(description="In the language of the request.")
    name_ja: str
    name_en: str


@router.get(
    "/materials",
    response=list[MaterialOut],
    auth=READ_AUTH,
    openapi_extra=READ_OPENAPI,
    summary="Materials",
)
def list_materials(request: HttpRequest) -> Any:
    return Material.objects.order_by("sort_order", "code")
