"""Control characters: refused where text comes in, stripped where text goes out.

A control character in a firm's name (BEL ``\\x07``, ESC ``\\x1b``, NUL ``\\x00``, …) is never
meant: it comes from a pasted terminal log, a broken CSV or an attacker. XML cannot hold most
of them, so openpyxl refuses to write them and every Excel export showing the name answered 500.
So text is checked once at each way in — the forms (:class:`renkei.common.forms.TextFormMixin`),
the API (:mod:`renkei.api.text`), the import's cells (:func:`renkei.common.importing.cells.text`)
and the one write path (:func:`renkei.common.writes.save_validated`) — and stripped at each way
out (:mod:`renkei.common.exporting`), for what is already in the database.

What is refused: C0 controls (U+0000–U+001F) except tab, line feed and carriage return in
multi-line text, DEL (U+007F), C1 controls (U+0080–U+009F), lone surrogates (U+D800–U+DFFF,
which no encoding can write) and the non-characters U+FFFE / U+FFFF. A single-line value (a
name, an address, a code) takes no tab or line break either; a multi-line one (notes, a
description: a ``TextField`` or a textarea) keeps them.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Never in any text. (openpyxl's ILLEGAL_CHARACTERS_RE is a subset: C0 without \t \n \r.)
_ALWAYS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_BREAKS = "\t\n\r"

#: Characters no text may hold (the multi-line rule).
CONTROL_CHARACTERS = re.compile(f"[{_ALWAYS}]")
#: Characters a single-line value may not hold: the above and tab, line feed, carriage return.
SINGLE_LINE_CONTROL_CHARACTERS = re.compile(f"[{_ALWAYS}{_BREAKS}]")
#: The same rule as a JSON-schema / OpenAPI ``pattern`` (ECMA-262 syntax), so that API clients
#: and schema-driven testers know it. Without the lone surrogates: a pattern is matched on
#: UTF-16 code units in ECMA's default mode, where ``[^\ud800-\udfff]`` would also refuse every
#: character beyond U+FFFF (𠮷, emoji) that the server accepts, and validators built on UTF-8
#: (Rust's regex, which schemathesis uses) cannot compile it and drop the pattern. The server
#: still refuses them.
SINGLE_LINE_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f\ufffe\uffff]*$"
MULTILINE_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]*$"

CONTROL_CHARACTER_MESSAGE = _(
    "This text contains a control character (%(character)s). Remove it and enter the text again."
)
LINE_BREAK_MESSAGE = _("Line breaks and tabs are not allowed here: enter this on one line.")


def find_control_character(value: str, *, multiline: bool = False) -> str | None:
    """The first character of ``value`` that the rule refuses, or None."""
    pattern = CONTROL_CHARACTERS if multiline else SINGLE_LINE_CONTROL_CHARACTERS
    match = pattern.search(value)
    return match.group() if match else None


def control_character_error(character: str) -> ValidationError:
    """The error for ``character``, in the user's language, with a stable code."""
    if character in _BREAKS:
        return ValidationError(LINE_BREAK_MESSAGE, code="line_break")
    return ValidationError(
        CONTROL_CHARACTER_MESSAGE,
        code="control_character",
        params={"character": f"U+{ord(character):04X}"},
    )


def reject_control_characters(value: Any, *, multiline: bool = False) -> None:
    """Raise ``ValidationError`` when the text ``value`` holds a character the rule refuses."""
    if not isinstance(value, str):
        return
    character = find_control_character(value, multiline=multiline)
    if character is not None:
        raise control_character_error(character)


@deconstructible
class ControlCharacterValidator:
    """:func:`reject_control_characters` as a Django validator (forms, model fields)."""

    def __init__(self, *, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value: Any) -> None:
        reject_control_characters(value, multiline=self.multiline)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ControlCharacterValidator) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash((type(self), self.multiline))


def strip_control_characters(value: str, *, multiline: bool = True) -> str:
    """``value`` without the characters the rule refuses (for output: exports, PDFs)."""
    pattern = CONTROL_CHARACTERS if multiline else SINGLE_LINE_CONTROL_CHARACTERS
    return pattern.sub("", value)
