"""Versions in the API: the ETag a GET answers, the ``If-Match`` a PATCH may send.

Every object people edit has a ``version`` (:mod:`renkei.common.versioning`). A GET, POST or
PATCH answers it in the body and as the strong ETag ``"<version>"``. A PATCH changes only the
fields it sends; to be sure nobody changed the object since it read it, a client sends the
ETag back in ``If-Match`` (``*``: any version) or the ``version`` field in the body. A stale
one — or two that disagree — is refused with 409 ``stale_version`` and writes nothing. 409,
not 412, so that both ways of saying the version get one answer.

The ETag is the version of the object's own row: a profile's ETag does not move when one of
its sites changes (the site has its own).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from ninja import Header

from renkei.common.versioning import stale_version_error

ETAG_PATTERN = r'^(\*|"[0-9]{1,10}")$'


def if_match_header() -> Any:
    """The ``If-Match`` parameter of a PATCH: ``if_match: str = if_match_header()`` (typed
    ``str``: the schema then says a string when sent, not a string or null; absent, None)."""
    return Header(
        None,
        alias="If-Match",
        pattern=ETAG_PATTERN,
        description=(
            'The ETag of the version the change starts from ("3"), or * for any; a stale one '
            "is refused with 409 stale_version."
        ),
    )


VERSION_DESCRIPTION = (
    "The version the change starts from (as GET answered it); a stale one is refused with "
    "409 stale_version. Leave it out to change the fields sent whatever the version."
)


def etag(obj: Any) -> str:
    return f'"{obj.version}"'


def with_etag(response: HttpResponse, obj: Any) -> Any:
    """Put ``obj``'s ETag on the response and hand ``obj`` back for the schema."""
    response["ETag"] = etag(obj)
    return obj


def expected_version(if_match: str | None, body_version: int | None) -> int | None:
    """The version a PATCH started from, from ``If-Match`` and/or the body; ``None``: any.
    The header has passed :data:`ETAG_PATTERN`."""
    header = None if if_match in (None, "*") else int(if_match.strip('"'))  # type: ignore[union-attr]
    if header is not None and body_version is not None and header != body_version:
        raise stale_version_error()
    return header if header is not None else body_version
