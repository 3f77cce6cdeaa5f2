"""Cell parsers for tabular imports.

A parser takes one non-blank cell value as the reader produced it (``str`` from CSV; ``str``,
``int``, ``float``, ``bool`` or ``datetime`` from Excel) and returns the Python value, or raises
``ValidationError`` with a message in the user's language. Blank cells never reach a parser.

Japanese spreadsheets are typed by hand: full-width digits (１２３), thousands separators
(1,000), full-width minus signs and units (400時間) are all common, so every numeric parser folds
the text with NFKC first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator, EmailValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from renkei.common.text import reject_control_characters

Parser = Callable[[Any], Any]

# Hyphen look-alikes that Japanese input methods produce in numbers and codes.
_DASHES = "‐‑‒–—―−ー－"
_DASH_TABLE = str.maketrans(dict.fromkeys(_DASHES, "-"))
LIST_SEPARATORS = re.compile(r"[、,;；，・\n]+")


def fold(value: Any) -> str:
    """NFKC-fold a cell to text and strip it (full-width digits and letters become ASCII)."""
    return unicodedata.normalize("NFKC", cell_text(value)).strip()


def lookup_key(value: Any) -> str:
    """The form used to compare names: NFKC, case-folded, without any whitespace."""
    return "".join(fold(value).casefold().split())


def cell_text(value: Any) -> str:
    """A cell as the user saw it: 12.0 from Excel is ``12``, a date is ``2024-04-01``."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def text(*, max_length: int | None = None, multiline: bool = False) -> Parser:
    """Text as typed. A control character is refused (a line break or tab too, unless
    ``multiline``: notes, descriptions), with the cell's row and column in the message."""

    def parse(value: Any) -> str:
        result = cell_text(value)
        reject_control_characters(result, multiline=multiline)
        if max_length is not None and len(result) > max_length:
            raise ValidationError(
                _("At most %(max)s characters. This cell has %(length)s."),
                code="too_long",
                params={"max": max_length, "length": len(result)},
            )
        return result

    return parse


def _number_text(value: Any, units: Iterable[str]) -> str:
    result = fold(value).translate(_DASH_TABLE).replace(",", "").replace(" ", "")
    result = result.removeprefix("±").removeprefix("¥").removeprefix("+")
    for unit in (*units, "円"):
        result = result.removesuffix(unit)
    return result


def _range_check(number: Any, value: Any, min_value: Any, max_value: Any) -> None:
    if min_value is not None and number < min_value:
        raise ValidationError(
            _("Enter a number of at least %(min)s. Got: %(value)s"),
            code="min_value",
            params={"min": min_value, "value": cell_text(value)},
        )
    if max_value is not None and number > max_value:
        raise ValidationError(
            _("Enter a number of at most %(max)s. Got: %(value)s"),
            code="max_value",
            params={"max": max_value, "value": cell_text(value)},
        )


def _to_decimal(value: Any, units: Iterable[str]) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # str() gives the shortest repr, so 0.1 stays 0.1 rather than 0.1000000000000000055…
        value = str(value)
    try:
        number = Decimal(_number_text(value, units))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def integer(
    *, min_value: int | None = None, max_value: int | None = None, units: Iterable[str] = ()
) -> Parser:
    units = tuple(units)

    def parse(value: Any) -> int:
        number = _to_decimal(value, units)
        if number is None or number != number.to_integral_value():
            raise ValidationError(
                _("Enter a whole number. Got: %(value)s"),
                code="integer",
                params={"value": cell_text(value)},
            )
        _range_check(number, value, min_value, max_value)
        return int(number)

    return parse


def decimal(
    *,
    min_value: Decimal | int | None = None,
    max_value: Decimal | int | None = None,
    max_digits: int | None = None,
    decimal_places: int | None = None,
    units: Iterable[str] = (),
) -> Parser:
    units = tuple(units)

    def parse(value: Any) -> Decimal:
        number = _to_decimal(value, units)
        if number is None:
            raise ValidationError(
                _("Enter a number. Got: %(value)s"),
                code="number",
                params={"value": cell_text(value)},
            )
        _range_check(number, value, min_value, max_value)
        if max_digits is not None or decimal_places is not None:
            # Django's own validator, so the message is the one the edit forms show.
            DecimalValidator(max_digits, decimal_places)(number.normalize())
        return number

    return parse


def floating(*, min_value: float | None = None, max_value: float | None = None) -> Parser:
    def parse(value: Any) -> float:
        number = _to_decimal(value, ())
        if number is None:
            raise ValidationError(
                _("Enter a number. Got: %(value)s"),
                code="number",
                params={"value": cell_text(value)},
            )
        _range_check(float(number), value, min_value, max_value)
        return float(number)

    return parse


_TRUE = {"はい", "yes", "y", "true", "1", "○", "〇", "◯", "◎", "有", "あり", "有り", "する", "掲載"}
_FALSE = {
    "いいえ",
    "no",
    "n",
    "false",
    "0",
    "×",
    "✕",
    "x",
    "無",
    "なし",
    "無し",
    "しない",
    "非掲載",
}


def boolean() -> Parser:
    def parse(value: Any) -> bool:
        if isinstance(value, bool):
            return value
        key = lookup_key(value)
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        raise ValidationError(
            _("Enter yes or no (はい / いいえ). Got: %(value)s"),
            code="boolean",
            params={"value": cell_text(value)},
        )

    return parse


def choice(options: Callable[[], dict[str, str]], shown: Callable[[], Iterable[str]]) -> Parser:
    """A value from a fixed list.

    ``options`` maps every accepted spelling (Japanese label, English label, code, synonyms) to
    the stored value; it is called on each parse so labels follow the active language.
    ``shown`` lists the spellings to offer in the error message.
    """

    def parse(value: Any) -> str:
        accepted = {lookup_key(k): v for k, v in options().items()}
        try:
            return accepted[lookup_key(value)]
        except KeyError:
            raise ValidationError(
                _("“%(value)s” is not allowed here. Allowed: %(allowed)s"),
                code="choice",
                params={"value": cell_text(value), "allowed": "、".join(shown())},
            ) from None

    return parse


def split_list(value: Any) -> list[str]:
    """Split a cell holding several entries: 「SUS304、A5052」, "SUS304; A5052"."""
    return [part.strip() for part in LIST_SEPARATORS.split(cell_text(value)) if part.strip()]


def list_of(item: Parser) -> Parser:
    """Several values in one cell; each is parsed by ``item``, duplicates are dropped."""

    def parse(value: Any) -> list[Any]:
        result: list[Any] = []
        for part in split_list(value):
            parsed = item(part)
            if parsed not in result:
                result.append(parsed)
        return result

    return parse


def email() -> Parser:
    validator = EmailValidator()

    def parse(value: Any) -> str:
        result = fold(value)
        validator(result)
        return result

    return parse


def url() -> Parser:
    validator = URLValidator()

    def parse(value: Any) -> str:
        result = fold(value)
        if "://" not in result:
            result = "https://" + result
        validator(result)
        return result

    return parse


def digits(value: Any, *, width: int = 0) -> str:
    """A code typed as a number: Excel drops leading zeros (09202 -> 9202), pad them back."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        result = cell_text(value)
        return result.zfill(width) if width else result
    result = fold(value).translate(_DASH_TABLE)
    return "".join(result.split())
