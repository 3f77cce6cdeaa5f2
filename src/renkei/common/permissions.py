"""Who the user is, as every permission gate asks it: coordinator or not, and of which firm."""

from __future__ import annotations

from typing import Any


def is_coordinator(user: Any) -> bool:
    return bool(getattr(user, "is_coordinator", False))


def user_organization_id(user: Any) -> int | None:
    """The organisation of a logged-in user; ``None`` for visitors and users without one."""
    return getattr(user, "organization_id", None) if user.is_authenticated else None


def belongs_to(user: Any, organization: Any) -> bool:
    """Whether ``user`` is one of the people of ``organization`` (an organisation or its pk).
    A coordinator is no exception: acting for a firm or reading its prices is its own
    people's business."""
    org_id = user_organization_id(user)
    owner_id = getattr(organization, "pk", organization)
    return org_id is not None and owner_id is not None and org_id == owner_id
