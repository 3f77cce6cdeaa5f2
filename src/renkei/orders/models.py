"""Orders: requests for quotation, quotes, purchase orders, deliveries and their inspection.

These are the records the QCD figures (``renkei.engines.qcd``) are computed from: an
:class:`OrderLine` with its :class:`Receipt` rows (partial deliveries) and their
:class:`Inspection`.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from renkei.engines.qcd.scorecard import Criteria
from renkei.orders.criteria_errors import BAND_LABELS, criteria_error
from renkei.registry.models import Organization, Process, TimeStamped
from renkei.supply.models import Item

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]
QTY = {"max_digits": 14, "decimal_places": 3}
PRICE = {"max_digits": 14, "decimal_places": 2}
WEIGHT = {"max_digits": 5, "decimal_places": 1}  # percent, 0.0–999.9
DAYS = {"max_digits": 6, "decimal_places": 1}


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


class PpmScale(models.TextChoices):
    LINEAR = "linear", _("Linear (every 1 % of the zero-point rate costs one point)")
    LOG = "log", _("Logarithmic (spreads out the good end)")


class ScorecardCriteria(TimeStamped):
    """A buying firm's weighted criteria for its supplier scorecards (評価基準).

    One row per firm; without one the engine's defaults apply (:meth:`defaults`). The fields
    are those of :class:`renkei.engines.qcd.scorecard.Criteria` (weights in %, normalised by
    the engine), and :meth:`clean` refuses exactly what the engine refuses.
    """

    buyer = models.OneToOneField(
        Organization,
        verbose_name=_("buyer"),
        on_delete=models.CASCADE,
        related_name="scorecard_criteria",
    )
    weight_otd_qty = models.DecimalField(
        _("weight: on-time delivery (quantity) %"), default=Decimal("20"), **WEIGHT
    )
    weight_otif_lines = models.DecimalField(
        _("weight: on time in full (lines) %"), default=Decimal("20"), **WEIGHT
    )
    weight_defect_ppm = models.DecimalField(
        _("weight: defect rate %"), default=Decimal("40"), **WEIGHT
    )
    weight_lead_time = models.DecimalField(
        _("weight: lead time %"), default=Decimal("20"), **WEIGHT
    )
    ppm_at_zero = models.DecimalField(
        _("defect rate scoring zero (ppm)"),
        max_digits=9,
        decimal_places=1,
        default=Decimal("10000"),
    )
    ppm_scale = models.CharField(
        _("defect rate scale"), max_length=10, choices=PpmScale.choices, default=PpmScale.LINEAR
    )
    lead_time_target_days = models.DecimalField(
        _("target lead time (days)"), default=Decimal("14"), **DAYS
    )
    lead_time_at_zero_days = models.DecimalField(
        _("lead time scoring zero (days)"), default=Decimal("28"), **DAYS
    )
    band_s = models.DecimalField(_("band S from"), default=Decimal("90"), **WEIGHT)
    band_a = models.DecimalField(_("band A from"), default=Decimal("80"), **WEIGHT)
    band_b = models.DecimalField(_("band B from"), default=Decimal("70"), **WEIGHT)
    band_c = models.DecimalField(_("band C from"), default=Decimal("60"), **WEIGHT)
    trend_months = models.PositiveSmallIntegerField(_("trend over (months)"), default=6)

    class Meta:
        verbose_name = _("scorecard criteria")
        verbose_name_plural = _("scorecard criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight_otd_qty__gte=0)
                & Q(weight_otif_lines__gte=0)
                & Q(weight_defect_ppm__gte=0)
                & Q(weight_lead_time__gte=0),
                name="scorecard_weights_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(ppm_at_zero__gt=0), name="scorecard_ppm_at_zero_positive"
            ),
            models.CheckConstraint(
                condition=Q(lead_time_target_days__gte=0)
                & Q(lead_time_at_zero_days__gt=F("lead_time_target_days")),
                name="scorecard_lead_time_range",
            ),
            models.CheckConstraint(
                condition=Q(trend_months__gte=3), name="scorecard_trend_months_min"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.buyer}"

    def clean(self) -> None:
        values = [getattr(self, name) for name in CRITERIA_FIELDS]
        if any(value is None or value == "" for value in values):
            return  # the field errors already say what is missing
        try:
            self.to_criteria()
        except (ValueError, TypeError, ArithmeticError) as error:
            field, code, text, params = criteria_error(str(error), self.bands())
            raise ValidationError(
                {field: ValidationError(text, code=code, params=params)}
            ) from error

    def to_criteria(self) -> Criteria:
        """The engine's criteria (raises the engine's ``ValueError`` when refused)."""
        return Criteria(
            weight_otd_qty=float(self.weight_otd_qty),
            weight_otif_lines=float(self.weight_otif_lines),
            weight_defect_ppm=float(self.weight_defect_ppm),
            weight_lead_time=float(self.weight_lead_time),
            ppm_at_zero=float(self.ppm_at_zero),
            ppm_scale=self.ppm_scale,  # type: ignore[arg-type]
            lead_time_target_days=float(self.lead_time_target_days),
            lead_time_at_zero_days=float(self.lead_time_at_zero_days),
            bands=tuple((label, float(value)) for label, value in self.bands()),
            trend_months=int(self.trend_months),
        )

    def bands(self) -> tuple[tuple[str, Any], ...]:
        """The band labels and thresholds, best first (S, A, B, C; below C is D)."""
        return tuple((label, getattr(self, f"band_{label.lower()}")) for label in BAND_LABELS)

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """The default of every criteria field (the engine's defaults, in the model's units)."""
        return {name: cls._meta.get_field(name).get_default() for name in CRITERIA_FIELDS}


CRITERIA_FIELDS: tuple[str, ...] = (
    "weight_otd_qty",
    "weight_otif_lines",
    "weight_defect_ppm",
    "weight_lead_time",
    "ppm_at_zero",
    "ppm_scale",
    "lead_time_target_days",
    "lead_time_at_zero_days",
    "band_s",
    "band_a",
    "band_b",
    "band_c",
    "trend_months",
)


class SharingLevel(models.TextChoices):
    """Who may open a firm's common-format QCD sheet (共通フォーマット QCDシート)."""

    PRIVATE = "private", _("Private (our firm only)")
    BUYERS = "buyers", _("The buyers we serve")
    CLUSTER = "cluster", _("The cluster")
    PUBLIC = "public", _("Public")


