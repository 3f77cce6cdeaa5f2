"""About the API itself: who am I, and the catalogue of error codes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from renkei.accounts.models import Role
from renkei.api.auth import READ_AUTH, READ_OPENAPI
from renkei.api.errors import ERRORS, ErrorCode

router = Router(tags=["meta"])


class MeOut(Schema):
    username: str
    name: str
    role: Role
    is_coordinator: bool
    organization_id: int | None

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj)


class ErrorCodeOut(Schema):
    code: ErrorCode
    status: int
    title: str
    detail: str


@router.get("/me", response=MeOut, summary="The caller (token or session)")
def me(request: HttpRequest) -> Any:
    return request.auth


@router.get(
    "/errors",
    response=list[ErrorCodeOut],
    auth=READ_AUTH,
    openapi_extra=READ_OPENAPI,
    url_name="error_codes",
    summary="The error codes of application/problem+json responses",
)
def error_codes(request: HttpRequest) -> Any:
    return [
        {"code": code, "status": spec.status, "title": str(spec.title), "detail": str(spec.detail)}
        for code, spec in ERRORS.items()
    ]
