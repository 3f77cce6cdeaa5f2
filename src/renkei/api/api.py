"""The NinjaAPI root: ``/api/v1/``.

- Every change needs a caller (token or session, :mod:`renkei.api.auth`); reading endpoints
  opt into the public with ``auth=READ_AUTH``.
- Every error is application/problem+json (:mod:`renkei.api.errors`); the schema says so
  with a ``default`` response on every operation.
- The docs at ``/api/v1/docs`` use the Swagger UI that django-ninja ships in its static folder
  (``ninja`` is an installed app), so they work without the internet.
- The schema is committed as ``openapi.json`` beside this file and tested against the live one;
  ``renkei openapi -o src/renkei/api/openapi.json`` writes it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.urls import URLPattern
from ninja import NinjaAPI, Swagger
from ninja.operation import Operation

from renkei.api import (
    capabilities,
    errors,
    materials,
    meta,
    municipalities,
    organizations,
    processes,
    qcd,
    sites,
)
from renkei.api.auth import WRITE_AUTH

OPENAPI_PATH = Path(__file__).with_name("openapi.json")

DESCRIPTION = """\
連携 (renkei) — the cluster platform's JSON API.

**Authentication.** Send a personal API token as `Authorization: Bearer <token>`
(`renkei api-token USERNAME` or the admin issues one), or use the browser session (changes then
need the CSRF token in `X-CSRFToken`). Without either you read what the public directory shows.

**Errors** are `application/problem+json` (RFC 9457) with a stable `code`
(see `GET /api/v1/errors`) and, for invalid input, `errors: [{field, message, code}]`.
Titles and messages follow `Accept-Language` (Japanese by default, English with `en`).

**Lists** take `limit` (1-100, default 25) and `offset` and return `count` and `items`.
"""


def _method_not_allowed_as_problem(view: Callable[..., HttpResponseBase]) -> Callable[..., Any]:
    """ninja answers a method no operation takes with a plain-text 405; make it a problem."""

    @wraps(view)  # keeps csrf_exempt: ninja's session auth does its own CSRF check
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and response.get("Content-Type") != (
            errors.PROBLEM_CONTENT_TYPE
        ):
            return errors.problem_response(
                request, errors.ErrorCode.METHOD_NOT_ALLOWED, headers={"Allow": response["Allow"]}
            )
        return response

    return wrapper


def _allows_null(schema: dict[str, Any]) -> bool:
    types = schema.get("type")
    if types == "null" or (isinstance(types, list) and "null" in types):
        return True
    return any(_allows_null(branch) for branch in schema.get("anyOf", []))


def _drop_null_default(schema: dict[str, Any]) -> None:
    """A field that may be left out but not be null (a PATCH's ``name: Text = None``) would
    show ``default: null``, which its own schema refuses: the schema says nothing instead."""
    if "default" in schema and schema["default"] is None and not _allows_null(schema):
        del schema["default"]


class RenkeiAPI(NinjaAPI):
    @property
    def urls(self) -> tuple[list[Any], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _method_not_allowed_as_problem(pattern.callback)
        return patterns, app_name, namespace

    def get_openapi_operation_id(self, operation: Operation) -> str:
        # Short, stable ids (the view's name) instead of the module path.
        return operation.view_func.__name__

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        problem = errors.Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(problem.pop("$defs", {}))
        components["Problem"] = problem
        for component in components.values():
            for prop in component.get("properties", {}).values():
                _drop_null_default(prop)
        for path_item in schema["paths"].values():
            for operation in path_item.values():
                for parameter in operation.get("parameters", []):
                    _drop_null_default(parameter.get("schema", {}))
                operation["responses"].setdefault(
                    "default",
                    {
                        "description": "An error (RFC 9457 problem details)",
                        "content": {
                            errors.PROBLEM_CONTENT_TYPE: {
                                "schema": {"$ref": "#/components/schemas/Problem"}
                            }
                        },
                    },
                )
        return schema


api = RenkeiAPI(
    title="renkei API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-1",
    auth=WRITE_AUTH,
    # No validator badge: Swagger UI would fetch it from the internet.
    docs=Swagger(settings={"validatorUrl": None, "tryItOutEnabled": False}),
)
errors.register(api)

for module in (
    organizations,
    sites,
    capabilities,
    processes,
    materials,
    municipalities,
    qcd,
    meta,
):
    api.add_router("", module.router)
