"""Supply data: items, their bills of materials and routings, who supplies them, and stock."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renkei.registry.models import Organization, Process, Site, TimeStamped

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class ItemKind(models.TextChoices):
    PRODUCT = "product", _("Product")
    PART = "part", _("Part")
    MATERIAL = "material", pgettext_lazy("item kind", "Material")


class Item(TimeStamped):
    """A product, part or material, owned by the organisation that keeps its data."""

    owner = models.ForeignKey(
        Organization, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="items"
    )
    code = models.CharField(_("item code"), max_length=60)
    name = models.CharField(_("item name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    unit = models.CharField(_("unit"), max_length=10, default="個")
    demand_per_day = models.DecimalField(
        _("demand per day"),
        max_digits=14,
        decimal_places=3,
        default=Decimal("0"),
        validators=NON_NEGATIVE,
    )
    margin = models.DecimalField(
        _("margin per unit (yen)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    ttr_days = models.DecimalField(
        _("time to recover (days)"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=_("Days to restore supply of this item after it is lost everywhere."),
    )

    class Meta:
        ordering = ("owner", "code")
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            models.UniqueConstraint(fields=["owner", "code"], name="item_owner_code_unique"),
            models.CheckConstraint(
                condition=Q(demand_per_day__gte=0), name="item_demand_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BomLine(models.Model):
    parent = models.ForeignKey(
        Item, verbose_name=_("parent item"), on_delete=models.CASCADE, related_name="bom_lines"
    )
    child = models.ForeignKey(
        Item, verbose_name=_("component"), on_delete=models.PROTECT, related_name="used_in"
    )
    qty_per_unit = models.DecimalField(
        _("quantity per unit"),
        max_digits=12,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001"))],
    )

    class Meta:
        ordering = ("parent", "child")
        verbose_name = _("BOM line")
        verbose_name_plural = _("BOM lines")
        constraints = [
            models.UniqueConstraint(fields=["parent", "child"], name="bom_line_unique"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("child")), name="bom_line_not_self"
            ),
            models.CheckConstraint(condition=Q(qty_per_unit__gt=0), name="bom_line_qty_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.parent.code} ← {self.child.code} × {self.qty_per_unit}"

    def clean(self) -> None:
        super().clean()
        if self.parent_id and self.child_id and self.parent.owner_id != self.child.owner_id:
            raise ValidationError(
                {
                    "child": ValidationError(
                        _(
                            "A BOM line joins items of the same owner: %(child)s belongs to another."
                        ),
                        code="bom_other_owner",
                        params={"child": self.child.code},
                    )
                }
            )


class RoutingStep(models.Model):
    """One step of an item's routing: the ordered processes that make it."""

    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="routing"
    )
    sequence = models.PositiveSmallIntegerField(_("step"))
    process = models.ForeignKey(Process, verbose_name=_("process"), on_delete=models.PROTECT)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ("item", "sequence")
        verbose_name = _("routing step")
        verbose_name_plural = _("routing steps")
        constraints = [
            models.UniqueConstraint(fields=["item", "sequence"], name="routing_step_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item.code} #{self.sequence} {self.process}"


class SourcingStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    BACKUP = "backup", _("Qualified backup")
    CANDIDATE = "candidate", _("Candidate")


class Sourcing(TimeStamped):
    """An item (or one routing step of it) supplied from a site."""

    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="sourcing"
    )
    step = models.ForeignKey(
        RoutingStep,
        verbose_name=_("routing step"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sourcing",
    )
    site = models.ForeignKey(
        Site, verbose_name=_("supplier site"), on_delete=models.PROTECT, related_name="sourcing"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SourcingStatus.choices, default=SourcingStatus.ACTIVE
    )
    share = models.DecimalField(
        _("share"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    lead_time_days = models.DecimalField(
        _("lead time (days)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    unit_price = models.DecimalField(
        _("unit price (yen)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    capacity_per_day = models.DecimalField(
        _("capacity per day"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )

    class Meta:
        ordering = ("item", "status", "site")
        verbose_name = _("sourcing")
        verbose_name_plural = _("sourcing")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "site"],
                condition=Q(step__isnull=True),
                name="sourcing_item_site_unique",
            ),
            models.UniqueConstraint(
                fields=["item", "step", "site"],
                condition=Q(step__isnull=False),
                name="sourcing_item_step_site_unique",
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | (Q(share__gte=0) & Q(share__lte=1)),
                name="sourcing_share_between_0_and_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} ← {self.site} ({self.get_status_display()})"

    def clean(self) -> None:
        super().clean()
        if self.step_id is not None and self.step.item_id != self.item_id:
            raise ValidationError(
                {
                    "step": ValidationError(
                        _("The routing step belongs to another item."), code="step_item_mismatch"
                    )
                }
            )


class InventoryPosition(TimeStamped):
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="inventory"
    )
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="inventory"
    )
    on_hand = models.DecimalField(
        _("on hand"), max_digits=14, decimal_places=3, default=Decimal("0"), validators=NON_NEGATIVE
    )
    in_transit = models.DecimalField(
        _("in transit"),
        max_digits=14,
        decimal_places=3,
        default=Decimal("0"),
        validators=NON_NEGATIVE,
    )
    safety_stock = models.DecimalField(
        _("safety stock"),
        max_digits=14,
        decimal_places=3,
        default=Decimal("0"),
        validators=NON_NEGATIVE,
    )

    class Meta:
        ordering = ("item", "site")
        verbose_name = _("inventory position")
        verbose_name_plural = _("inventory positions")
        constraints = [
            models.UniqueConstraint(fields=["site", "item"], name="inventory_site_item_unique"),
            models.CheckConstraint(
                condition=Q(on_hand__gte=0) & Q(in_transit__gte=0) & Q(safety_stock__gte=0),
                name="inventory_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} @ {self.site}: {self.on_hand}"


class SiteRecovery(TimeStamped):
    """A site's stated time to recover (from its BCP answers)."""

    # A foreign key with a unique constraint rather than a one-to-one field: the audit log diffs
    # every reverse one-to-one of a model on save, which would cost a query per Site save.
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="recoveries"
    )
    ttr_days = models.DecimalField(
        _("time to recover (days)"), max_digits=8, decimal_places=1, validators=NON_NEGATIVE
    )
    basis = models.CharField(_("basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("site time to recover")
        verbose_name_plural = _("site times to recover")
        constraints = [models.UniqueConstraint(fields=["site"], name="site_recovery_unique")]

    def __str__(self) -> str:
        return f"{self.site}: {self.ttr_days}"
