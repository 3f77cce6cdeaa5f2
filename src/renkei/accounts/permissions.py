"""The gate of the accounts: who may create, change or delete users, their roles and firms,
their passwords, API tokens, groups and permissions.

Only a superuser. An account is the key to a firm's prices, orders, drawings and daily reports:
whoever may set a member's password or move a user into a firm may read all of them. A
coordinator runs the cluster's registry, not its accounts; no permission handed out through
groups or ``user_permissions`` changes that.
"""

from __future__ import annotations

from typing import Any


def can_manage_accounts(user: Any) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))
