"""The deterministic demo cluster: a realistic, fictional manufacturing cluster in Gunma.

``build_demo_cluster(seed=1, firms=150)`` fills an empty database with member firms in the real
municipalities of 東毛・中毛・西毛 (plus Ashikaga and Kumagaya), the buyers they supply, the
support centre that coordinates them, the municipality, a university and a research institute,
and one login per organisation (:mod:`renkei.demo.accounts`).

It calls one module per domain, in order (``DOMAINS``): the registry, then supply (the buyers'
products, BOMs, sourcing, stock and recovery times, :mod:`renkei.demo.supply`), then two years
of orders, deliveries and inspections up to ``today`` (:mod:`renkei.demo.orders`), the members'
outsourcing and the agreed prices with their revisions (:mod:`renkei.demo.outsourcing`), a few
firms' daily reports (:mod:`renkei.demo.daily`), then each supplier's consent to share its QCD sheet
(:mod:`renkei.demo.sharing`); BCP data come as further
modules that read what the earlier ones built from the shared
:class:`~renkei.demo.plans.DemoContext`. Randomness comes only from ``random.Random`` instances
seeded from ``seed`` (no global random state, no Faker), and every date derives from the build's
``today`` (by default the day it is built, so the demo always shows the two years up to the day
it is loaded; ``renkei demo --today`` pins it): the same seed and the same ``today`` build the
same data, value for value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone

from renkei.demo import accounts, daily, orders, outsourcing, registry, sharing, supply
from renkei.demo.accounts import DEMO_PASSWORD, Login
from renkei.demo.plans import EARLIEST_TODAY, DemoContext, ProgressFn

__all__ = [
    "DEMO_PASSWORD",
    "EARLIEST_TODAY",
    "DemoSummary",
    "build_demo_cluster",
    "reset_demo_data",
]

MAX_FIRMS = 999  # member logins are m001 … m999

# The domain modules, in build order. Each has ``build(ctx)`` and ``reset()``; the accounts
# module builds the logins after them all.
DOMAINS: list[ModuleType] = [registry, supply, orders, outsourcing, daily, sharing]


@dataclass
class DemoSummary:
    seed: int
    firms: int
    today: date
    password: str
    logins: list[Login] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    highlights: dict[str, str] = field(default_factory=dict)

    def logins_with_role(self, role: str) -> list[Login]:
        return [login for login in self.logins if login.role == role]


def _no_progress(fraction: float, message: str = "") -> None:
    return None


def _slice(report: ProgressFn, start: float, end: float) -> ProgressFn:
    def scaled(fraction: float, message: str = "") -> None:
        report(start + (end - start) * fraction, message)

    return scaled


def build_demo_cluster(
    *,
    seed: int,
    firms: int,
    today: date | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> DemoSummary:
    """Build the demo cluster into the configured database, in one transaction.

    Parameters
    ----------
    seed
        The seed of every random choice; the same seed gives the same cluster.
    firms
        Number of member firms, 1 to 999.
    today
        The day the demo is built up to (its orders, deliveries, certificates …); by default
        today's local date. The same seed and the same ``today`` give the same data.
    progress
        Called as ``progress(fraction, message)`` while building (e.g. a tqdm bar).
    """
    if not 1 <= firms <= MAX_FIRMS:
        raise ValueError(f"firms must be between 1 and {MAX_FIRMS}. Got: {firms}")
    today = today or timezone.localdate()
    if today < EARLIEST_TODAY:
        raise ValueError(f"today must be {EARLIEST_TODAY} or later. Got: {today}")
    report = progress or _no_progress
    ctx = DemoContext(seed=seed, firms=firms, progress=report, today=today)
    # Each domain reports its own 0–1, mapped onto its slice of the whole; the logins come
    # last (hashing the password takes about a second).
    n = len(DOMAINS)
    with transaction.atomic():
        for i, domain in enumerate(DOMAINS):
            ctx.progress = _slice(report, 0.85 * i / n, 0.85 * (i + 1) / n)
            domain.build(ctx)
        ctx.progress = _slice(report, 0.85, 1.0)
        logins = accounts.build(ctx)
    return DemoSummary(
        seed=seed,
        firms=firms,
        today=today,
        password=DEMO_PASSWORD,
        logins=logins,
        counts=dict(ctx.counts),
        highlights=dict(ctx.highlights),
    )


def reset_demo_data() -> None:
    """Delete what the demo builds (later domains first), leaving reference data and admins."""
    with transaction.atomic(), disable_auditlog():
        for domain in reversed(DOMAINS[1:]):
            domain.reset()
        accounts.reset()
        registry.reset()
