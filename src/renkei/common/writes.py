"""The one way a service writes a model: validate fully, then save with the actor recorded.

:func:`save_validated` for a new object; :func:`update_validated` for a change to an existing
one: only the fields sent, on the row locked, refused when it started from an older version.

:func:`save_validated` does both at once, for one record. A bulk write (an import of 20,000
rows) does them apart with a :class:`WritePlan`: every record is validated first, reading only,
outside any transaction, and the plan then saves them all in one short write transaction, new
records in bulk, with the audit log entries the single saves would have written. Holding the
database's write lock for the validation of every row would block every other user's write
(SQLite has one lock for the whole database) for as long as the import takes.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from auditlog import get_logentry_model
from auditlog.cid import get_cid
from auditlog.context import auditlog_value, set_actor
from auditlog.diff import get_field_value, is_primitive, model_instance_diff
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.encoding import smart_str

from renkei.common.text import control_character_error, find_control_character
from renkei.common.versioning import Versioned, check_version

M = TypeVar("M", bound=models.Model)


def save_validated(instance: M, data: Mapping[str, Any], *, actor: Any) -> M:
    """Set ``data`` on ``instance``, run ``full_clean`` and save it, attributing it to ``actor``."""
    for name, value in data.items():
        setattr(instance, name, value)
    full_clean(instance)
    with set_actor(actor if getattr(actor, "is_authenticated", False) else None):
        instance.save()
    return instance


def update_validated(
    instance: M, data: Mapping[str, Any], *, actor: Any, version: int | None = None
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


def full_clean(instance: models.Model, *, exclude: Iterable[str] = ()) -> None:
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
        instance.full_clean(exclude=list(exclude) or None)
    except ValidationError as exc:
        if not errors:
            raise
        for name, messages in exc.update_error_dict({}).items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)


BATCH = 500  # rows per INSERT / UPDATE statement


@dataclass(eq=False)
class PlannedWrite:
    instance: models.Model
    before: models.Model | None  # the stored record as it was; None for a new one
    fields: tuple[str, ...]  # the fields set
    # The audit log's changes, worked out before the transaction (it is most of the work of
    # logging), but for the fields only the save fills in: listed in ``late``.
    changes: dict[str, Any] | None = None
    late: tuple[models.Field[Any, Any], ...] = ()


def _unsaved_relations(instance: models.Model) -> list[str]:
    """Foreign keys to objects the same plan creates earlier (they have no key yet)."""
    names = []
    for field in instance._meta.concrete_fields:
        if field.is_relation and field.is_cached(instance):
            related = field.get_cached_value(instance)
            if related is not None and related.pk is None:
                names.append(field.name)
    return names


class WritePlan:
    """Writes validated now and saved later, together (see the module's docstring).

    :meth:`add` sets the data on the instance and validates it as :func:`save_validated` does;
    a foreign key to a record the plan creates earlier is checked when that record is saved
    (the caller has resolved it). :meth:`save` writes everything in the order added; call it
    inside ``transaction.atomic``. A database error there (another user wrote the same record
    meanwhile) aborts the whole plan with the transaction.
    """

    def __init__(self) -> None:
        self.writes: list[PlannedWrite] = []
        self._after: list[Callable[[], Any]] = []

    def __len__(self) -> int:
        return len(self.writes)

    def add(self, instance: models.Model, data: dict[str, Any]) -> models.Model:
        before = None if instance._state.adding else copy.copy(instance)
        for name, value in data.items():
            setattr(instance, name, value)
        unsaved = _unsaved_relations(instance)
        full_clean(instance, exclude=unsaved)
        write = PlannedWrite(instance, before, tuple(data))
        if auditlog.contains(type(instance)):
            write.changes = _diff(write)
            write.late = _late_fields(instance, unsaved)
        self.writes.append(write)
        return instance

    def after(self, step: Callable[[], Any]) -> None:
        """Run ``step`` once every record is saved, in the same transaction (to set a
        many-to-many relation of a record the plan creates, for example)."""
        self._after.append(step)

    def save(self, *, actor: Any) -> None:
        self._save(actor=actor)
        for step in self._after:
            step()

    def _save(self, *, actor: Any) -> None:
        for group in _runs_of_one_model(self.writes):
            model = type(group[0].instance)
            new = [w.instance for w in group if w.before is None]
            changed = [w for w in group if w.before is not None]
            if new:
                model._default_manager.bulk_create(new, batch_size=BATCH)
            if changed:
                fields = {model._meta.get_field(f).name for w in changed for f in w.fields}
                # bulk_update leaves auto_now fields ("updated at") alone; a save does not.
                for field in model._meta.concrete_fields:
                    if getattr(field, "auto_now", False):
                        fields.add(field.name)
                        for write in changed:
                            field.pre_save(write.instance, add=False)
                versioned = issubclass(model, Versioned)
                if versioned:
                    # An import is an edit like any other: a form opened before it is stale.
                    fields.add("version")
                    for write in changed:
                        write.instance.version = models.F("version") + 1  # type: ignore[attr-defined]
                model._default_manager.bulk_update(
                    [w.instance for w in changed], sorted(fields), batch_size=BATCH
                )
                if versioned:
                    versions = dict(
                        model._default_manager.filter(
                            pk__in=[w.instance.pk for w in changed]
                        ).values_list("pk", "version")
                    )
                    for write in changed:
                        write.instance.version = versions[write.instance.pk]  # type: ignore[attr-defined]
            for write in group:
                # Saved: the instance is no longer "adding" (a later save would update it).
                write.instance._state.adding = False
            _audit(group, actor=actor)


def _runs_of_one_model(writes: Sequence[PlannedWrite]) -> list[list[PlannedWrite]]:
    runs: list[list[PlannedWrite]] = []
    for write in writes:
        if runs and type(runs[-1][0].instance) is type(write.instance):
            runs[-1].append(write)
        else:
            runs.append([write])
    return runs


def _filled_on_save(field: models.Field[Any, Any]) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _diff(write: PlannedWrite) -> dict[str, Any]:
    changes: dict[str, Any] = (
        model_instance_diff(
            write.before,
            write.instance,
            use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES,
        )
        or {}
    )
    return changes


def _late_fields(instance: models.Model, unsaved: list[str]) -> tuple[models.Field[Any, Any], ...]:
    """The logged fields whose value only the save gives: the key, keys of records saved
    just before (``unsaved``), times filled in on save."""
    meta = instance._meta
    names = {meta.pk.name, *unsaved}
    names.update(f.name for f in meta.concrete_fields if _filled_on_save(f))
    options = auditlog.get_model_fields(type(instance))
    if options["include_fields"]:
        names &= set(options["include_fields"])
    names -= set(options["exclude_fields"])
    return tuple(meta.get_field(name) for name in sorted(names))  # type: ignore[misc]


def _late_changes(write: PlannedWrite) -> dict[str, Any]:
    """The changes of the late fields, as auditlog's diff words them (masked fields aside)."""
    json = settings.AUDITLOG_STORE_JSON_CHANGES
    masked = set(auditlog.get_model_fields(type(write.instance))["mask_fields"])
    changes: dict[str, Any] = {}
    for field in write.late:
        if field.name in masked:
            continue
        old = get_field_value(write.before, field, json)
        new = get_field_value(write.instance, field, json)
        if old != new:
            if json:
                old = old if is_primitive(old) else smart_str(old)
                new = new if is_primitive(new) else smart_str(new)
                changes[field.name] = (old, new)
            else:
                changes[field.name] = (smart_str(old), smart_str(new))
    return changes


def _audit(writes: list[PlannedWrite], *, actor: Any) -> None:
    """The audit log entries django-auditlog writes on each save, written in bulk."""
    model = type(writes[0].instance)
    if not auditlog.contains(model):
        return
    log_entry = get_logentry_model()
    user = actor if isinstance(actor, get_user_model()) and actor.is_authenticated else None
    content_type = ContentType.objects.get_for_model(model)
    cid = get_cid()
    # What a request's AuditlogMiddleware put in the context (the client's address), as the
    # pre_save receiver of single saves would copy it onto each entry.
    context = auditlog_value.get({})
    remote = {
        key: context[key] for key in ("remote_addr", "remote_port") if context.get(key) is not None
    }
    entries = []
    for write in writes:
        instance = write.instance
        late = {field.name for field in write.late}
        changes = {k: v for k, v in (write.changes or {}).items() if k not in late}
        changes.update(_late_changes(write))
        if not changes:
            continue  # auditlog writes no entry for a save that changed nothing
        entries.append(
            log_entry(
                content_type=content_type,
                object_pk=str(instance.pk),
                object_id=instance.pk if isinstance(instance.pk, int) else None,
                object_repr=str(instance),
                serialized_data=log_entry.objects._get_serialized_data_or_none(instance),
                action=log_entry.Action.CREATE if write.before is None else log_entry.Action.UPDATE,
                changes=changes,
                actor=user,
                actor_email=getattr(user, "email", None) if user else None,
                cid=cid,
                **remote,
            )
        )
    log_entry.objects.bulk_create(entries, batch_size=BATCH)
