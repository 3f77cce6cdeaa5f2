"""Every error of the API as ``application/problem+json`` (RFC 9457) with a stable code.

One module maps every exception an endpoint can raise to one response shape::

    {"type": "/api/v1/errors#not_found", "title": "見つかりません", "status": 404,
     "detail": "...", "instance": "/api/v1/organizations/7", "code": "not_found",
     "errors": [{"field": "lot_max", "message": "...", "code": "lot_range"}]}

``code`` is the stable, machine-readable part (an :class:`ErrorCode`); ``title`` and ``detail``
are for people and follow the request's language (Japanese unless ``Accept-Language`` or the
language cookie asks for English: LocaleMiddleware has activated it before the API runs).
``errors`` lists per-field problems of a validation error, with the field name of the request
body or query, the translated message and the validator's code; it is empty otherwise.

Endpoints raise :class:`ApiError`, Django's ``Http404`` / ``PermissionDenied`` /
``ValidationError`` (from the permission gate and the services), or nothing at all; they never
build an error body by hand.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from renkei.common.busy import RETRY_AFTER_SECONDS, is_database_busy
from renkei.common.versioning import is_stale_version

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("django.request")

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ErrorCode(StrEnum):
    """Stable error codes. Clients branch on these; titles and details may change."""

    BAD_REQUEST = "bad_request"
    MALFORMED_JSON = "malformed_json"
    VALIDATION_ERROR = "validation_error"
    NOT_AUTHENTICATED = "not_authenticated"
    INVALID_TOKEN = "invalid_token"
    PERMISSION_DENIED = "permission_denied"
    CSRF_FAILED = "csrf_failed"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    CONFLICT = "conflict"
    STALE_VERSION = "stale_version"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    RATE_LIMITED = "rate_limited"
    DATABASE_BUSY = "database_busy"
    INTERNAL_ERROR = "internal_error"


@dataclass(frozen=True)
class ErrorSpec:
    status: int
    title: Promise
    detail: Promise  # the default detail when the raiser has nothing more specific to say


ERRORS: dict[ErrorCode, ErrorSpec] = {
    ErrorCode.BAD_REQUEST: ErrorSpec(
        400, _("Bad request"), _("The request could not be understood.")
    ),
    ErrorCode.MALFORMED_JSON: ErrorSpec(
        400, _("Malformed JSON"), _("The request body is not valid JSON.")
    ),
    ErrorCode.VALIDATION_ERROR: ErrorSpec(
        422, _("Invalid input"), _("The input has errors; see the list of errors.")
    ),
    ErrorCode.NOT_AUTHENTICATED: ErrorSpec(
        401,
        _("Authentication required"),
        _("Log in, or send an API token in the header Authorization: Bearer <token>."),
    ),
    ErrorCode.INVALID_TOKEN: ErrorSpec(
        401, _("Invalid API token"), _("The API token is unknown or has been revoked.")
    ),
    ErrorCode.PERMISSION_DENIED: ErrorSpec(
        403, _("Permission denied"), _("You may not do this to this object.")
    ),
    ErrorCode.CSRF_FAILED: ErrorSpec(
        403,
        _("CSRF check failed"),
        _("A change made with the session cookie must send the CSRF token in X-CSRFToken."),
    ),
    ErrorCode.NOT_FOUND: ErrorSpec(
        404, _("Not found"), _("There is no such object, or you may not see it.")
    ),
    ErrorCode.METHOD_NOT_ALLOWED: ErrorSpec(
        405, _("Method not allowed"), _("This address does not accept this method.")
    ),
    ErrorCode.CONFLICT: ErrorSpec(
        409, _("Conflict"), _("The change conflicts with data that already exists.")
    ),
    ErrorCode.STALE_VERSION: ErrorSpec(
        409,
        _("Changed by someone else"),
        _(
            "Someone else changed this object after the version you sent. Read it again "
            "(its ETag or version) and send your change with the new version."
        ),
    ),
    ErrorCode.PAYLOAD_TOO_LARGE: ErrorSpec(
        413, _("Request too large"), _("The request body is too large.")
    ),
    ErrorCode.RATE_LIMITED: ErrorSpec(
        429, _("Too many requests"), _("Too many requests. Try again later.")
    ),
    ErrorCode.DATABASE_BUSY: ErrorSpec(
        503,
        _("Busy"),
        _("The system is busy. Please wait a moment and try again."),
    ),
    ErrorCode.INTERNAL_ERROR: ErrorSpec(
        500,
        _("Internal error"),
        _("Something went wrong on the server. The error has been logged."),
    ),
}

_CODE_BY_STATUS = {
    400: ErrorCode.BAD_REQUEST,
    401: ErrorCode.NOT_AUTHENTICATED,
    403: ErrorCode.PERMISSION_DENIED,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    409: ErrorCode.CONFLICT,
    413: ErrorCode.PAYLOAD_TOO_LARGE,
    422: ErrorCode.VALIDATION_ERROR,
    429: ErrorCode.RATE_LIMITED,
}


# --- the response shape, also published in the OpenAPI schema ---
class FieldError(Schema):
    field: str | None = None  # None: the error concerns the object as a whole
    message: str
    code: str


class Problem(Schema):
    """An error, as application/problem+json (RFC 9457)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    code: ErrorCode
    errors: list[FieldError] = []


