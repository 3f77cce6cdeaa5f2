"""Job kinds and their handlers.

A handler is ``handler(params: dict, progress: Progress) -> dict`` (the JSON result). Domain apps
register theirs with :func:`job_handler`; the worker looks them up by kind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class Progress(Protocol):
    def __call__(self, fraction: float, message: str = "") -> None: ...


Handler = Callable[[dict[str, Any], Progress], dict[str, Any]]


class JobRefused(Exception):
    """A handler's refusal of its input: the job fails with this message, shown to the user as
    it is (so already in the user's language), and the worker logs no traceback for it."""


_HANDLERS: dict[str, Handler] = {}
_RESULT_URLS: dict[str, str] = {}


def job_handler(kind: str, *, result_url: str = "") -> Callable[[Handler], Handler]:
    """Register ``func`` for ``kind``; ``result_url`` names the URL (taking ``job_id``) of the
    page that shows the result, when the kind has one."""

    def register(func: Handler) -> Handler:
        if kind in _HANDLERS and _HANDLERS[kind] is not func:
            raise ValueError(f"job kind {kind!r} is already registered")
        _HANDLERS[kind] = func
        if result_url:
            _RESULT_URLS[kind] = result_url
        return func

    return register


def result_url_name(kind: str) -> str:
    return _RESULT_URLS.get(kind, "")


def handler_for(kind: str) -> Handler:
    try:
        return _HANDLERS[kind]
    except KeyError:
        raise LookupError(f"unknown job kind {kind!r}; known: {sorted(_HANDLERS)}") from None


def known_kinds() -> list[str]:
    return sorted(_HANDLERS)
