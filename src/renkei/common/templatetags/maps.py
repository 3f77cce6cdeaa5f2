"""``<div class="map" data-renkei-map {% map_layers %}>``: the layers every map draws.

The base map (``RENKEI_TILE_URL``, GSI's standard map by default, none when switched off) and
the shipped municipality boundaries, with the attribution each source asks for, travel as
data- attributes: the Content-Security-Policy allows no inline script, and static/renkei/map.js
reads them. One tag, so that every map (directory, profile, stress, area scenario) is the same.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def map_layers() -> SafeString:
    boundaries = format_html(
        'data-boundaries="{}" data-boundaries-attribution="{}"',
        static(settings.RENKEI_BOUNDARIES),
        settings.RENKEI_BOUNDARIES_ATTRIBUTION,
    )
    if not settings.RENKEI_TILE_URL:
        return boundaries
    return format_html(
        '{} data-tiles="{}" data-tiles-attribution="{}"',
        boundaries,
        settings.RENKEI_TILE_URL,
        settings.RENKEI_TILE_ATTRIBUTION,
    )
