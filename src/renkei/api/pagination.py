"""limit/offset pagination shared by the list endpoints."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import QuerySet
from ninja import Schema
from pydantic import Field

DEFAULT_LIMIT = 25
MAX_LIMIT = 100

M = TypeVar("M")


class PageQuery(Schema):
    """The query parameters of a page. List endpoints' query schemas extend it."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
    offset: int = Field(0, ge=0, le=2**63 - 1, description="Items to skip.")


def paginate(queryset: QuerySet[Any], page: PageQuery) -> dict[str, Any]:
    """``count`` of all matches and this page's ``items``, ready for a ``…Page`` schema."""
    return {
        "count": queryset.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": list(queryset[page.offset : page.offset + page.limit]),
    }
