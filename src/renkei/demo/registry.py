"""The registry domain of the demo: organisations, sites, capabilities, equipment,
certifications, contacts and skills succession.

Generation (pure, in :mod:`renkei.demo.firms` and :mod:`renkei.demo.institutions`) is kept apart
from writing: here every record is checked with ``full_clean`` (field validators and the model's
``clean``; foreign keys and unique constraints hold by construction and the database enforces
them) and written with ``bulk_create``, which keeps 150 firms to a second or two on SQLite.
Bulk writes bypass the audit log on purpose: the demo cluster is seed data, not user edits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from renkei.demo.firms import plan_member
from renkei.demo.institutions import plan_institutions
from renkei.demo.plans import DemoContext, OrgPlan
from renkei.registry.models import (
    Capability,
    Certification,
    Contact,
    Equipment,
    Material,
    Municipality,
    Organization,
    Process,
    Site,
    SkillHolding,
)

# Share of member firms that chose to be listed in the public directory.
LISTED_SHARE = 0.7
WRITTEN_MODELS = 8  # organisations … skills, counting the capability–material links


def build(ctx: DemoContext) -> None:
    plans = plan_institutions(ctx)
    members = []
    for index in range(1, ctx.firms + 1):
        members.append(plan_member(ctx, index))
        if index % 10 == 0 or index == ctx.firms:
            ctx.progress(0.3 * index / ctx.firms, "registry")
    _choose_listed(ctx, members)
    ctx.plans.extend(plans + members)
    _write(ctx, plans + members)


def _choose_listed(ctx: DemoContext, members: list[OrgPlan]) -> None:
    """Exactly ``LISTED_SHARE`` of the members (rounded) are listed; which ones is seeded."""
    listed = set(
        ctx.rng("listing").sample(range(len(members)), k=round(LISTED_SHARE * len(members)))
    )
    for i, plan in enumerate(members):
        plan.listed_in_directory = i in listed


def _checked(objs: list[Any], exclude: Iterable[str]) -> list[Any]:
    excluded = list(exclude)
    for obj in objs:
        obj.full_clean(exclude=excluded, validate_unique=False, validate_constraints=False)
    return objs


def _bulk(
    model: type[models.Model], objs: list[Any], exclude: Iterable[str], ctx: DemoContext
) -> list[Any]:
    created: list[Any] = model._default_manager.bulk_create(_checked(objs, exclude), batch_size=500)
    name = model._meta.model_name or model.__name__
    ctx.counts[name] = ctx.counts.get(name, 0) + len(created)
    # Writing is the last 70 % of this domain's work, one step per model.
    ctx.progress(0.3 + 0.7 * len(ctx.counts) / WRITTEN_MODELS, "registry")
    return created


def _write(ctx: DemoContext, plans: list[OrgPlan]) -> None:
    processes = {p.code: p for p in Process.objects.all()}
    materials = {m.code: m for m in Material.objects.all()}
    municipalities = {m.code: m for m in Municipality.objects.all()}

    orgs = _bulk(
        Organization,
        [
            Organization(
                name=plan.name,
                name_kana=plan.name_kana,
                name_en=plan.name_en,
                kind=plan.kind,
                corporate_number=plan.corporate_number,
                capital_jpy=plan.capital_jpy,
                employees=plan.employees,
                founded_year=plan.founded_year,
                description=plan.description,
                website=plan.website,
                listed_in_directory=plan.listed_in_directory,
            )
            for plan in plans
        ],
        (),
        ctx,
    )
    for plan, org in zip(plans, orgs, strict=True):
        ctx.organizations[plan.key] = org

    site_rows = [(site, org) for plan, org in zip(plans, orgs, strict=True) for site in plan.sites]
    sites = _bulk(
        Site,
        [
            Site(
                organization=org,
                name=site.name,
                is_headquarters=site.is_headquarters,
                postal_code=site.postal_code,
                municipality=municipalities[site.municipality],
                address=site.address,
                latitude=site.latitude,
                longitude=site.longitude,
                hazard_zones=site.hazard_zones,
            )
            for site, org in site_rows
        ],
        ("organization", "municipality"),
        ctx,
    )

    cap_rows = [
        (cap, site)
        for (plan_site, _), site in zip(site_rows, sites, strict=True)
        for cap in plan_site.capabilities
    ]
    capabilities = _bulk(
        Capability,
        [
            Capability(
                site=site,
                process=processes[cap.process],
                tolerance_mm=cap.tolerance_mm,
                max_length_mm=cap.max_length_mm,
                max_width_mm=cap.max_width_mm,
                max_height_mm=cap.max_height_mm,
                max_weight_kg=cap.max_weight_kg,
                lot_min=cap.lot_min,
                lot_max=cap.lot_max,
                monthly_capacity_hours=cap.capacity_hours,
                current_load_hours=cap.load_hours,
                notes=cap.notes,
            )
            for cap, site in cap_rows
        ],
        ("site", "process"),
        ctx,
    )
    through = Capability.materials.through
    links = [
        through(capability_id=capability.pk, material_id=materials[code].pk)
        for (cap, _), capability in zip(cap_rows, capabilities, strict=True)
        for code in cap.materials
    ]
    through.objects.bulk_create(links, batch_size=1000)
    ctx.counts["capability_materials"] = len(links)

    _bulk(
        Equipment,
        [
            Equipment(
                site=site,
                process=processes[eq.process] if eq.process else None,
                name=eq.name,
                maker=eq.maker,
                model_number=eq.model_number,
                year=eq.year,
                count=eq.count,
            )
            for (plan_site, _), site in zip(site_rows, sites, strict=True)
            for eq in plan_site.equipment
        ],
        ("site", "process"),
        ctx,
    )
    pairs = list(zip(plans, orgs, strict=True))
    _bulk(
        Certification,
        [
            Certification(
                organization=org,
                kind=c.kind,
                number=c.number,
                issuer=c.issuer,
                expires_on=c.expires_on,
            )
            for plan, org in pairs
            for c in plan.certifications
        ],
        ("organization",),
        ctx,
    )
    _bulk(
        Contact,
        [
            Contact(
                organization=org,
                name=c.person.name,
                department=c.department,
                title=c.title,
                phone=c.phone,
                email=c.email,
                emergency_role=c.emergency_role,
                emergency_order=c.emergency_order,
                visibility=c.visibility,
            )
            for plan, org in pairs
            for c in plan.contacts
        ],
        ("organization",),
        ctx,
    )
    _bulk(
        SkillHolding,
        [
            SkillHolding(
                organization=org,
                process=processes[s.process],
                age_band=s.age_band,
                workers=s.workers,
            )
            for plan, org in pairs
            for s in plan.skills
        ],
        ("organization", "process"),
        ctx,
    )


def reset() -> None:
    """Delete every organisation and what hangs off it (sites, capabilities, contacts, …)."""
    # Cascades handle the registry's own rows; users point at organisations with PROTECT and
    # are removed by renkei.demo.accounts.reset before this runs.
    Organization.objects.all().delete()
