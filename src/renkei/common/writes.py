"""The one way a service writes a model: validate fully, then save with the actor recorded."""

from __future__ import annotations

from typing import Any, TypeVar

from auditlog.context import set_actor
from django.db import models

M = TypeVar("M", bound=models.Model)


def save_validated(instance: M, data: dict[str, Any], *, actor: Any) -> M:
    """Set ``data`` on ``instance``, run ``full_clean`` and save it, attributing it to ``actor``."""
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    with set_actor(actor if getattr(actor, "is_authenticated", False) else None):
        instance.save()
    return instance
