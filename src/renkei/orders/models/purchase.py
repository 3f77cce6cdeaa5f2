"""Purchase orders (注文書), their lines, the deliveries received and their incoming inspection:
the records the QCD figures are computed from."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from renkei.orders.models.common import NON_NEGATIVE, PRICE, QTY, _not_negative, _positive
from renkei.orders.models.rfq import Rfq, RfqLine
from renkei.registry.models import Organization, TimeStamped
from renkei.supply.models import Item


class PurchaseOrder(TimeStamped):
    """A purchase order (注文書) from a buyer to one supplier."""

    buyer = models.ForeignKey(
        Organization,
        verbose_name=_("buyer"),
        on_delete=models.PROTECT,
        related_name="purchase_orders",
    )
    supplier = models.ForeignKey(
        Organization,
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="purchase_orders_received",
    )
    number = models.CharField(_("order number"), max_length=40)
    order_date = models.DateField(_("order date"))
    rfq = models.ForeignKey(
        Rfq,
        verbose_name=_("request for quotation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="purchase_orders",
    )

    class Meta:
        ordering = ("-order_date", "number")
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        constraints = [
            models.UniqueConstraint(fields=["buyer", "number"], name="po_number_unique_per_buyer"),
            models.CheckConstraint(condition=~Q(buyer=F("supplier")), name="po_not_to_self"),
        ]

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        if self.buyer_id is not None and self.buyer_id == self.supplier_id:
            raise ValidationError(_("A firm cannot order from itself."), code="order_to_self")


class OrderLine(models.Model):
    po = models.ForeignKey(
        PurchaseOrder,
        verbose_name=_("purchase order"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    line_no = models.PositiveIntegerField(_("line number"))
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.PROTECT, null=True, blank=True
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    rfq_line = models.ForeignKey(
        RfqLine,
        verbose_name=_("RFQ line"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="order_lines",
        help_text=_("The RFQ line this line was awarded from, if any."),
    )
    qty_ordered = models.DecimalField(_("quantity ordered"), **QTY)
    unit_price = models.DecimalField(_("unit price (yen)"), validators=NON_NEGATIVE, **PRICE)
    promised_date = models.DateField(_("promised date"))
    # 過納許容率: how far above the ordered quantity the buyer accepts deliveries (each one
    # confirmed at receipt); 0 = nothing above the order.
    over_delivery_tolerance_pct = models.DecimalField(
        _("over-delivery tolerance (%)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        db_default=Decimal("0"),  # rows written around the ORM (bulk loaders) get 0 too
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        ordering = ("po", "line_no")
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.UniqueConstraint(fields=["po", "line_no"], name="order_line_unique"),
            models.CheckConstraint(condition=Q(qty_ordered__gt=0), name="order_line_qty_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="order_line_price_ok"),
            models.CheckConstraint(
                condition=Q(over_delivery_tolerance_pct__gte=0)
                & Q(over_delivery_tolerance_pct__lte=100),
                name="order_line_tolerance_ok",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.po} #{self.line_no}"

    def clean(self) -> None:
        errors = _not_negative(self.qty_ordered, "qty_ordered") or _positive(
            self.qty_ordered, "qty_ordered"
        )
        if self.item_id is None and not self.description:
            errors["description"] = ValidationError(
                _("Name an item or describe what is wanted."), code="line_without_item"
            )
        if errors:
            raise ValidationError(errors)


class Receipt(models.Model):
    """One delivery received against an order line (a line may be delivered in parts)."""

    order_line = models.ForeignKey(
        OrderLine, verbose_name=_("order line"), on_delete=models.CASCADE, related_name="receipts"
    )
    received_date = models.DateField(_("received date"))
    qty_received = models.DecimalField(_("quantity received"), **QTY)

    class Meta:
        ordering = ("order_line", "received_date", "pk")
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints = [
            models.CheckConstraint(condition=Q(qty_received__gte=0), name="receipt_qty_ok"),
        ]

    def __str__(self) -> str:
        return f"{self.order_line} {self.received_date} × {self.qty_received}"

    def clean(self) -> None:
        errors = _not_negative(self.qty_received, "qty_received")
        if errors:
            raise ValidationError(errors)


class DefectClass(models.TextChoices):
    """Common defect classes of Japanese incoming inspection (受入検査)."""

    DIMENSION = "dimension", _("Dimensional defect")
    APPEARANCE = "appearance", _("Appearance defect (scratches, dents)")
    BURR = "burr", _("Burrs")
    PLATING = "plating", _("Plating defect")
    WELDING = "welding", _("Welding defect")
    FOREIGN_MATTER = "foreign_matter", _("Foreign matter")
    COUNT = "count", _("Wrong count")
    OTHER = "other", _("Other defect")


class Inspection(models.Model):
    """The incoming inspection of one receipt: how many were checked and how many rejected."""

    receipt = models.OneToOneField(
        Receipt, verbose_name=_("receipt"), on_delete=models.CASCADE, related_name="inspection"
    )
    qty_inspected = models.DecimalField(_("quantity inspected"), **QTY)
    qty_rejected = models.DecimalField(_("quantity rejected"), default=Decimal("0"), **QTY)
    defect_class = models.CharField(
        _("defect class"), max_length=20, choices=DefectClass.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ("receipt",)
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            models.CheckConstraint(
                condition=Q(qty_inspected__gte=0) & Q(qty_rejected__gte=0),
                name="inspection_qty_ok",
            ),
            models.CheckConstraint(
                condition=Q(qty_rejected__lte=F("qty_inspected")),
                name="inspection_rejected_le_inspected",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt}: {self.qty_rejected}/{self.qty_inspected}"

    def clean(self) -> None:
        errors = {
            **_not_negative(self.qty_inspected, "qty_inspected"),
            **_not_negative(self.qty_rejected, "qty_rejected"),
        }
        if errors:
            raise ValidationError(errors)
        if (
            self.qty_rejected is not None
            and self.qty_inspected is not None
            and self.qty_rejected > self.qty_inspected
        ):
            errors["qty_rejected"] = ValidationError(
                _("More rejected (%(rejected)s) than inspected (%(inspected)s)."),
                code="rejected_exceeds_inspected",
                params={"rejected": self.qty_rejected, "inspected": self.qty_inspected},
            )
        # Across two tables, so the database cannot check it: the service and this clean do.
        received = self.receipt.qty_received if self.receipt_id is not None else None
        if (
            received is not None
            and self.qty_inspected is not None
            and self.qty_inspected > received
        ):
            errors["qty_inspected"] = ValidationError(
                _("More inspected (%(inspected)s) than received (%(received)s)."),
                code="inspected_exceeds_received",
                params={"inspected": self.qty_inspected, "received": received},
            )
        if self.qty_rejected and not self.defect_class:
            errors["defect_class"] = ValidationError(
                _("Name the defect class of the rejected parts."), code="defect_class_missing"
            )
        if errors:
            raise ValidationError(errors)
