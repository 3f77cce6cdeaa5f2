"""Text fields of the API's input schemas: no control characters (see renkei.common.text).

``Text`` is a single-line text (a name, an address), ``MultilineText`` keeps tabs and line
breaks (notes, a description). The refusal is a 422 problem+json whose ``errors`` entry has the
code ``control_character`` (or ``line_break``) and the message in the request's language; the
rule is stated in the OpenAPI schema as a ``pattern``, so clients and schemathesis know it::

    class SiteCreateIn(Schema):
        name: Text
        notes: MultilineText = ""
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from renkei.common.text import (
    MULTILINE_PATTERN,
    SINGLE_LINE_PATTERN,
    control_character_error,
    find_control_character,
)


def _refuse_control_characters(*, multiline: bool) -> Callable[[str], str]:
    def check(value: str) -> str:
        character = find_control_character(value, multiline=multiline)
        if character is None:
            return value
        error = control_character_error(character)
        message = str(error.message % error.params if error.params else error.message)
        # The message is translated now, in the request's language; braces would be read as
        # pydantic's template placeholders.
        message = message.replace("{", "(").replace("}", ")")
        raise PydanticCustomError(str(error.code), message)

    return check


Text = Annotated[
    str,
    AfterValidator(_refuse_control_characters(multiline=False)),
    Field(json_schema_extra={"pattern": SINGLE_LINE_PATTERN}),
]
MultilineText = Annotated[
    str,
    AfterValidator(_refuse_control_characters(multiline=True)),
    Field(json_schema_extra={"pattern": MULTILINE_PATTERN}),
]
