"""What an attached file may be: engineering formats only, up to :data:`MAX_BYTES`.

The extension decides the type (the browser's claimed content type is not trusted), and the
formats with a fixed signature must start with it: a ``.pdf`` that is not a PDF is refused.
The file is stored under a safe ASCII name; the original name is kept for display.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 20 * 1024 * 1024
# extension -> (content type, accepted leading bytes; empty: any)
TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "dxf": ("image/vnd.dxf", ()),
    "dwg": ("image/vnd.dwg", (b"AC",)),
    "step": ("model/step", ()),
    "stp": ("model/step", ()),
    "iges": ("model/iges", ()),
    "igs": ("model/iges", ()),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "tif": ("image/tiff", (b"II*\x00", b"MM\x00*")),
    "tiff": ("image/tiff", (b"II*\x00", b"MM\x00*")),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    "xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "zip": ("application/zip", (b"PK\x03\x04", b"PK\x05\x06")),
}
ACCEPTED = ", ".join(f".{ext}" for ext in TYPES)
# For the file input's ``accept`` attribute.
ACCEPT_ATTR = ",".join(f".{ext}" for ext in TYPES)


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed :func:`check_upload`, with what the attachment row records."""

    original_name: str
    stored_name: str
    content_type: str
    size: int
    sha256: str


def _type_error(name: str) -> ValidationError:
    return ValidationError(
        _("%(name)s: this type of file is not accepted. Accepted: %(accepted)s"),
        code="attachment_type",
        params={"name": name, "accepted": ACCEPTED},
    )


def original_name(file: Any) -> str:
    """The name as the user's computer had it, without any folder part, at most 255 chars."""
    name = PurePath(str(getattr(file, "name", "") or "").replace("\\", "/")).name.strip()
    name = unicodedata.normalize("NFC", name)
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = stem[: 254 - len(ext)] + dot + ext if dot else name[:255]
    return name or "file"


def safe_name(name: str, ext: str) -> str:
    """An ASCII file name for the disk: the Latin letters and digits of ``name``, or ``file``."""
    stem = name[: -(len(ext) + 1)] if name.lower().endswith("." + ext) else name
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_stem).strip("._-")[:80]
    return f"{ascii_stem or 'file'}.{ext}"


def check_upload(file: Any) -> CheckedFile:
    """Check an uploaded file's type, size and content; raise ``ValidationError`` with code
    ``attachment_type``, ``attachment_too_large`` or ``attachment_empty``. Reads the file once
    (for the hash) and rewinds it; writes nothing."""
    name = original_name(file)
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    if ext not in TYPES:
        raise _type_error(name)
    size = int(getattr(file, "size", 0) or 0)
    if size > MAX_BYTES:
        raise ValidationError(
            _("%(name)s is too large (%(size)s). The limit is %(limit)s."),
            code="attachment_too_large",
            params={"name": name, "size": filesizeformat(size), "limit": filesizeformat(MAX_BYTES)},
        )
    digest = hashlib.sha256()
    head = b""
    read = 0
    file.seek(0)
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b""):
        if len(head) < 16:
            head += chunk[: 16 - len(head)]
        digest.update(chunk)
        read += len(chunk)
    file.seek(0)
    if read == 0:
        raise ValidationError(
            _("%(name)s is empty."), code="attachment_empty", params={"name": name}
        )
    if read > MAX_BYTES:  # the claimed size was wrong
        raise ValidationError(
            _("%(name)s is too large (%(size)s). The limit is %(limit)s."),
            code="attachment_too_large",
            params={"name": name, "size": filesizeformat(read), "limit": filesizeformat(MAX_BYTES)},
        )
    content_type, signatures = TYPES[ext]
    if signatures and not any(head.startswith(sig) for sig in signatures):
        raise ValidationError(
            _("%(name)s does not look like a .%(ext)s file; it was not accepted."),
            code="attachment_type",
            params={"name": name, "ext": ext},
        )
    return CheckedFile(
        original_name=name,
        stored_name=safe_name(name, ext),
        content_type=content_type,
        size=read,
        sha256=digest.hexdigest(),
    )
