"""``{% form_token "orders.receipt" line.pk %}``: the hidden one-time token of a create form
(:mod:`renkei.common.idempotency`); the view names the same form in ``submission()``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from renkei.common.idempotency import FIELD, purpose_of, token_for_form

register = template.Library()


@register.simple_tag(takes_context=True)
def form_token(context: template.Context, name: str, *parts: Any) -> SafeString | str:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    token = token_for_form(request, purpose_of(name, *parts))
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, token)
