"""The admin of the accounts (users, API tokens, groups), the superuser's only, and of the
audit log, which a coordinator reads for what it manages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin, messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from renkei.accounts import services
from renkei.accounts.backends import COORDINATOR_APPS
from renkei.accounts.models import ApiToken, User
from renkei.accounts.permissions import can_manage_accounts
from renkei.common import admin as common_admin
from renkei.common.forms import ModelForm, TextFormMixin


class SuperuserOnlyMixin:
    """Every page of the model — list, add, change, delete, history, password, the
    autocomplete that lists it, its line on the index — for the superuser only
    (:func:`~renkei.accounts.permissions.can_manage_accounts`), whatever model permissions
    the user was given."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_manage_accounts(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_accounts(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return can_manage_accounts(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_accounts(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_accounts(request.user)


class UserChangeForm(TextFormMixin, auth_forms.UserChangeForm):  # type: ignore[type-arg]
    class Meta(auth_forms.UserChangeForm.Meta):
        model = User


class UserCreationForm(TextFormMixin, auth_forms.AdminUserCreationForm):  # type: ignore[type-arg]
    """A new user comes with its role and firm: a member or buyer without a firm is refused
    on the form (``User.clean``), which needs the field to say so."""

    class Meta(auth_forms.AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "role", "organization")


@admin.register(User)
class UserAdmin(SuperuserOnlyMixin, BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ("username", "last_name", "first_name", "role", "organization", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role in the cluster"), {"fields": ("role", "organization")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "role", "organization")}),
        (
            _("Password"),
            {"classes": ("wide",), "fields": ("usable_password", "password1", "password2")},
        ),
    )
    autocomplete_fields = ("organization",)


@admin.register(ApiToken)
class ApiTokenAdmin(SuperuserOnlyMixin, common_admin.ModelAdmin):
    """Issue, list and revoke API tokens. The plaintext is shown once, after creation."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    autocomplete_fields = ("user",)
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke",)

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


# A group carries permissions: whoever edits groups grants rights.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(SuperuserOnlyMixin, BaseGroupAdmin):
    form = ModelForm


# --- the audit log ---------------------------------------------------------------------------

# Fields a coordinator never reads in the audit log although it manages their models (a firm's
# prices in the supply data): an entry that records one is left out, since its values, or a
# search over them, would tell the value. The apps above accounts name theirs with
# :func:`keep_out_of_audit_log` (accounts knows none of them).
_PRIVATE_FIELDS: dict[type[Model], frozenset[str]] = {}


def keep_out_of_audit_log(model: type[Model], fields: Iterable[str]) -> None:
    _PRIVATE_FIELDS[model] = _PRIVATE_FIELDS.get(model, frozenset()) | frozenset(fields)


# The audit log records every change with its values (prices included): a coordinator reads
# the history of what it manages only, not that of the firms' orders, their supply prices, or
# the accounts.
admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class RoleLogEntryAdmin(LogEntryAdmin):
    def get_queryset(self, request: HttpRequest) -> QuerySet[LogEntry]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        qs = qs.filter(content_type__app_label__in=COORDINATOR_APPS)
        private = Q()
        for model, fields in _PRIVATE_FIELDS.items():
            content_type = ContentType.objects.get_for_model(model)
            for field in sorted(fields):
                private |= Q(content_type=content_type, changes__has_key=field)
        return qs.exclude(private)
