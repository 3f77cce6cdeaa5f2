"""Query parameters of the pages: parsed once, refused with a message the user can read.

A malformed or impossible value (``?as_of=abc``, ``?as_of=0001-01-01``, ``?month=2026-13``) is
:class:`BadParameter`, a ``BadRequest`` whose message is translated and safe to show: the 400
page (:func:`renkei.common.views.bad_request`) shows it, the API maps it to problem+json.
Dates are accepted between :data:`EARLIEST` and :data:`LATEST` so that every month and year
computed from them (two years back, a month ahead) stays a valid date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import BadRequest, ValidationError
from django.utils.translation import gettext as _

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)


class BadParameter(BadRequest):
    """A query parameter that cannot be used; ``str()`` is the user's message."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def _out_of_range(value: str) -> str:
    return _(
        "%(value)s is outside the dates this platform handles (%(earliest)s – %(latest)s)."
    ) % {
        "value": value,
        "earliest": EARLIEST.isoformat(),
        "latest": LATEST.isoformat(),
    }


def check_date_range(day: dt.date, name: str) -> dt.date:
    """``day`` if between :data:`EARLIEST` and :data:`LATEST`, else ``ValidationError`` on
    ``name`` (code ``date_out_of_range``) — for the API's already parsed dates."""
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            {name: ValidationError(_out_of_range(day.isoformat()), code="date_out_of_range")}
        )
    return day


def date_param(request: Any, name: str, default: dt.date) -> dt.date:
    """``?<name>=YYYY-MM-DD`` (``default`` when absent or empty), else :class:`BadParameter`."""
    raw = request.GET.get(name, "")
    if not raw:
        return default
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(
            name,
            _("The reference date (as_of) must be a date written YYYY-MM-DD. Got: %(value)s")
            % {"value": raw},
        ) from None
    if not EARLIEST <= day <= LATEST:
        raise BadParameter(name, _out_of_range(raw))
    return day


def month_param(request: Any, name: str, default: dt.date) -> tuple[int, int]:
    """``?<name>=YYYY-MM`` as ``(year, month)`` (``default``'s month when absent or empty), else
    :class:`BadParameter`."""
    raw = request.GET.get(name, "")
    if not raw:
        return default.year, default.month
    try:
        day = dt.datetime.strptime(raw, "%Y-%m").date()
    except ValueError:
        raise BadParameter(
            name,
            _("The month must be written YYYY-MM (for example 2026-04). Got: %(value)s")
            % {"value": raw},
        ) from None
    if not EARLIEST <= day <= LATEST:
        raise BadParameter(name, _out_of_range(raw))
    return day.year, day.month
