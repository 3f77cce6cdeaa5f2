"""Validators for Japanese identifiers used across the registry."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

POSTAL_CODE_RE = re.compile(r"^\d{3}-\d{4}$")


def corporate_number_check_digit(base12: str) -> int:
    """Check digit of a 法人番号 (National Tax Agency rule).

    The 12 base digits are weighted 1, 2, 1, 2, ... from the rightmost digit;
    the check digit is ``9 - (sum mod 9)``.
    """
    total = sum(int(d) * (1 if i % 2 == 0 else 2) for i, d in enumerate(reversed(base12)))
    return 9 - total % 9


def validate_corporate_number(value: str) -> None:
    if not (len(value) == 13 and value.isdigit()):
        raise ValidationError(
            _("A corporate number has exactly 13 digits. Got: %(value)s"),
            code="corporate_number_format",
            params={"value": value},
        )
    if int(value[0]) != corporate_number_check_digit(value[1:]):
        raise ValidationError(
            _("The check digit of corporate number %(value)s is wrong."),
            code="corporate_number_check_digit",
            params={"value": value},
        )


def municipality_check_digit(code5: str) -> int:
    """Check digit of a 全国地方公共団体コード (weights 6,5,4,3,2 modulo 11)."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def validate_municipality_code(value: str) -> None:
    """Accept the 5-digit code or the 6-digit code with its check digit."""
    if not (value.isdigit() and len(value) in (5, 6)):
        raise ValidationError(
            _("A municipality code has 5 digits (6 with the check digit). Got: %(value)s"),
            code="municipality_code_format",
            params={"value": value},
        )
    if len(value) == 6 and int(value[5]) != municipality_check_digit(value[:5]):
        raise ValidationError(
            _("The check digit of municipality code %(value)s is wrong."),
            code="municipality_code_check_digit",
            params={"value": value},
        )


def validate_postal_code(value: str) -> None:
    if not POSTAL_CODE_RE.match(value):
        raise ValidationError(
            _("A postal code looks like 123-4567. Got: %(value)s"),
            code="postal_code_format",
            params={"value": value},
        )
