"""What the order models share: quantity and price fields, and the errors of a negative or
zero quantity with one code the services and tests rely on."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]
QTY = {"max_digits": 14, "decimal_places": 3}
PRICE = {"max_digits": 14, "decimal_places": 2}


def _not_negative(value: Decimal | None, field: str) -> dict[str, ValidationError]:
    """The error of a negative quantity, with one code the services and tests rely on."""
    if value is not None and value < 0:
        return {
            field: ValidationError(
                _("A quantity cannot be negative. Got: %(value)s"),
                code="negative_quantity",
                params={"value": value},
            )
        }
    return {}


def _positive(value: Decimal | None, field: str) -> dict[str, ValidationError]:
    if value is not None and value <= 0:
        return {
            field: ValidationError(
                _("The quantity must be greater than zero. Got: %(value)s"),
                code="quantity_not_positive",
                params={"value": value},
            )
        }
    return {}
