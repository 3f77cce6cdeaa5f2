"""The admin site: coordinators manage the registry here without being superusers."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from renkei.common.permissions import is_coordinator


class RenkeiAdminSite(admin.AdminSite):
    site_header = _("renkei administration")
    site_title = _("renkei administration")
    index_title = _("Cluster data")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and (user.is_staff or is_coordinator(user)))


class RenkeiAdminConfig(AdminConfig):
    default_site = "renkei.config.admin.RenkeiAdminSite"
