"""Response headers every page, download and API answer carries."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

NO_STORE = "private, no-store"


class PrivateNoStoreMiddleware:
    """``Cache-Control: private, no-store`` on every response that Django makes.

    Almost every page shows one firm's data (prices, orders, drawings, QCD figures), and even
    the public ones differ with the visitor's log-in. Telling the pages apart is a list that
    would go stale with each new app; marking them all is the rule that cannot. A view may make
    a response cacheable for the public with ``Cache-Control: public`` (``cache_control``
    decorator); it stays so only for a visitor who is not logged in.

    Static files do not come through here: whitenoise answers them before the middleware,
    with their own long cache (they are the same for everyone).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not self._public(request, response):
            # Replace whatever a view or Django said (max-age, must-revalidate...): no copy of
            # the response may be kept anywhere, not even by the browser.
            del response["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
            del response["Expires"]
        return response

    @staticmethod
    def _public(request: HttpRequest, response: HttpResponseBase) -> bool:
        directives = {d.strip().lower() for d in response.get("Cache-Control", "").split(",")}
        if "public" not in directives:
            return False
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated)
