"""Requests for quotation (見積依頼) and the suppliers' quotes (見積回答) with their price breaks."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renkei.orders.models.common import NON_NEGATIVE, PRICE, QTY, _positive
from renkei.registry.models import Organization, TimeStamped
from renkei.supply.models import Item


class RfqStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    CLOSED = "closed", _("Closed")


class Rfq(TimeStamped):
    """A request for quotation (見積依頼) from a buyer to one or more suppliers."""

    buyer = models.ForeignKey(
        Organization, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="rfqs"
    )
    title = models.CharField(_("title"), max_length=200)
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RfqStatus.choices, default=RfqStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("request for quotation")
        verbose_name_plural = _("requests for quotation")

    def __str__(self) -> str:
        return self.title


class RfqLine(models.Model):
    rfq = models.ForeignKey(
        Rfq, verbose_name=_("request for quotation"), on_delete=models.CASCADE, related_name="lines"
    )
    line_no = models.PositiveIntegerField(_("line number"))
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.PROTECT, null=True, blank=True
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    quantity = models.DecimalField(_("quantity"), **QTY)
    unit = models.CharField(_("unit"), max_length=10, default="個")

    class Meta:
        ordering = ("rfq", "line_no")
        verbose_name = _("RFQ line")
        verbose_name_plural = _("RFQ lines")
        constraints = [
            models.UniqueConstraint(fields=["rfq", "line_no"], name="rfq_line_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="rfq_line_qty_positive"),
            models.CheckConstraint(
                condition=Q(item__isnull=False) | ~Q(description=""),
                name="rfq_line_item_or_description",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rfq} #{self.line_no}"

    def clean(self) -> None:
        errors = _positive(self.quantity, "quantity")
        if self.item_id is None and not self.description:
            errors["description"] = ValidationError(
                _("Name an item or describe what is wanted."), code="line_without_item"
            )
        if errors:
            raise ValidationError(errors)


class RfqRecipient(models.Model):
    """A supplier the request was sent to."""

    rfq = models.ForeignKey(
        Rfq,
        verbose_name=_("request for quotation"),
        on_delete=models.CASCADE,
        related_name="recipients",
    )
    supplier = models.ForeignKey(
        Organization,
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="rfqs_received",
    )

    class Meta:
        ordering = ("rfq", "supplier")
        verbose_name = _("RFQ recipient")
        verbose_name_plural = _("RFQ recipients")
        constraints = [
            models.UniqueConstraint(fields=["rfq", "supplier"], name="rfq_recipient_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rfq} → {self.supplier}"


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    DECLINED = "declined", _("Declined")


class Quote(TimeStamped):
    """A supplier's answer to a request for quotation (見積回答), or its refusal."""

    rfq = models.ForeignKey(
        Rfq,
        verbose_name=_("request for quotation"),
        on_delete=models.CASCADE,
        related_name="quotes",
    )
    supplier = models.ForeignKey(
        Organization, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="quotes"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT
    )
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ("rfq", "supplier")
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [
            models.UniqueConstraint(fields=["rfq", "supplier"], name="quote_rfq_supplier_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rfq} / {self.supplier}"


class QuoteLine(models.Model):
    quote = models.ForeignKey(
        Quote, verbose_name=_("quote"), on_delete=models.CASCADE, related_name="lines"
    )
    rfq_line = models.ForeignKey(
        RfqLine, verbose_name=_("RFQ line"), on_delete=models.CASCADE, related_name="quote_lines"
    )

    class Meta:
        ordering = ("quote", "rfq_line")
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")
        constraints = [
            models.UniqueConstraint(fields=["quote", "rfq_line"], name="quote_line_unique")
        ]

    def __str__(self) -> str:
        return f"{self.quote} #{self.rfq_line.line_no}"

    def unit_price_for(self, qty: Decimal) -> Decimal | None:
        """The price of the largest break whose minimum ``qty`` reaches, or None."""
        # Over ``price_breaks.all()``: the breaks prefetched with the lines are used as they are
        # (the comparison page prices every line of every supplier).
        reached = [brk for brk in self.price_breaks.all() if brk.min_qty <= qty]
        return max(reached, key=lambda brk: brk.min_qty).unit_price if reached else None


class QuotePriceBreak(models.Model):
    """A unit price from a minimum quantity on (数量別単価)."""

    quote_line = models.ForeignKey(
        QuoteLine,
        verbose_name=_("quote line"),
        on_delete=models.CASCADE,
        related_name="price_breaks",
    )
    min_qty = models.DecimalField(_("minimum quantity"), validators=NON_NEGATIVE, **QTY)
    unit_price = models.DecimalField(_("unit price (yen)"), validators=NON_NEGATIVE, **PRICE)

    class Meta:
        ordering = ("quote_line", "min_qty")
        verbose_name = _("price break")
        verbose_name_plural = _("price breaks")
        constraints = [
            models.UniqueConstraint(fields=["quote_line", "min_qty"], name="price_break_unique"),
            models.CheckConstraint(condition=Q(min_qty__gte=0), name="price_break_qty_ok"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="price_break_price_ok"),
        ]

    def __str__(self) -> str:
        return f"≥{self.min_qty}: ¥{self.unit_price}"
