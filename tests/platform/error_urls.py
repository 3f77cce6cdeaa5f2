"""The site's addresses plus two that fail on purpose (tests/platform/test_error_pages.py)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from renkei.config.urls import handler400, handler500
from renkei.config.urls import urlpatterns as site


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


urlpatterns = [path("test-forbidden/", forbidden), path("test-broken/", broken), *site]

__all__ = ["handler400", "handler500", "urlpatterns"]
