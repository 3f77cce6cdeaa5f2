"""The one place that reads the process environment.

Settings call these helpers; nothing else in the code base reads ``os.environ``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}


def get_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def get_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in TRUE_WORDS


def get_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def get_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def get_mandatory_secret(name: str, *, development: bool, dev_file: Path) -> str:
    """Return a secret that production must set explicitly.

    In development a random key is generated once and kept in ``dev_file`` (ignored by git) so
    sessions survive restarts; outside development a missing secret stops the start-up.
    """
    value = os.environ.get(name, "")
    if value:
        return value
    if not development:
        raise ImproperlyConfigured(
            f"{name} must be set in the environment when RENKEI_ENV is not 'development'. "
            f"Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if dev_file.exists():
        return dev_file.read_text().strip()
    dev_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    dev_file.write_text(key)
    return key
