"""Writes of the accounts app: API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone

from renkei.accounts.models import ApiToken, User

TOKEN_PREFIX = "rk_"
# Recording every use would write on every request; once a minute is precise enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, actor: Any = None, token: ApiToken | None = None
) -> tuple[ApiToken, str]:
    """Create a token for ``user`` and return it with its plaintext, which is never stored.

    ``token`` lets the admin pass the unsaved instance of its add form.
    """
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = token or ApiToken()
    token.user = user
    token.name = name
    token.prefix = raw[:10]
    token.key_hash = hash_token(raw)
    token.full_clean()
    with set_actor(actor if getattr(actor, "is_authenticated", False) else None):
        token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any = None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        with set_actor(actor if getattr(actor, "is_authenticated", False) else None):
            token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(*, raw: str) -> User | None:
    """The active user owning the active token ``raw``, or ``None``. Records the use."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
