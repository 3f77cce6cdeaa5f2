"""The one way a service writes a model: validate fully, then save with the actor recorded.

:func:`save_validated` for a new object; :func:`update_validated` for a change to an existing
one: only the fields sent, on the row locked, refused when it started from an older version.
"""

from __future__ import annotations

from typing import Any, TypeVar

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import models, transaction

from renkei.common.text import control_character_error, find_control_character
from renkei.common.versioning import Versioned, check_version

M = TypeVar("M", bound=models.Model)


def save_validated(instance: M, data: dict[str, Any], *, actor: Any) -> M:
    """Set ``data`` on ``instance``, run ``full_clean`` and save it, attributing it to ``actor``."""
    for name, value in data.items():
        setattr(instance, name, value)
    full_clean(instance)
    with set_actor(actor if getattr(actor, "is_authenticated", False) else None):
        instance.save()
    return instance


def update_validated(
    instance: M, data: dict[str, Any], *, actor: Any, version: int | None = None
) -> M:
    """Change only ``data``'s fields of ``instance``'s row and return the row as saved.

    The row is read again, locked (``select_for_update``; SQLite's ``BEGIN IMMEDIATE`` holds
    the whole database), so what another request committed meanwhile is kept: fields not in
    ``data`` are neither validated from a stale copy nor written back. ``version``, when given,
    is the version the edit started from; another one is refused (``stale_version``). Runs in
    the caller's transaction, the lock held until it commits.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("update_validated() needs the service's transaction.atomic")
    locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if isinstance(locked, Versioned):
        check_version(locked, version)
    for name, value in data.items():
        setattr(locked, name, value)
    full_clean(locked)
    fields = {locked._meta.get_field(name).name for name in data}
    # auto_now fields (updated_at) are set by save() only when named.
    fields |= {f.name for f in locked._meta.concrete_fields if getattr(f, "auto_now", False)}
    with set_actor(actor if getattr(actor, "is_authenticated", False) else None):
        locked.save(update_fields=fields)
    return locked


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
