"""Plain records of what the demo builds, and the context every domain module shares.

The generators (:mod:`renkei.demo.firms`, :mod:`renkei.demo.institutions`) produce these
records without touching the database; :mod:`renkei.demo.registry` writes them in bulk.
Keeping the two apart makes the generation easy to read and the writing fast.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from renkei.demo.names import Word

# The earliest "today" a demo can be built up to: the firms' founded years run to 2024.
EARLIEST_TODAY = date(2025, 1, 1)
HISTORY_YEARS = 2  # the orders, deliveries and price revisions go back this far

ProgressFn = Callable[[float, str], None]


@dataclass
class Person:
    surname: Word
    given: Word

    @property
    def name(self) -> str:
        return f"{self.surname.kanji} {self.given.kanji}"


@dataclass
class CapabilityPlan:
    process: str
    materials: list[str]
    tolerance_mm: Decimal | None
    max_length_mm: int | None
    max_width_mm: int | None
    max_height_mm: int | None
    max_weight_kg: Decimal | None
    lot_min: int
    lot_max: int | None
    capacity_hours: Decimal
    load_hours: Decimal
    notes: str = ""


@dataclass
class EquipmentPlan:
    process: str | None
    name: str
    maker: str
    model_number: str
    year: int
    count: int


@dataclass
class SitePlan:
    name: str
    is_headquarters: bool
    postal_code: str
    municipality: str  # JIS code
    address: str
    latitude: float
    longitude: float
    hazard_zones: list[str]
    capabilities: list[CapabilityPlan] = field(default_factory=list)
    equipment: list[EquipmentPlan] = field(default_factory=list)


@dataclass
class CertificationPlan:
    kind: str
    number: str
    issuer: str
    expires_on: date | None


@dataclass
class ContactPlan:
    person: Person
    department: str
    title: str
    phone: str
    email: str
    emergency_role: str
    emergency_order: int | None
    visibility: str


@dataclass
class SkillPlan:
    process: str
    age_band: str
    workers: int


@dataclass
class OrgPlan:
    key: str  # m001, b01, support, … — stable across builds, used for logins
    kind: str
    name: str
    name_kana: str
    name_en: str
    corporate_number: str
    capital_jpy: int | None
    employees: int | None
    founded_year: int | None
    description: str
    website: str
    listed_in_directory: bool
    specialty: str = ""  # member firms: the trade code of renkei.demo.trades
    sites: list[SitePlan] = field(default_factory=list)
    certifications: list[CertificationPlan] = field(default_factory=list)
    contacts: list[ContactPlan] = field(default_factory=list)
    skills: list[SkillPlan] = field(default_factory=list)
    login: ContactPlan | None = None  # the person who gets this organisation's demo login


@dataclass
class DemoContext:
    """What one build shares between its domain modules.

    Randomness comes only from :meth:`rng`: a ``random.Random`` seeded with the build's seed
    and a label, so each firm draws from its own stream and firm ``m007`` is the same firm
    whether the cluster has 20 members or 150.

    ``today`` is the day the demo is built up to: the orders run until it, certificates expire
    relative to it, machine years end before it. Every date the modules write derives from it
    (never from the clock), so the same seed and the same ``today`` build the same data.
    """

    seed: int
    firms: int
    progress: ProgressFn
    today: date
    plans: list[OrgPlan] = field(default_factory=list)
    organizations: dict[str, Any] = field(default_factory=dict)  # key -> Organization
    used_names: set[str] = field(default_factory=set)
    used_slugs: set[str] = field(default_factory=set)
    used_corporate_numbers: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)
    # What a presenter should look at (e.g. "orders.worsening_supplier" -> corporate number).
    highlights: dict[str, str] = field(default_factory=dict)

    def rng(self, *labels: object) -> random.Random:
        # A str seed is hashed with SHA-512 by random.Random: stable across processes,
        # unlike hash(), which PYTHONHASHSEED randomises.
        return random.Random(":".join(["renkei-demo", str(self.seed), *map(str, labels)]))

    def plans_of_kind(self, kind: str) -> list[OrgPlan]:
        return [plan for plan in self.plans if plan.kind == kind]

    @property
    def start(self) -> date:
        """The first day of the history: ``HISTORY_YEARS`` before ``today``."""
        return years_before(self.today, HISTORY_YEARS)


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier; 29 February becomes the 28th in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def months_before(day: date, months: int) -> tuple[int, int]:
    """(year, month) of the month ``months`` before the month of ``day``."""
    index = day.year * 12 + day.month - 1 - months
    return index // 12, index % 12 + 1


def fiscal_year(day: date) -> int:
    """The Japanese fiscal year (年度, April to March) that ``day`` falls in."""
    return day.year if day.month >= 4 else day.year - 1
