"""Optimistic versioning: an edit says which version of the object it started from.

A model that people edit from a page or the API is :class:`Versioned`: its ``version`` starts
at 1 and goes up by one with every save of the row, whoever saves it (a form, the API, an
import, the admin). A page's edit form carries, hidden, the version it was opened on
(:class:`renkei.common.forms.VersionedModelForm`); an API client sends the ETag of its GET in
``If-Match`` or the ``version`` field. The service writes through
:func:`renkei.common.writes.update_validated`, which locks the row, compares the versions
(:func:`check_version`) and refuses a stale one with :func:`stale_version_error`: the page
shows it with status 409, the API answers 409 ``stale_version``. An edit that names no version
is not checked; it still changes only the fields it sends, on the locked row.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models.expressions import Combinable
from django.utils.translation import gettext_lazy as _

STALE_VERSION = "stale_version"


class Versioned(models.Model):
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        # Also in the database: rows inserted without it (an older migration's model, SQL)
        # start at 1 too.
        db_default=1,
        editable=False,
        help_text=_("Goes up by one with every change; an edit of an older version is refused."),
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            # In the database, not from this instance: an instance read before someone
            # else's save still moves the version past theirs.
            self.version = models.F("version") + 1  # type: ignore[assignment]
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)
        if isinstance(self.version, Combinable):
            self.refresh_from_db(fields=["version"])


def stale_version_error() -> ValidationError:
    return ValidationError(
        _(
            "Someone else changed this in the meantime. Reload the page to see their change, "
            "then make yours again."
        ),
        code=STALE_VERSION,
    )


def check_version(instance: Versioned, version: int | None) -> None:
    """Refuse an edit that started from another version than the row's (``None``: no check)."""
    if version is not None and version != instance.version:
        raise stale_version_error()


def is_stale_version(error: ValidationError) -> bool:
    """Whether ``error`` (as a service raised it) is the refusal of a stale version."""
    if hasattr(error, "error_dict"):
        errors = error.error_dict.get(NON_FIELD_ERRORS, [])
    else:
        errors = error.error_list
    return any(e.code == STALE_VERSION for e in errors)
