"""Number formats of the QCD pages: a rate as a percentage, a figure by its unit."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def pct(value: Any, digits: int = 1) -> str:
    """A share (0.962) as a percentage ("96.2%"); "—" for no data."""
    if value is None or value == "":
        return "—"
    return f"{floatformat(100.0 * float(value), digits)}%"


@register.filter
def qcd_figure(value: Any, unit: str) -> str:
    """A QCD figure by its unit: "%" rates as percentages, "ppm" whole, days to 0.1."""
    if value is None or value == "":
        return "—"
    if unit == "%":
        return pct(value)
    return str(floatformat(float(value), 0 if unit == "ppm" else 1))
