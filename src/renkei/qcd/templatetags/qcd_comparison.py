"""The QCD rows of the orders app's quote comparison, behind the QCD gates.

The RFQ page (``orders/rfq_detail.html``) loads this library (``{% load qcd_comparison %}``)
instead of the orders app importing :mod:`renkei.qcd`: qcd sits above orders (it reads the
orders' records), and a lower app never imports a higher one. The figures are
:func:`renkei.qcd.selectors.supplier_figures`: the user's own orders with each supplier, and
the supplier's shared sheet where it shares it with the user.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from renkei.qcd.selectors import supplier_figures

register = template.Library()


@register.inclusion_tag("qcd/_comparison_rows.html", takes_context=True)
def qcd_comparison_rows(context: template.Context, columns: list[Any]) -> dict[str, Any]:
    """One table row per figure, one cell per column (``column["supplier"]``), in order."""
    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    suppliers = [column["supplier"] for column in columns]
    figures = supplier_figures(user, [s.pk for s in suppliers], as_of=timezone.localdate())
    return {"cells": [(supplier, figures[supplier.pk]) for supplier in suppliers]}
