from __future__ import annotations

from typing import Any

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from renkei.accounts import services
from renkei.accounts.backends import COORDINATOR_APPS
from renkei.accounts.models import ApiToken, User
from renkei.supply.permissions import PRICE_FIELDS


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "last_name", "first_name", "role", "organization", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role in the cluster"), {"fields": ("role", "organization")}),
    )
    autocomplete_fields = ("organization",)

    # Coordinators manage member and buyer accounts, never rights: only a superuser may grant
    # superuser or staff status, permissions or groups, or touch a superuser's account.
    PRIVILEGED_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(is_superuser=False)

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> Any:
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else (*readonly, *self.PRIVILEGED_FIELDS)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Issue, list and revoke API tokens. The plaintext is shown once, after creation."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    autocomplete_fields = ("user",)
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiToken]:
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(user=request.user)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # A token acts as its user: only a superuser may issue one for somebody else.
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = User.objects.filter(pk=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_autocomplete_fields(self, request: HttpRequest) -> Any:
        return self.autocomplete_fields if request.user.is_superuser else ()

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> Any:
        # The owner of an existing token cannot change; only its name can.
        return (*self.readonly_fields, "user") if obj is not None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        _token, raw = services.api_token_create(
            user=obj.user, name=obj.name, actor=request.user, token=obj
        )
        messages.warning(
            request,
            _("The new token is %(token)s — copy it now: it will not be shown again.")
            % {"token": raw},
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            services.api_token_revoke(token=token, actor=request.user)
        messages.success(request, _("The selected tokens were revoked."))


# The audit log records every change with its values (prices included): a coordinator reads
# the history of what it manages only, not that of the firms' orders nor their supply prices.
admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class RoleLogEntryAdmin(LogEntryAdmin):
    def get_queryset(self, request: HttpRequest) -> QuerySet[LogEntry]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        qs = qs.filter(content_type__app_label__in=COORDINATOR_APPS)
        # Supply records are the coordinator's to manage, but not the firms' prices and margins
        # in them: an entry that records one is left out (its search would tell the value).
        prices = Q()
        for model, fields in PRICE_FIELDS.items():
            content_type = ContentType.objects.get_for_model(model)
            for field in fields:
                prices |= Q(content_type=content_type, changes__has_key=field)
        return qs.exclude(prices)
