"""The process taxonomy (read-only reference data)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from renkei.api.auth import READ_AUTH, READ_OPENAPI
from renkei.api.text import Text
from renkei.registry.selectors import process_list

router = Router(tags=["reference data"])


class ProcessCategoryOut(Schema):
    code: str
    name: str = Field(description="In the language of the request.")
    name_ja: str
    name_en: str


class ProcessOut(Schema):
    code: str
    name: str = Field(description="In the language of the request.")
    name_ja: str
    name_en: str
    category: ProcessCategoryOut
    default_ttr_days: int = Field(description="Time to recover assumed when a firm gives none.")


class ProcessListQuery(Schema):
    category: Text = Field("", description="Process category code.")


@router.get(
    "/processes",
    response=list[ProcessOut],
    auth=READ_AUTH,
    openapi_extra=READ_OPENAPI,
    summary="The process taxonomy",
)
def list_processes(request: HttpRequest, query: Query[ProcessListQuery]) -> Any:
    processes = process_list()
    if query.category:
        processes = processes.filter(category__code=query.category)
    return processes
