"""Links into the QCD pages from lower apps' templates, behind the QCD gate.

A registry page loads this library (``{% load qcd_links %}``) instead of the registry importing
:mod:`renkei.qcd`: the registry stays below the qcd app, and the gate
(:func:`renkei.qcd.permissions.qcd_sheet_visible`) is still the one that decides.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from renkei.qcd.permissions import qcd_sheet_visible

register = template.Library()


@register.simple_tag(takes_context=True)
def qcd_sheet_url(context: template.Context, organization: Any) -> str:
    """The URL of ``organization``'s QCD sheet if the viewer may open it, else ``""``."""
    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    if organization is None or not qcd_sheet_visible(user, organization):
        return ""
    return reverse("qcd:qcd_sheet", args=[organization.pk])
