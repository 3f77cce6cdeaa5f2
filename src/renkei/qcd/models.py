"""QCD: a buying firm's scorecard criteria and a firm's consent to share its QCD sheet.

The figures themselves are never stored: they are computed from the orders app's records
(:mod:`renkei.qcd.adapters`). Both tables were created by the orders app and keep their names
(``orders_scorecardcriteria``, ``orders_qcdsharing``): the models moved here without their
rows moving (``qcd/migrations/0001_initial.py``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from renkei.engines.qcd import Criteria, CriteriaError
from renkei.qcd.criteria_errors import BAND_LABELS, criteria_error
from renkei.registry.models import Organization, TimeStamped

WEIGHT = {"max_digits": 5, "decimal_places": 1}  # percent, 0.0–999.9
DAYS = {"max_digits": 6, "decimal_places": 1}


class PpmScale(models.TextChoices):
    # xgettext:no-python-format
    LINEAR = "linear", _("Linear (every 1 % of the zero-point rate costs one point)")
    LOG = "log", _("Logarithmic (spreads out the good end)")


class ScorecardCriteria(TimeStamped):
    """A buying firm's weighted criteria for its supplier scorecards (評価基準).

    One row per firm; without one the engine's defaults apply (:meth:`defaults`). The fields
    are those of :class:`renkei.engines.qcd.Criteria` (weights in %, normalised by
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
        db_table = "orders_scorecardcriteria"
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
        except CriteriaError as error:
            field, code, text, params = criteria_error(error)
            raise ValidationError(
                {field: ValidationError(text, code=code, params=params)}
            ) from error
        except (ValueError, TypeError, ArithmeticError):
            return  # a value that is not a number: its field's error already says so

    def to_criteria(self) -> Criteria:
        """The engine's criteria (raises the engine's coded ``CriteriaError`` when refused)."""
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
    (:func:`renkei.qcd.services.qcd_sharing_set`); who may open the sheet is
    :func:`renkei.qcd.permissions.qcd_sheet_visible`.
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
        db_table = "orders_qcdsharing"
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
