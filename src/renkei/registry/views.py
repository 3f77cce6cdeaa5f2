"""Registry pages: home, directory (list + map), firm profile, and the profile editor.

Views parse input, pass the permission gate, call one selector or service, and render.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renkei.common.forms import VersionedModelForm, apply_service, form_status
from renkei.registry import forms as registry_forms
from renkei.registry import services
from renkei.registry.models import (
    Capability,
    Certification,
    Contact,
    Equipment,
    Organization,
    OrganizationKind,
    Site,
    SkillHolding,
)
from renkei.registry.permissions import (
    can_edit_organization,
    contacts_visible_to,
    organization_for_user,
    organizations_visible_to,
)
from renkei.registry.selectors import (
    DirectoryFilters,
    organization_detail,
    organization_list,
    sites_on_map,
)

PAGE_SIZE = 25


def home(request: HttpRequest) -> HttpResponse:
    visible = organizations_visible_to(request.user)
    context = {
        "member_count": visible.filter(kind=OrganizationKind.MEMBER).count(),
        "buyer_count": visible.filter(kind=OrganizationKind.BUYER).count(),
        "own_organization": getattr(request.user, "organization", None),
    }
    return render(request, "home.html", context)


def directory(request: HttpRequest) -> HttpResponse:
    form = registry_forms.DirectorySearchForm(request.GET or None)
    filters = DirectoryFilters()
    if form.is_valid():
        filters = DirectoryFilters(**form.cleaned_data)
    organizations = organization_list(user=request.user, filters=filters)
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "total": page.paginator.count,
        # The map shows every hit, not only this page's.
        "markers": sites_on_map(organizations),
        "query_string": request.GET.copy().urlencode() if request.GET else "",
    }
    template = "registry/_directory_results.html" if request.htmx else "registry/directory.html"
    return render(request, template, context)


def organization_detail_view(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_detail(
        organization=organization_for_user(request.user, organization_id)
    )
    context = {
        "organization": organization,
        "can_edit": can_edit_organization(request.user, organization),
        "contacts": contacts_visible_to(request.user, organization),
        "today": timezone.localdate(),
        "markers": sites_on_map([organization]),
    }
    return render(request, "registry/organization_detail.html", context)


@login_required
def organization_edit(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for_user(request.user, organization_id, for_edit=True)
    form = registry_forms.OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        saved = apply_service(
            form,
            services.organization_update,
            actor=request.user,
            organization=organization,
            version=form.opened_version,
            **form.service_data(),
        )
        if saved is not None:
            messages.success(request, _("The profile was saved."))
            return redirect(organization)
    return render(
        request,
        "registry/edit.html",
        {"organization": organization, "form": form, "title": _("Edit profile")},
        status=form_status(request, form),
    )


@dataclass(frozen=True)
class ChildKind:
    """One kind of object that belongs to a firm and is edited from its profile."""

    model: type[models.Model]
    form: type[VersionedModelForm]
    title: Any
    via_site: bool  # belongs to a site of the firm rather than to the firm itself


CHILD_KINDS: dict[str, ChildKind] = {
    "sites": ChildKind(Site, registry_forms.SiteForm, gettext_lazy("Site"), False),
    "capabilities": ChildKind(
        Capability, registry_forms.CapabilityForm, gettext_lazy("Capability"), True
    ),
    "equipment": ChildKind(
        Equipment, registry_forms.EquipmentForm, gettext_lazy("Equipment"), True
    ),
    "certifications": ChildKind(
        Certification, registry_forms.CertificationForm, gettext_lazy("Certification"), False
    ),
    "contacts": ChildKind(Contact, registry_forms.ContactForm, gettext_lazy("Contact"), False),
    "skills": ChildKind(
        SkillHolding, registry_forms.SkillHoldingForm, gettext_lazy("Skilled workers"), False
    ),
}


def _child_kind(kind: str) -> ChildKind:
    try:
        return CHILD_KINDS[kind]
    except KeyError:
        raise Http404 from None


def _child_object(kind: ChildKind, organization: Organization, object_id: int) -> models.Model:
    """Find the object only among the firm's own: another firm's id is a 404."""
    owner = (
        {"site__organization": organization} if kind.via_site else {"organization": organization}
    )
    try:
        return kind.model.objects.get(pk=object_id, **owner)
    except kind.model.DoesNotExist:
        raise Http404 from None


def _save_child(
    kind_name: str,
    *,
    actor: Any,
    organization: Organization,
    instance: Any,
    data: dict[str, Any],
    version: int | None,
) -> models.Model:
    """Hand the form's fields to the kind's service as its keyword arguments."""
    common: dict[str, Any] = {"actor": actor, "version": version, **data}
    if kind_name == "sites":
        return services.site_save(organization=organization, site=instance, **common)
    if kind_name == "capabilities":
        materials = common.pop("materials", [])
        return services.capability_save(materials=materials, capability=instance, **common)
    if kind_name == "equipment":
        return services.equipment_save(equipment=instance, **common)
    if kind_name == "certifications":
        return services.certification_save(
            organization=organization, certification=instance, **common
        )
    if kind_name == "contacts":
        return services.contact_save(organization=organization, contact=instance, **common)
    return services.skill_holding_save(organization=organization, holding=instance, **common)


@login_required
def child_edit(
    request: HttpRequest, organization_id: int, kind: str, object_id: int | None = None
) -> HttpResponse:
    organization = organization_for_user(request.user, organization_id, for_edit=True)
    child = _child_kind(kind)
    if object_id is None:
        instance = child.model() if child.via_site else child.model(organization=organization)
    else:
        instance = _child_object(child, organization, object_id)
    form_kwargs: dict[str, Any] = {"instance": instance}
    if child.via_site:
        form_kwargs["organization"] = organization
    form = child.form(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        saved = apply_service(
            form,
            _save_child,
            kind_name=kind,
            actor=request.user,
            organization=organization,
            instance=instance,
            data=form.service_data(),
            version=form.opened_version if instance.pk is not None else None,
        )
        if saved is not None:
            messages.success(request, _("%(what)s was saved.") % {"what": child.title})
            return redirect(organization)
    return render(
        request,
        "registry/edit.html",
        {"organization": organization, "form": form, "title": child.title, "kind": kind},
        status=form_status(request, form),
    )


@login_required
@require_POST
def child_delete(
    request: HttpRequest, organization_id: int, kind: str, object_id: int
) -> HttpResponse:
    organization = organization_for_user(request.user, organization_id, for_edit=True)
    child = _child_kind(kind)
    services.registry_object_delete(
        actor=request.user, obj=_child_object(child, organization, object_id)
    )
    messages.success(request, _("%(what)s was deleted.") % {"what": child.title})
    return redirect(organization)
