"""Error pages that need the request (the language, the user's menu), and the 500 page."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from renkei.common.params import BadParameter

logger = logging.getLogger(__name__)

# When even 500.html cannot be shown (a static file missing from the manifest, say): both
# languages, since the failure may have come before the language was chosen.
LAST_RESORT_500 = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>500</title></head><body>
<h1>500 サーバーでエラーが発生しました / Server error</h1>
<p>しばらくしてからもう一度お試しください。 Try again in a moment.</p>
</body></html>
"""


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 400 page: what was wrong when the cause is a :class:`BadParameter` (its message is
    written for the user), a general sentence otherwise (nothing of the exception leaks)."""
    message = exception.message if isinstance(exception, BadParameter) else ""
    return render(request, "400.html", {"message": message}, status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, in the request's language, rendered without the request's context (the
    session, the user, the database may be what failed). Django's own handler would let an
    error in the page itself through, and the user would get the server's bare answer."""
    try:
        return HttpResponseServerError(loader.render_to_string("500.html"))
    except Exception:
        logger.exception("the 500 page could not be rendered")
        return HttpResponseServerError(LAST_RESORT_500)
