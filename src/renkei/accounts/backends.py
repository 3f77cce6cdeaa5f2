"""Model permissions by role: a coordinator may manage the cluster's data in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from renkei.common.permissions import is_coordinator

# App labels whose models a coordinator manages (the audit log is read-only for everyone).
# Not ``orders``: order records hold the firms' prices and customers, which a coordinator does
# not see (see ``renkei.orders.permissions``). Not ``accounts`` (nor ``auth``): whoever sets a
# user's password, firm or role reads that firm's data; accounts are the superuser's
# (``renkei.accounts.permissions``).
COORDINATOR_APPS = frozenset({"registry", "supply", "bcp", "programs", "logistics", "jobs"})


class RoleBackend(BaseBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not (user_obj.is_active and is_coordinator(user_obj)):
            return False
        app_label, _, codename = perm.partition(".")
        if app_label == "auditlog":
            return codename.startswith("view_")
        return app_label in COORDINATOR_APPS

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        if not (user_obj.is_active and is_coordinator(user_obj)):
            return False
        return app_label in COORDINATOR_APPS or app_label == "auditlog"
