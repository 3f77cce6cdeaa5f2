"""Who the user is, as every permission gate asks it: coordinator or not, and of which firm."""

from __future__ import annotations

from typing import Any


def is_coordinator(user: Any) -> bool:
    return bool(getattr(user, "is_coordinator", False))


def user_organization_id(user: Any) -> int | None:
    """The organisation of a logged-in user; ``None`` for visitors and users without one."""
    return getattr(user, "organization_id", None) if user.is_authenticated else None
