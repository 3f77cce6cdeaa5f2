"""Agreed prices and their revisions (単価改定履歴)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from renkei.orders.models.common import PRICE
from renkei.registry.models import Organization, TimeStamped
from renkei.supply.models import Item

# --- agreed prices and their revisions (単価改定履歴) --------------------------------------------


class PriceRevision(TimeStamped):
    """The unit price a buyer agreed with a supplier for an item (or a described job) from a
    date on. Revisions of one buyer, supplier and item are numbered 1, 2, 3, … in date order;
    the price in force on a day is the newest revision effective on or before it."""

    buyer = models.ForeignKey(
        Organization,
        verbose_name=_("buyer"),
        on_delete=models.CASCADE,
        related_name="price_revisions",
    )
    supplier = models.ForeignKey(
        Organization,
        verbose_name=_("supplier"),
        on_delete=models.CASCADE,
        related_name="price_revisions_received",
    )
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, null=True, blank=True
    )
    description = models.CharField(_("item description"), max_length=300, blank=True)
    revision = models.PositiveIntegerField(_("revision"))
    unit_price = models.DecimalField(_("unit price (yen)"), **PRICE)
    effective_from = models.DateField(_("effective from"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ("buyer", "supplier", "item", "description", "revision")
        verbose_name = _("price revision")
        verbose_name_plural = _("price revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "supplier", "item", "revision"],
                condition=Q(item__isnull=False),
                name="price_revision_item_unique",
            ),
            models.UniqueConstraint(
                fields=["buyer", "supplier", "description", "revision"],
                condition=Q(item__isnull=True),
                name="price_revision_description_unique",
            ),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="price_revision_price_ok"),
            models.CheckConstraint(
                condition=Q(item__isnull=False) | ~Q(description=""),
                name="price_revision_item_or_description",
            ),
            models.CheckConstraint(
                condition=~Q(buyer=F("supplier")), name="price_revision_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} rev.{self.revision}: ¥{self.unit_price}"

    @property
    def subject(self) -> str:
        """What is priced: the item, or the description of the job."""
        return str(self.item) if self.item_id is not None else self.description

    def clean(self) -> None:
        if self.unit_price is not None and self.unit_price < 0:
            raise ValidationError(
                {
                    "unit_price": ValidationError(
                        _("A price cannot be negative. Got: %(value)s"),
                        code="negative_price",
                        params={"value": self.unit_price},
                    )
                }
            )
        if self.buyer_id is not None and self.buyer_id == self.supplier_id:
            raise ValidationError(_("A firm cannot order from itself."), code="order_to_self")
        if self.item_id is None and not self.description:
            raise ValidationError(
                {
                    "description": ValidationError(
                        _("Name an item or describe what is wanted."), code="line_without_item"
                    )
                }
            )
