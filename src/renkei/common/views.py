"""Error pages that need the request (the language, the user's menu)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from renkei.common.params import BadParameter


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 400 page: what was wrong when the cause is a :class:`BadParameter` (its message is
    written for the user), a general sentence otherwise (nothing of the exception leaks)."""
    message = exception.message if isinstance(exception, BadParameter) else ""
    return render(request, "400.html", {"message": message}, status=400)
