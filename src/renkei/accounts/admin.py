from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from renkei.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "last_name", "first_name", "role", "organization", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role in the cluster"), {"fields": ("role", "organization")}),
    )
    autocomplete_fields = ("organization",)
