"""Log-in throttling: per user at an address, and per address whatever the usernames.

django-axes counts failures per ``AXES_LOCKOUT_PARAMETERS`` against one limit, and a successful
log-in deletes every attempt matching those parameters. Listing ``"ip_address"`` there would
therefore (a) lock a whole firm's office, all behind one address, after the per-user limit of
typos, and (b) let an attacker with an account of its own wipe its address's count by logging
in between guesses. So the parameters stay per user and address, and this handler adds the
address check with its own, higher limit. A successful log-in still forgives only that user's
own failures at that address, so the other usernames' failures stay counted.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.conf import settings
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.db.models import Sum
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address a log-in comes from.

    Behind ``RENKEI_TRUSTED_PROXIES`` reverse proxies (each appending to X-Forwarded-For) the
    client is the address the outermost trusted proxy saw; without it every visitor would have
    the proxy's address and ten typos anywhere would lock everybody out. Entries further left
    are the client's own claims and are never trusted.
    """
    proxies = settings.RENKEI_TRUSTED_PROXIES
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def failures_from_address(request: HttpRequest) -> int:
    """Failed log-ins from the request's address within the cool-off time, any username."""
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)  # type: ignore[attr-defined]
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


def _address_locked(request: HttpRequest) -> bool:
    return (
        settings.AXES_LOCK_OUT_AT_FAILURE
        and failures_from_address(request) >= settings.RENKEI_LOGIN_FAILURES_PER_ADDRESS
    )


class LoginThrottleHandler(AxesDatabaseHandler):
    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return _address_locked(request)

    def user_login_failed(
        self,
        sender: Any,
        credentials: dict[str, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        # The parent decides "locked out" from the per-user count only; the address count
        # must also answer with the lock-out page (AxesMiddleware reads this flag).
        if request is not None and not request.axes_locked_out and _address_locked(request):  # type: ignore[attr-defined]
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
            )
