""" "The database is busy, try again": what a write that waited too long for a lock answers.

A write that cannot get its lock in time (SQLite's ``busy_timeout``, PostgreSQL's
``lock_timeout``), or that PostgreSQL rolls back as a deadlock victim or a serialization
failure, has done nothing: trying again a moment later is the right thing to do. Such an error
is never a bug of the page, so it is answered with 503 and ``Retry-After`` in the user's
language instead of a 500: a page here (:class:`DatabaseBusyMiddleware`, and
:func:`server_error` for an error raised outside a view), problem+json with the code
``database_busy`` in the API (renkei.api.errors).
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

#: Seconds a client is told to wait before trying again.
RETRY_AFTER_SECONDS = 5

# SQLite says so in the message only (sqlite3.OperationalError carries no error code before
# Python 3.11's sqlite_errorcode, and Django re-raises its own OperationalError).
_SQLITE_BUSY = ("database is locked", "database table is locked", "database schema is locked")
# PostgreSQL SQLSTATEs: lock_not_available (lock_timeout, NOWAIT), serialization_failure,
# deadlock_detected.
_POSTGRES_BUSY = {"55P03", "40001", "40P01"}


def is_database_busy(exc: BaseException | None) -> bool:
    """True when ``exc`` (or what it was raised from) says the database was too busy to write."""
    for _depth in range(5):
        if exc is None:
            return False
        # psycopg's errors carry the SQLSTATE; Django's wrapper has them as its __cause__.
        if getattr(exc, "sqlstate", None) in _POSTGRES_BUSY:
            return True
        if isinstance(exc, (DatabaseError, sqlite3.Error)) and any(
            text in str(exc).lower() for text in _SQLITE_BUSY
        ):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def busy_message() -> str:
    return _("The system is busy. Please wait a moment and try again.")


def busy_page(request: HttpRequest) -> HttpResponse:
    """The 503 page: busy, try again; the page the user was on is one reload away."""
    context = {"message": busy_message()}
    try:
        content = loader.render_to_string("503.html", context, request=request)
    except Exception:  # the page's own chrome needs the database; say it plainly then
        logger.warning("busy page rendered without its template", exc_info=True)
        content = f"<!doctype html><title>503</title><p>{context['message']}</p>"
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseBusyMiddleware:
    """A view that raised because the database was busy answers the 503 page, not a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if not is_database_busy(exception):
            return None
        logger.warning("database busy at %s: %s", request.path, exception)
        return busy_page(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: the busy page when the error was a busy database (raised by a
    middleware, where :class:`DatabaseBusyMiddleware` does not see it), the 500 page in the
    visitor's language otherwise (:func:`renkei.common.views.server_error`)."""
    if is_database_busy(sys.exc_info()[1]):
        return busy_page(request)
    from renkei.common.views import server_error as plain_server_error

    return plain_server_error(request)
