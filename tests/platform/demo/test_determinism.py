"""The same seed builds the same cluster; a different seed a different one; reset empties it."""

from __future__ import annotations

import pytest

from renkei.accounts.models import User
from renkei.demo import build_demo_cluster, reset_demo_data
from renkei.registry.models import (
    Capability,
    Certification,
    Contact,
    Equipment,
    Organization,
    Site,
    SkillHolding,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # These tests never log in; PBKDF2 would cost a second per build.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def dump() -> bytes:
    """Every generated value, keyed by natural keys instead of primary keys (which a second
    build in the same database does not reuse), in a stable order."""
    rows: list[str] = []
    for o in Organization.objects.all():
        rows.append(repr(("org", o.corporate_number, o.name, o.name_kana, o.name_en, o.kind,
                          o.industry, o.capital_jpy, o.employees, o.founded_year, o.description,
                          o.website, o.listed_in_directory)))  # fmt: skip
    for s in Site.objects.select_related("organization"):
        rows.append(repr(("site", s.organization.corporate_number, s.name, s.is_headquarters,
                          s.postal_code, s.municipality_id, s.address, s.latitude, s.longitude,
                          s.hazard_zones)))  # fmt: skip
    for c in Capability.objects.select_related("site__organization", "process").prefetch_related(
        "materials"
    ):
        rows.append(repr(("cap", c.site.organization.corporate_number, c.site.name,
                          c.process.code, sorted(m.code for m in c.materials.all()),
                          c.tolerance_mm, c.max_length_mm, c.max_width_mm, c.max_height_mm,
                          c.max_weight_kg, c.lot_min, c.lot_max, c.monthly_capacity_hours,
                          c.current_load_hours, c.notes)))  # fmt: skip
    for e in Equipment.objects.select_related("site__organization", "process"):
        rows.append(repr(("eq", e.site.organization.corporate_number, e.site.name,
                          e.process.code if e.process else None, e.name, e.maker,
                          e.model_number, e.year, e.count)))  # fmt: skip
    for c in Certification.objects.select_related("organization"):
        rows.append(repr(("cert", c.organization.corporate_number, c.kind, c.number, c.issuer,
                          c.expires_on)))  # fmt: skip
    for c in Contact.objects.select_related("organization"):
        rows.append(repr(("contact", c.organization.corporate_number, c.name, c.department,
                          c.title, c.phone, c.email, c.emergency_role, c.emergency_order,
                          c.visibility)))  # fmt: skip
    for h in SkillHolding.objects.select_related("organization", "process"):
        rows.append(repr(("skill", h.organization.corporate_number, h.process.code, h.age_band,
                          h.workers)))  # fmt: skip
    for u in User.objects.select_related("organization"):
        rows.append(repr(("user", u.username, u.first_name, u.last_name, u.email, u.role,
                          u.organization.corporate_number if u.organization else None)))  # fmt: skip
    return "\n".join(sorted(rows)).encode()


def test_same_seed_same_bytes_different_seed_different_data():
    build_demo_cluster(seed=11, firms=12)
    first = dump()
    reset_demo_data()
    assert Organization.objects.count() == 0 and User.objects.count() == 0
    build_demo_cluster(seed=11, firms=12)
    assert dump() == first
    reset_demo_data()
    build_demo_cluster(seed=12, firms=12)
    assert dump() != first


def test_a_firm_does_not_depend_on_how_many_firms_are_built():
    def members():
        return list(
            Organization.objects.filter(kind="member")
            .order_by("users__username")
            .values_list("users__username", "name", "corporate_number", "employees")
        )

    build_demo_cluster(seed=5, firms=3)
    small = members()
    reset_demo_data()
    build_demo_cluster(seed=5, firms=15)
    assert members()[:3] == small


def test_progress_is_reported_up_to_the_end():
    seen: list[float] = []
    build_demo_cluster(
        seed=1, firms=10, progress=lambda fraction, message="": seen.append(fraction)
    )
    assert seen == sorted(seen)
    assert seen[-1] == 1.0


@pytest.mark.parametrize("firms", [0, -3, 1000])
def test_firm_count_is_checked(firms):
    with pytest.raises(ValueError, match=r"firms must be between 1 and 999\. Got: "):
        build_demo_cluster(seed=1, firms=firms)
    assert not Organization.objects.exists()


def test_reset_keeps_administrators():
    build_demo_cluster(seed=2, firms=3)
    admin = User.objects.create_superuser("admin", password="x-Admin-2026")
    reset_demo_data()
    assert list(User.objects.values_list("username", flat=True)) == [admin.username]
    assert not Organization.objects.exists()
