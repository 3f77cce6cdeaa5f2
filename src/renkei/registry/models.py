"""The cluster registry: who is in the cluster, where they are, and what they can make."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from renkei.common.versioning import Versioned
from renkei.registry.validators import (
    validate_corporate_number,
    validate_municipality_code,
    validate_postal_code,
)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Bilingual(models.Model):
    """Reference data named in Japanese and English."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ("sort_order", "code")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "ja").startswith("en") else self.name_ja


class ProcessCategory(Bilingual):
    class Meta(Bilingual.Meta):
        verbose_name = _("process category")
        verbose_name_plural = _("process categories")


class Process(Bilingual):
    """A manufacturing process of the taxonomy (旋盤加工, プレス, めっき, …)."""

    category = models.ForeignKey(
        ProcessCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="processes",
    )
    default_ttr_days = models.PositiveIntegerField(
        _("default time to recover (days)"),
        default=30,
        help_text=_("Used as an estimate when a firm has not stated its own recovery time."),
    )

    class Meta(Bilingual.Meta):
        verbose_name = _("process")
        verbose_name_plural = _("processes")


class Material(Bilingual):
    """A material family or grade (SPCC, SUS304, A5052, ADC12, PA66, …)."""

    class Meta(Bilingual.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")


class Municipality(models.Model):
    """A municipality with its JIS code (全国地方公共団体コード, 5 digits)."""

    code = models.CharField(
        _("JIS municipality code"),
        max_length=5,
        primary_key=True,
        validators=[validate_municipality_code],
    )
    prefecture = models.CharField(_("prefecture"), max_length=10)
    name_ja = models.CharField(_("name (Japanese)"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=60)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    in_region = models.BooleanField(
        _("in the cluster's region"),
        default=True,
        help_text=_("Sourcing from here counts as local (地産地消)."),
    )

    class Meta:
        ordering = ("code",)
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "ja").startswith("en") else self.name_ja


class OrganizationKind(models.TextChoices):
    MEMBER = "member", _("Member firm")
    BUYER = "buyer", _("Buyer")
    RESEARCH = "research", _("University / research institute")
    SUPPORT = "support", _("Support organisation")
    MUNICIPALITY = "municipality", _("Municipality")


class Industry(models.TextChoices):
    """Industry groups of the SME Basic Act (中小企業基本法), which set the SME limits."""

    MANUFACTURING = "manufacturing", _("Manufacturing and others")
    WHOLESALE = "wholesale", _("Wholesale")
    SERVICES = "services", _("Services")
    RETAIL = "retail", _("Retail")


# (capital limit in yen, employee limit): an enterprise is an SME when either is within the limit.
SME_LIMITS: dict[str, tuple[int, int]] = {
    Industry.MANUFACTURING: (300_000_000, 300),
    Industry.WHOLESALE: (100_000_000, 100),
    Industry.SERVICES: (50_000_000, 100),
    Industry.RETAIL: (50_000_000, 50),
}


class Organization(Versioned, TimeStamped):
    """A firm or body in the cluster."""

    name = models.CharField(_("name"), max_length=200)
    name_kana = models.CharField(_("name (kana)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=OrganizationKind.choices, default=OrganizationKind.MEMBER
    )
    corporate_number = models.CharField(
        _("corporate number"),
        max_length=13,
        blank=True,
        validators=[validate_corporate_number],
        help_text=_("The 13-digit 法人番号 including its check digit."),
    )
    industry = models.CharField(
        _("industry"), max_length=16, choices=Industry.choices, default=Industry.MANUFACTURING
    )
    capital_jpy = models.BigIntegerField(
        _("capital (yen)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    founded_year = models.PositiveIntegerField(
        _("founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1600), MaxValueValidator(2100)],
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    listed_in_directory = models.BooleanField(
        _("listed in the public directory"),
        default=False,
        help_text=_("Show this organisation on the public directory page."),
    )

    class Meta:
        ordering = ("name_kana", "name")
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["corporate_number"],
                condition=~Q(corporate_number=""),
                name="organization_corporate_number_unique",
                violation_error_code="corporate_number_taken",
                violation_error_message=_(
                    "Another organisation already has this corporate number."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:organization_detail", args=[self.pk])

    @property
    def is_sme(self) -> bool | None:
        """SME under the SME Basic Act: capital or employees within the industry's limit.

        ``None`` when neither figure is known.
        """
        if self.capital_jpy is None and self.employees is None:
            return None
        capital_limit, employee_limit = SME_LIMITS[self.industry]
        return (self.capital_jpy is not None and self.capital_jpy <= capital_limit) or (
            self.employees is not None and self.employees <= employee_limit
        )

    def municipality_names(self) -> list[str]:
        """The municipalities of the organisation's sites, each once, in site order."""
        return list(dict.fromkeys(site.municipality.name for site in self.sites.all()))

    @property
    def headquarters(self) -> Site | None:
        sites = list(self.sites.all())
        for site in sites:
            if site.is_headquarters:
                return site
        return sites[0] if sites else None


class HazardZone(models.TextChoices):
    FLOOD = "flood", _("Flood")
    LANDSLIDE = "landslide", _("Landslide")
    TSUNAMI = "tsunami", _("Tsunami")
    LIQUEFACTION = "liquefaction", _("Liquefaction")
    VOLCANO = "volcano", _("Volcanic ash")
    STORM_SURGE = "storm_surge", _("Storm surge")


class Site(Versioned, TimeStamped):
    """A place where an organisation works (factory, office, warehouse)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="sites"
    )
    name = models.CharField(_("site name"), max_length=200)
    is_headquarters = models.BooleanField(_("headquarters"), default=False)
    postal_code = models.CharField(
        _("postal code"), max_length=8, blank=True, validators=[validate_postal_code]
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="sites"
    )
    address = models.CharField(_("address"), max_length=300)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(20.0), MaxValueValidator(46.0)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(122.0), MaxValueValidator(154.0)],
    )
    hazard_zones = models.JSONField(_("hazard zones"), default=list, blank=True)

    class Meta:
        ordering = ("organization", "-is_headquarters", "name")
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return f"{self.organization.name} {self.name}"

    def clean(self) -> None:
        super().clean()
        zones = self.hazard_zones or []
        if not isinstance(zones, list) or any(z not in HazardZone.values for z in zones):
            # A dict drops code and params given beside it: they go on the inner error.
            raise ValidationError(
                {
                    "hazard_zones": ValidationError(
                        _("Unknown hazard zone. Allowed: %(allowed)s"),
                        code="hazard_zone_unknown",
                        params={"allowed": ", ".join(HazardZone.values)},
                    )
                }
            )

    @property
    def lat(self) -> float:
        return self.latitude if self.latitude is not None else self.municipality.latitude

    @property
    def lon(self) -> float:
        return self.longitude if self.longitude is not None else self.municipality.longitude

    def hazard_zone_labels(self) -> list[str]:
        labels = dict(HazardZone.choices)
        return [str(labels.get(z, z)) for z in self.hazard_zones or []]


class Capability(Versioned, TimeStamped):
    """What a site can do: one process with its materials, precision, size, lots and capacity."""

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="capabilities"
    )
    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.PROTECT, related_name="capabilities"
    )
    materials = models.ManyToManyField(
        Material, verbose_name=_("materials"), blank=True, related_name="capabilities"
    )
    tolerance_mm = models.DecimalField(
        _("tolerance (± mm)"),
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    max_length_mm = models.PositiveIntegerField(_("max. length (mm)"), null=True, blank=True)
    max_width_mm = models.PositiveIntegerField(_("max. width (mm)"), null=True, blank=True)
    max_height_mm = models.PositiveIntegerField(_("max. height (mm)"), null=True, blank=True)
    max_weight_kg = models.DecimalField(
        _("max. weight (kg)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    lot_min = models.PositiveIntegerField(_("min. lot"), default=1)
    lot_max = models.PositiveIntegerField(_("max. lot"), null=True, blank=True)
    monthly_capacity_hours = models.DecimalField(
        _("monthly capacity (hours)"),
        max_digits=8,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))],
    )
    current_load_hours = models.DecimalField(
        _("current load (hours)"),
        max_digits=8,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ("site", "process__sort_order")
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "process"], name="capability_site_process_unique"
            ),
            models.CheckConstraint(
                condition=Q(lot_max__isnull=True) | Q(lot_max__gte=F("lot_min")),
                name="capability_lot_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(monthly_capacity_hours__gte=0) & Q(current_load_hours__gte=0),
                name="capability_hours_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} — {self.process}"

    def clean(self) -> None:
        super().clean()
        if self.lot_max is not None and self.lot_min is not None and self.lot_max < self.lot_min:
            raise ValidationError(
                {
                    "lot_max": ValidationError(
                        _("The max. lot must not be below the min. lot (%(min)s)."),
                        code="lot_range",
                        params={"min": self.lot_min},
                    )
                }
            )

    @property
    def available_hours(self) -> Decimal:
        return max(Decimal("0"), self.monthly_capacity_hours - self.current_load_hours)

    @property
    def load_ratio(self) -> float | None:
        if not self.monthly_capacity_hours:
            return None
        return float(self.current_load_hours / self.monthly_capacity_hours)


class Equipment(Versioned, TimeStamped):
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="equipment"
    )
    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="equipment",
    )
    name = models.CharField(_("machine"), max_length=200)
    maker = models.CharField(_("maker"), max_length=100, blank=True)
    model_number = models.CharField(_("model"), max_length=100, blank=True)
    year = models.PositiveIntegerField(
        _("year installed"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    count = models.PositiveIntegerField(_("count"), default=1, validators=[MinValueValidator(1)])

    class Meta:
        ordering = ("site", "name")
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")

    def __str__(self) -> str:
        return f"{self.name} {self.maker} {self.model_number}".strip()


class CertificationKind(models.TextChoices):
    ISO9001 = "iso9001", "ISO 9001"
    ISO14001 = "iso14001", "ISO 14001"
    IATF16949 = "iatf16949", "IATF 16949"
    JISQ9100 = "jisq9100", "JIS Q 9100"
    ISO13485 = "iso13485", "ISO 13485"
    ISO45001 = "iso45001", "ISO 45001"
    ISO27001 = "iso27001", "ISO/IEC 27001"
    EA21 = "ea21", _("Eco-Action 21")
    NADCAP = "nadcap", "Nadcap"
    KES = "kes", _("KES Environmental Management")


class Certification(Versioned, TimeStamped):
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="certifications",
    )
    kind = models.CharField(_("certification"), max_length=16, choices=CertificationKind.choices)
    number = models.CharField(_("certificate number"), max_length=60, blank=True)
    issuer = models.CharField(_("issuer"), max_length=100, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        ordering = ("organization", "kind")
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind"], name="certification_org_kind_unique"
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def is_valid_on(self, day: date) -> bool:
        return self.expires_on is None or self.expires_on >= day


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Own firm and coordinators only")
    CLUSTER = "cluster", _("Cluster members")
    PUBLIC = "public", _("Public")


class EmergencyRole(models.TextChoices):
    NONE = "", _("None")
    PRIMARY = "primary", _("Primary emergency contact")
    DEPUTY = "deputy", _("Deputy emergency contact")
    BCP_LEAD = "bcp_lead", _("BCP lead")
    SITE_SAFETY = "site_safety", _("Site safety officer")


class Contact(Versioned, TimeStamped):
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=100)
    department = models.CharField(_("department"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    emergency_role = models.CharField(
        _("emergency role"), max_length=16, choices=EmergencyRole.choices, blank=True, default=""
    )
    emergency_order = models.PositiveSmallIntegerField(
        _("order in the emergency contact tree"), null=True, blank=True
    )
    visibility = models.CharField(
        _("who may see this contact"),
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
    )

    class Meta:
        ordering = ("organization", "emergency_order", "name")
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


class AgeBand(models.TextChoices):
    UNDER_30 = "u30", _("under 30")
    AGE_30S = "30s", _("30–39")
    AGE_40S = "40s", _("40–49")
    AGE_50S = "50s", _("50–59")
    AGE_60_PLUS = "60p", _("60 and over")


class SkillHolding(Versioned, TimeStamped):
    """Skills succession: how many skilled workers a firm has per process and age band."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="skill_holdings",
    )
    process = models.ForeignKey(Process, verbose_name=_("process"), on_delete=models.PROTECT)
    age_band = models.CharField(_("age band"), max_length=4, choices=AgeBand.choices)
    workers = models.PositiveIntegerField(_("skilled workers"))

    class Meta:
        ordering = ("organization", "process__sort_order", "age_band")
        verbose_name = _("skilled workers")
        verbose_name_plural = _("skills succession")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "process", "age_band"], name="skill_holding_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.process} {self.get_age_band_display()}: {self.workers}"
