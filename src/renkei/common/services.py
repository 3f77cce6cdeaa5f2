"""What every write service shares: one transaction, and its fields as typed keyword arguments.

A service that sets a model's fields takes them as keyword arguments typed by a
``TypedDict(total=False)`` of the model's editable fields (PEP 692), never as ``data: dict``::

    class OrganizationFields(TypedDict, total=False):
        name: str
        employees: int | None
        ...

    @atomic_service
    def organization_update(
        *, actor: Any, organization: Organization, version: int | None = None,
        **fields: Unpack[OrganizationFields],
    ) -> Organization:
        return update_validated(organization, fields, actor=actor, version=version)

Only the fields given are set (a change writes only those: optimistic versioning), so a field
left out is not the same as a field given as ``None``: hence ``**fields`` rather than one
parameter per field with a default. mypy checks every caller against the ``TypedDict``; at run
time :func:`atomic_service` refuses a name that is neither a parameter of the service nor a
field, with the ``TypeError`` Python gives for an unexpected keyword argument. A face passes
what its form or schema parsed: ``organization_update(..., **form.service_data())``.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")


def atomic_service(service: Callable[P, R]) -> Callable[P, R]:
    """Run ``service`` in one ``transaction.atomic`` and refuse an unknown keyword argument.

    The names it takes are its own parameters and the fields of the ``TypedDict`` of its
    ``**fields: Unpack[...]``; any other is a ``TypeError`` naming it, raised before the
    transaction opens. Use it instead of ``@transaction.atomic`` on a service with ``**fields``:
    this project has no type stubs for Django, so ``@transaction.atomic`` would hide the
    service's signature from mypy (the decorated function would be ``Any``); this decorator
    keeps it (``Callable[P, R]``).
    """
    parameters, fields = _keywords(service)
    allowed = parameters | fields
    atomic = transaction.atomic(service)

    @functools.wraps(service)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        for name in kwargs:
            if name not in allowed:
                raise TypeError(
                    f"{service.__qualname__}() got an unexpected keyword argument {name!r}"
                    f" (its fields: {', '.join(sorted(fields)) or 'none'})"
                )
        result: R = atomic(*args, **kwargs)
        return result

    return call


def _keywords(service: Callable[..., object]) -> tuple[frozenset[str], frozenset[str]]:
    """The names of ``service``'s keyword parameters, and the fields of its ``**fields``."""
    signature = inspect.signature(service)
    parameters = frozenset(
        p.name
        for p in signature.parameters.values()
        if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
    )
    var = next((p for p in signature.parameters.values() if p.kind is p.VAR_KEYWORD), None)
    if var is None:
        return parameters, frozenset()
    hint = typing.get_type_hints(service)[var.name]
    typed = typing.get_args(hint)
    if typing.get_origin(hint) is not typing.Unpack or not typing.is_typeddict(typed[0]):
        raise TypeError(
            f"{service.__qualname__}(): **{var.name} must be typed as Unpack[<a TypedDict>]"
        )
    fields = frozenset(typed[0].__required_keys__ | typed[0].__optional_keys__)
    if both := sorted(parameters & fields):
        raise TypeError(f"{service.__qualname__}(): {', '.join(both)} both a parameter and a field")
    return parameters, fields