class QcdSharing(TimeStamped):
    """A firm's consent to show its QCD sheet: private until the firm itself says otherwise.

    A firm without a row is private. Only someone acting for the firm changes it
    (:func:`renkei.orders.services.qcd_sharing_set`); who may open the sheet is
    :func:`renkei.orders.permissions.qcd_sheet_visible`.
    """

    organization = models.OneToOneField(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="qcd_sharing",
    )
    level = models.CharField(
        _("sharing level"),
        max_length=10,
        choices=SharingLevel.choices,
        default=SharingLevel.PRIVATE,
    )

    class Meta:
        ordering = ("organization",)
        verbose_name = _("QCD sheet sharing")
        verbose_name_plural = _("QCD sheet sharing")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=SharingLevel.values), name="qcd_sharing_level_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.get_level_display()}"


# --- daily reports (日報) -----------------------------------------------------------------------

MAX_HOURS_A_DAY = Decimal("24")


class DailyReport(TimeStamped):
    """One worker's daily work report (日報) at a member firm: what was made, in how many hours,
    how many came out defective. Private to the firm: nobody else sees it, not even the
    coordinator."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("firm"),
        on_delete=models.CASCADE,
        related_name="daily_reports",
    )
    work_date = models.DateField(_("work date"))
    worker_name = models.CharField(_("worker"), max_length=100)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ("-work_date", "worker_name", "pk")
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "work_date", "worker_name"],
                name="daily_report_one_per_worker_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.work_date} {self.worker_name}"


class DailyReportEntry(models.Model):
    """One job of a daily report: the order line (or what) it was for, the process, the hours,
    how many were made (生産数) and how many of them were defective (不良数)."""

    report = models.ForeignKey(
        DailyReport,
        verbose_name=_("daily report"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    position = models.PositiveIntegerField(_("line number"))
    order_line = models.ForeignKey(
        OrderLine,
        verbose_name=_("order line"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="daily_entries",
    )
    description = models.CharField(_("work description"), max_length=300, blank=True)
    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.PROTECT, related_name="+"
    )
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    qty_produced = models.DecimalField(_("quantity produced"), default=Decimal("0"), **QTY)
    qty_defective = models.DecimalField(_("of which defective"), default=Decimal("0"), **QTY)
    defect_note = models.CharField(_("defect details"), max_length=300, blank=True)
    remarks = models.CharField(_("remarks"), max_length=300, blank=True)

    class Meta:
        ordering = ("report", "position")
        verbose_name = _("daily report entry")
        verbose_name_plural = _("daily report entries")
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="daily_entry_unique"),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=24), name="daily_entry_hours_ok"
            ),
            models.CheckConstraint(
                condition=Q(qty_produced__gte=0) & Q(qty_defective__gte=0),
                name="daily_entry_qty_ok",
            ),
            models.CheckConstraint(
                condition=Q(qty_defective__lte=F("qty_produced")),
                name="daily_entry_defective_le_produced",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} #{self.position}"

    @property
    def qty_good(self) -> Decimal:
        """良品数: what was made less what came out defective."""
        return (self.qty_produced or Decimal(0)) - (self.qty_defective or Decimal(0))

    def clean(self) -> None:
        errors = {
            **_not_negative(self.hours, "hours"),
            **_not_negative(self.qty_produced, "qty_produced"),
            **_not_negative(self.qty_defective, "qty_defective"),
        }
        if errors:
            raise ValidationError(errors)
        if self.hours is not None and self.hours > MAX_HOURS_A_DAY:
            errors["hours"] = ValidationError(
                _("A worker cannot work more than 24 hours a day. Got: %(hours)s"),
                code="too_many_hours",
                params={"hours": self.hours},
            )
        if (
            self.qty_produced is not None
            and self.qty_defective is not None
            and self.qty_defective > self.qty_produced
        ):
            errors["qty_defective"] = ValidationError(
                _("More defective (%(defective)s) than produced (%(produced)s)."),
                code="defective_exceeds_produced",
                params={"defective": self.qty_defective, "produced": self.qty_produced},
            )
        if self.qty_defective and not self.defect_note:
            errors["defect_note"] = ValidationError(
                _("Describe the defects."), code="defect_note_missing"
            )
        if self.order_line_id is None and not self.description:
            errors["description"] = ValidationError(
                _("Name the order line or describe the work."), code="entry_without_work"
            )
        if errors:
            raise ValidationError(errors)


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


# --- attachments (drawings and specifications) -----------------------------------------------


class PrivateFileStorage(FileSystemStorage):
    """Files under ``MEDIA_ROOT`` that have no public address: they are only ever streamed
    through the permission gate (``orders.views.attachment_download``)."""

    def url(self, name: str | None) -> str:
        raise ValueError("An attachment has no public URL; download it through the gate.")


_PRIVATE_STORAGE = PrivateFileStorage()


def private_storage() -> PrivateFileStorage:
    return _PRIVATE_STORAGE


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    """``orders/attachments/<uuid>/<safe name>``: the service gives the safe name."""
    return f"orders/attachments/{instance.uuid}/{filename}"


class AttachmentKind(models.TextChoices):
    DRAWING = "drawing", _("Drawing")
    SPECIFICATION = "specification", _("Specification")
    OTHER = "other", _("Other document")


class Attachment(models.Model):
    """A file attached to an RFQ (the buyer's drawings) or to a quote (the supplier's own).

    Exactly one of ``rfq`` and ``quote`` is set. The file is stored under a safe name; the
    original name (Japanese characters and all) is kept for display and download.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rfq = models.ForeignKey(
        Rfq,
        verbose_name=_("request for quotation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    quote = models.ForeignKey(
        Quote,
        verbose_name=_("quote"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=AttachmentKind.choices, default=AttachmentKind.DRAWING
    )
    file = models.FileField(
        _("file"), upload_to=attachment_upload_to, storage=private_storage, max_length=300
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    owner = models.ForeignKey(
        Organization, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(rfq__isnull=False) & Q(quote__isnull=True))
                | (Q(rfq__isnull=True) & Q(quote__isnull=False)),
                name="attachment_rfq_xor_quote",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def clean(self) -> None:
        if (self.rfq_id is None) == (self.quote_id is None):
            raise ValidationError(
                _("An attachment belongs to exactly one RFQ or one quote."),
                code="attachment_target",
            )