class ApiError(Exception):
    """Raised by endpoints for an error with a stable code."""

    def __init__(
        self,
        code: ErrorCode,
        detail: str | Promise | None = None,
        *,
        errors: Iterable[Mapping[str, Any]] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.code = code
        self.detail = detail
        self.errors = list(errors)
        self.headers = dict(headers or {})
        super().__init__(code, detail)


def problem_type(code: ErrorCode) -> str:
    """The ``type`` URI: the API's catalogue of error codes, anchored at the code."""
    try:
        return f"{reverse('api-1:error_codes')}#{code}"
    except NoReverseMatch:  # the API is not mounted (a unit test of this module)
        return f"urn:renkei:error:{code}"


def problem_response(
    request: HttpRequest,
    code: ErrorCode,
    *,
    detail: str | Promise | None = None,
    errors: Iterable[Mapping[str, Any]] = (),
    headers: Mapping[str, str] | None = None,
    status: int | None = None,
) -> HttpResponse:
    spec = ERRORS[code]
    body = {
        "type": problem_type(code),
        "title": str(spec.title),
        "status": status or spec.status,
        "detail": str(detail if detail is not None else spec.detail),
        "instance": request.path,
        "code": str(code),
        "errors": [
            {"field": e.get("field"), "message": str(e["message"]), "code": str(e["code"])}
            for e in errors
        ],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, cls=DjangoJSONEncoder),
        status=body["status"],
        content_type=PROBLEM_CONTENT_TYPE,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# --- Django validation errors: per-field messages with the validators' codes ---
def django_field_errors(exc: DjangoValidationError) -> list[dict[str, Any]]:
    """Flatten a Django ``ValidationError`` into ``[{field, message, code}]``."""
    if hasattr(exc, "error_dict"):
        groups: Iterable[tuple[str | None, list[DjangoValidationError]]] = exc.error_dict.items()
    else:
        groups = [(None, exc.error_list)]
    result = []
    for field, errors in groups:
        for error in errors:
            message = error.message
            if error.params:
                message = message % error.params
            result.append(
                {
                    "field": None if field in (None, NON_FIELD_ERRORS) else field,
                    "message": str(message),
                    "code": error.code or "invalid",
                }
            )
    return result


# --- pydantic (request parsing) errors, spoken in the user's language ---
# pydantic's own messages are English only; the usual ones get Django's codes and our words.
_PYDANTIC_ERRORS: dict[str, tuple[str, Promise]] = {
    "missing": ("required", _("This field is required.")),
    "int_parsing": ("invalid", _("Enter a whole number.")),
    "int_type": ("invalid", _("Enter a whole number.")),
    "int_from_float": ("invalid", _("Enter a whole number.")),
    "float_parsing": ("invalid", _("Enter a number.")),
    "float_type": ("invalid", _("Enter a number.")),
    "decimal_parsing": ("invalid", _("Enter a number.")),
    "decimal_type": ("invalid", _("Enter a number.")),
    "bool_parsing": ("invalid", _("Enter true or false.")),
    "bool_type": ("invalid", _("Enter true or false.")),
    "string_type": ("invalid", _("Enter a text.")),
    "list_type": ("invalid", _("Enter a list of values.")),
    "model_type": ("invalid", _("Send a JSON object.")),
    "model_attributes_type": ("invalid", _("Send a JSON object.")),
    "dict_type": ("invalid", _("Send a JSON object.")),
    "extra_forbidden": ("unknown_field", _("Unknown field.")),
    "enum": ("invalid_choice", _("Select a valid choice. Allowed: %(expected)s")),
    "literal_error": ("invalid_choice", _("Select a valid choice. Allowed: %(expected)s")),
    "greater_than_equal": (
        "min_value",
        _("Ensure this value is greater than or equal to %(ge)s."),
    ),
    "greater_than": ("min_value", _("Ensure this value is greater than %(gt)s.")),
    "less_than_equal": ("max_value", _("Ensure this value is less than or equal to %(le)s.")),
    "less_than": ("max_value", _("Ensure this value is less than %(lt)s.")),
    "string_too_long": (
        "max_length",
        _("Ensure this value has at most %(max_length)s characters."),
    ),
    "decimal_max_digits": (
        "max_digits",
        _("Ensure that there are no more than %(max_digits)s digits in total."),
    ),
    "string_pattern_mismatch": ("invalid", _("Enter a value in the format %(pattern)s.")),
}

# The parameter sources ninja puts first in an error's location.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def _pydantic_field(loc: Iterable[Any], body_params: set[str]) -> str | None:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        source = parts.pop(0)
        # A body schema is read into a named parameter (``payload``); the client never sees it.
        if source == "body" and parts and parts[0] in body_params:
            parts.pop(0)
    return ".".join(parts) or None


def pydantic_field_errors(
    errors: Iterable[Mapping[str, Any]], *, body_params: set[str] | None = None
) -> list[dict[str, Any]]:
    result = []
    for error in errors:
        error_type = str(error.get("type", ""))
        code, message = _PYDANTIC_ERRORS.get(error_type, (error_type or "invalid", None))
        ctx = dict(error.get("ctx") or {})
        if message is None:
            text = str(error.get("msg", ""))
        else:
            try:
                text = str(message) % ctx if "%(" in str(message) else str(message)
            except (KeyError, TypeError, ValueError):
                text = str(error.get("msg", message))
        result.append(
            {
                "field": _pydantic_field(error.get("loc", ()), body_params or {"payload"}),
                "message": text,
                "code": code,
            }
        )
    return result


# --- the handlers ---
def _on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return problem_response(
        request, exc.code, detail=exc.detail, errors=exc.errors, headers=exc.headers
    )


def _on_ninja_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return problem_response(
        request, ErrorCode.VALIDATION_ERROR, errors=pydantic_field_errors(exc.errors)
    )


def _on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(
        request, ErrorCode.NOT_AUTHENTICATED, headers={"WWW-Authenticate": 'Bearer realm="renkei"'}
    )


def _on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    headers = {"Retry-After": str(int(exc.wait) + 1)} if exc.wait is not None else {}
    return problem_response(request, ErrorCode.RATE_LIMITED, headers=headers)


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja raises HttpError(400) when the body cannot be parsed, chained to the JSON error.
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        return problem_response(request, ErrorCode.MALFORMED_JSON)
    if exc.status_code >= 500:
        return problem_response(request, ErrorCode.INTERNAL_ERROR, status=exc.status_code)
    code = _CODE_BY_STATUS.get(exc.status_code, ErrorCode.BAD_REQUEST)
    return problem_response(request, code, status=exc.status_code)


def _on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(request, ErrorCode.NOT_FOUND)


def _on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem_response(request, ErrorCode.PERMISSION_DENIED)


def _on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if is_stale_version(exc):
        return problem_response(request, ErrorCode.STALE_VERSION)
    errors = django_field_errors(exc)
    # A duplicate (same corporate number, same process twice on a site) is a conflict.
    if errors and all(e["code"] in ("unique", "unique_together") for e in errors):
        return problem_response(request, ErrorCode.CONFLICT, errors=errors)
    return problem_response(request, ErrorCode.VALIDATION_ERROR, errors=errors)


def _on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    # A race past the services' validation; the database's message is not for clients.
    logger.warning("API integrity error at %s: %s", request.path, exc)
    return problem_response(request, ErrorCode.CONFLICT)


def _on_database_error(request: HttpRequest, exc: DatabaseError) -> HttpResponse:
    # A lock not got in time, a deadlock, a serialization failure: nothing was written, and
    # the same request a moment later will do. Anything else is a bug.
    if is_database_busy(exc):
        logger.warning("API database busy at %s: %s", request.path, exc)
        return problem_response(
            request, ErrorCode.DATABASE_BUSY, headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
        )
    return _on_unexpected(request, exc)


def _on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return problem_response(request, ErrorCode.PAYLOAD_TOO_LARGE)


def _on_bad_request(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(request, ErrorCode.BAD_REQUEST)


def _on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Logged with its traceback for the operators; the client learns only that it happened.
    logger.error(
        "Internal error in the API: %s",
        request.path,
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"status_code": 500, "request": request},
    )
    return problem_response(request, ErrorCode.INTERNAL_ERROR)


def register(api: NinjaAPI) -> None:
    """Install the handlers on ``api``; ninja picks the most specific class of an exception."""
    handlers: list[tuple[type[Exception], Any]] = [
        (ApiError, _on_api_error),
        (NinjaValidationError, _on_ninja_validation_error),
        (AuthenticationError, _on_authentication_error),
        (Throttled, _on_throttled),
        (HttpError, _on_http_error),
        (Http404, _on_not_found),
        (PermissionDenied, _on_permission_denied),
        (DjangoValidationError, _on_django_validation_error),
        (IntegrityError, _on_integrity_error),
        (DatabaseError, _on_database_error),
        (RequestDataTooBig, _on_too_big),
        (BadRequest, _on_bad_request),
        (SuspiciousOperation, _on_bad_request),
        (Exception, _on_unexpected),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


def not_found_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """For addresses under the API's root that match no endpoint."""
    return problem_response(request, ErrorCode.NOT_FOUND)
