"""The input types of the API, stating in the schema every rule the server checks.

A client (or schemathesis) that sends what the OpenAPI schema allows must not be refused for
its shape: the lengths, ranges, patterns and "not null" of the models are stated here, once,
and the input schemas use these types. What no schema can state stays the server's: whether a
code exists in the reference data, a check digit, a range across two fields, who may change
what.

The rules are only *stated* (``json_schema_extra``): the model checks them as before, with its
Japanese messages and codes, every field's errors in one answer. Only null is refused while
parsing: a PATCH field that may be left out but never be null is typed without ``| None`` and
given ``= None`` (absent, it is not changed: ``exclude_unset``); the schema hook of
:mod:`renkei.api.api` drops the ``default: null`` such a field would show.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, WithJsonSchema

from renkei.api.text import MultilineText, Text

# The database's integer columns (PositiveIntegerField, BigIntegerField).
POSITIVE_INT_MAX = 2_147_483_647
BIG_INT_MAX = 2**63 - 1


def stated(**rules: Any) -> Any:
    """JSON-schema keywords for the schema only (the model checks them)."""
    return Field(json_schema_extra=rules)


PositiveInt = Annotated[int, stated(minimum=0, maximum=POSITIVE_INT_MAX)]
BigPositiveInt = Annotated[int, stated(minimum=0, maximum=BIG_INT_MAX)]


def text(max_length: int, *, required: bool = False) -> Any:
    """A single-line text of at most ``max_length`` characters; ``required``: not blank."""
    return Annotated[Text, stated(maxLength=max_length, minLength=1 if required else 0)]


def patterned(pattern: str, max_length: int, description: str = "") -> Any:
    """A single-line text whose format the model checks (postal code, corporate number)."""
    rules: dict[str, Any] = {"pattern": pattern, "maxLength": max_length}
    if description:
        rules["description"] = description
    return Annotated[Text, stated(**rules)]


def decimal(max_digits: int, decimal_places: int) -> Any:
    """A non-negative decimal of the model's precision: a whole number, or a decimal string
    (``"12.5"``). A JSON number with a fraction is accepted too when it fits, but the schema
    cannot say which binary fractions do, so it promises only these two forms."""
    whole = max_digits - decimal_places
    return Annotated[
        Decimal,
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "integer", "minimum": 0, "maximum": 10**whole - 1},
                    {
                        "type": "string",
                        "pattern": rf"^[0-9]{{1,{whole}}}(\.[0-9]{{1,{decimal_places}}})?$",
                    },
                ]
            }
        ),
    ]


# A code of the reference data (process, material, category): a slug, as the model's.
# Only stated: an unknown one, of any spelling, is refused as unknown (unknown_process, …).
Code = Annotated[Text, stated(pattern=r"^[-a-zA-Z0-9_]{1,40}$")]
# A JIS municipality code, 5 digits (the table's primary key).
MunicipalityCode = Annotated[Text, stated(pattern=r"^[0-9]{5}$")]

# The URLs Django's URLValidator accepts, in the shape the schema can say: http(s), a host
# name with a top-level domain, a path without spaces. Empty: none.
URL_PATTERN = (
    r"^(https?://([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.){1,8}[a-zA-Z]{2,63}"
    r"(/[-a-zA-Z0-9._~%!$&'()*+,;=:@/]*)?)?$"
)
Website = Annotated[Text, stated(maxLength=200, pattern=URL_PATTERN)]

Name = text(200, required=True)
Text200 = text(200)
Address = text(300, required=True)
PostalCode = patterned(r"^([0-9]{3}-[0-9]{4})?$", 8, "123-4567")
CorporateNumber = patterned(r"^([0-9]{13})?$", 13, "13 digits including the check digit.")

Latitude = Annotated[float, stated(minimum=20.0, maximum=46.0, description="Japan: 20-46.")]
Longitude = Annotated[float, stated(minimum=122.0, maximum=154.0, description="Japan: 122-154.")]
FoundedYear = Annotated[int, stated(minimum=1600, maximum=2100)]

__all__ = [
    "Address",
    "BigPositiveInt",
    "Code",
    "CorporateNumber",
    "FoundedYear",
    "Latitude",
    "Longitude",
    "MultilineText",
    "MunicipalityCode",
    "Name",
    "PositiveInt",
    "PostalCode",
    "Text200",
    "Website",
    "decimal",
    "patterned",
    "text",
]
