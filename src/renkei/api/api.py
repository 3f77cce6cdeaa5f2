"""The NinjaAPI root: ``/api/v1/``."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="renkei API",
    version="1",
    description="連携 — the cluster platform's JSON API. Errors are application/problem+json.",
    urls_namespace="api-1",
)
