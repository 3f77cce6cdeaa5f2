"""The one way a service writes a model: validate fully, then save with the actor recorded."""

from __future__ import annotations

from typing import Any, TypeVar

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import models

from renkei.common.text import control_character_error, find_control_character

M = TypeVar("M", bound=models.Model)


def save_validated(instance: M, data: dict[str, Any], *, actor: Any) -> M:
    """Set ``data`` on ``instance``, run ``full_clean`` and save it, attributing it to ``actor``."""
    for name, value in data.items():
        setattr(instance, name, value)
    full_clean(instance)
    with set_actor(actor if getattr(actor, "is_authenticated", False) else None):
        instance.save()
    return instance


def full_clean(instance: models.Model) -> None:
    """``instance.full_clean()``, and no text field holding a control character (a line break
    only in a ``TextField``): whichever service, form, API call or import wrote it."""
    errors: dict[str, list[ValidationError]] = {}
    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                multiline = isinstance(field, models.TextField)
                character = find_control_character(value, multiline=multiline)
                if character is not None:
                    errors[field.name] = [control_character_error(character)]
    try:
        instance.full_clean()
    except ValidationError as exc:
        if not errors:
            raise
        for name, messages in exc.update_error_dict({}).items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)
