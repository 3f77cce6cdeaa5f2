"""Who the user is, as every permission gate asks it: coordinator or not, and of which firm.

These are the cross-app predicates; each app's ``permissions.py`` builds its gates from them.
Code asks "is this a coordinator?" with :func:`is_coordinator` only (templates read the same
rule as ``user.is_coordinator``), and says "refuse with 403 unless …" with :func:`require`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied


def is_coordinator(user: Any) -> bool:
    """Whether ``user`` is a coordinator (or a superuser). The rule itself is the user model's
    (``User.is_coordinator``, which templates read); this asks it safely of anyone: a visitor,
    an API token's user, or ``None`` for the system."""
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


def require(allowed: bool) -> None:
    """Refuse (``PermissionDenied``, a 403 page or problem+json) unless a gate allowed it:
    ``require(can_import_supply(user))``. For objects the user may not know exist, use the
    app's ``*_for_user`` gate instead: it answers 404."""
    if not allowed:
        raise PermissionDenied


def own_organization(user: Any) -> Any:
    """The organisation ``user`` acts for; 403 for someone without one (a coordinator of no
    firm, say): the firm's own pages exist, but not for them."""
    require(user_organization_id(user) is not None)
    return user.organization
