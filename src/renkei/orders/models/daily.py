"""Daily work reports (日報) of a member firm."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from renkei.orders.models.common import QTY, _not_negative
from renkei.orders.models.purchase import OrderLine
from renkei.registry.models import Organization, Process, TimeStamped

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
