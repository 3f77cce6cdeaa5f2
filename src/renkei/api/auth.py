"""Who is calling: an API token, the browser session, or the public.

- ``Authorization: Bearer rk_…`` authenticates with a personal API token
  (:mod:`renkei.accounts.services`). A token that is sent but unknown or revoked is refused with
  401 ``invalid_token``, even where the public may read: a client should learn that its token
  stopped working rather than silently see less.
- The session cookie of a logged-in user works as on the pages; a change (POST, PATCH, …) made
  with it must carry the CSRF token in ``X-CSRFToken``, as Django's forms do.
- Anyone else is the public. Reading endpoints accept it (:data:`READ_AUTH`); every change
  requires one of the two above (:data:`WRITE_AUTH`, the API's default).

The resulting user is ``request.auth`` and is what the endpoints hand to the permission gate.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.utils import check_csrf

from renkei.accounts.services import api_token_authenticate
from renkei.api.errors import ApiError, ErrorCode

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class TokenAuth(HttpBearer):
    """A personal API token: ``Authorization: Bearer <token>``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(raw=token.strip())
        if user is None:
            raise ApiError(
                ErrorCode.INVALID_TOKEN,
                headers={"WWW-Authenticate": 'Bearer realm="renkei", error="invalid_token"'},
            )
        # Code that looks at request.user (the audit log's middleware, templates) sees the same.
        request.user = user
        return user


class SessionAuth(NinjaSessionAuth):
    """The logged-in browser session, with Django's CSRF check on every change."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            # No session: nothing to protect, and the next method (or 401) decides.
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise ApiError(ErrorCode.CSRF_FAILED)
        return request.COOKIES.get(self.param_name)


def public(request: HttpRequest) -> Any:
    """The last resort of reading endpoints: the public visitor."""
    return AnonymousUser()


token_auth = TokenAuth()
session_auth = SessionAuth()

WRITE_AUTH = [token_auth, session_auth]
READ_AUTH = [token_auth, session_auth, public]
# OpenAPI: the empty requirement says the reading endpoints also answer without credentials.
READ_OPENAPI = {"security": [{}]}
