"""Member firms of the demo cluster: small and medium manufacturers of the region.

Each firm is drawn from its own random stream (``ctx.rng("member", i)``). The order of the draws
follows how a firm comes to be: where it is, what it does, how big it is, when it was founded;
then what follows from those: its name and legal form, capital, sites, capabilities with their
capacity, machines, certificates, contacts and the age profile of its skilled workers.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from renkei.demo.common import (
    MUNICIPALITY_INFO,
    corporate_number,
    nice_between,
    person,
    site_in,
    slugify_romaji,
    unique_slug,
    weighted,
)
from renkei.demo.machines import DEFAULT_UNIT_HOURS, MACHINES, UNIT_HOURS
from renkei.demo.names import (
    COMPANIES_ACT_YEAR,
    GENERIC_PREFIXES,
    GODO,
    KABUSHIKI_AFTER,
    KABUSHIKI_BEFORE,
    SURNAMES,
    YUGEN,
    LegalForm,
    Word,
)
from renkei.demo.plans import (
    CapabilityPlan,
    CertificationPlan,
    ContactPlan,
    DemoContext,
    EquipmentPlan,
    OrgPlan,
    SitePlan,
    SkillPlan,
)
from renkei.demo.region import (
    AREAS,
    AREAS_BY_CODE,
    AUTOMOTIVE_BELT,
    SPECIALTY_BIAS,
    landline,
    mobile,
)
from renkei.demo.trades import PROFILES, SPECIALTIES, STRENGTHS, SUPPORT_PROCESSES, Specialty

TOLERANCES = (
    0.001,
    0.002,
    0.003,
    0.005,
    0.01,
    0.015,
    0.02,
    0.03,
    0.05,
    0.1,
    0.2,
    0.3,
    0.5,
    1.0,
    1.5,
)
LOTS = (1, 5, 10, 20, 50, 100, 300, 500, 1000, 2000, 3000, 5000, 10000, 20000, 50000, 100000,
        200000, 300000, 500000, 1000000)  # fmt: skip
WEIGHTS = (0.01, 0.05, 0.1, 0.5, 1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000, 2000, 3000, 5000, 10000, 15000)  # fmt: skip

# Employee bands of the region's SMEs: most have 10–50 people, a few 100–300.
EMPLOYEE_BANDS = ((3, 9, 0.18), (10, 29, 0.48), (30, 59, 0.22), (60, 99, 0.08), (100, 300, 0.04))
# Founding decades: the cluster grew with the car and electrical plants of the 1950s–70s.
FOUNDING = ((1946, 1959, 0.16), (1960, 1969, 0.22), (1970, 1979, 0.21), (1980, 1989, 0.15),
            (1990, 1999, 0.10), (2000, 2009, 0.08), (2010, 2019, 0.06), (2020, 2024, 0.02))  # fmt: skip
# Skilled workers by age band: an ageing workforce (u30, 30s, 40s, 50s, 60+).
AGE_BANDS = ("u30", "30s", "40s", "50s", "60p")
AGE_WEIGHTS = (0.09, 0.15, 0.22, 0.26, 0.28)

CERT_ISSUERS = (
    ("日本品質保証機構(JQA)", "JQA"),
    ("日本規格協会ソリューションズ", "JSAQ"),
    ("日本検査キューエイ", "JICQA"),
    ("BSIグループジャパン", "BSI"),
    ("ロイドレジスタージャパン", "LRQA"),
    ("テュフズードジャパン", "TUV"),
    ("ビューローベリタスジャパン", "BVJ"),
)
CERT_CODES = {"iso9001": "QMA", "iso14001": "EM", "iatf16949": "AU", "jisq9100": "AS",
              "iso13485": "MD", "iso45001": "OH"}  # fmt: skip


def plan_member(ctx: DemoContext, index: int) -> OrgPlan:
    rng = ctx.rng("member", index)
    area = weighted(rng, AREAS, [a.weight for a in AREAS])
    bias = SPECIALTY_BIAS.get(area.code, {})
    specialty = weighted(
        rng, SPECIALTIES, [sp.weight * bias.get(sp.code, 1.0) for sp in SPECIALTIES]
    )
    employees = _employees(rng, specialty)
    founded = _founded(rng)
    legal = _legal_form(rng, founded, employees)
    name, kana, english, slug, family = _name(ctx, rng, area.local_words, specialty, legal)
    plan = OrgPlan(
        key=f"m{index:03d}",
        kind="member",
        name=name,
        name_kana=kana,
        name_en=english,
        corporate_number=corporate_number(ctx, rng, area.registry_office, _company_type(legal)),
        capital_jpy=_capital(rng, legal, employees),
        employees=employees,
        founded_year=founded,
        description="",
        website=f"https://www.{slug}.example.jp/"
        if rng.random() < (0.7 if employees >= 10 else 0.35)
        else "",
        listed_in_directory=True,  # the listing share is set over all firms by the caller
        specialty=specialty.code,
    )
    processes = _processes(rng, specialty)
    plan.sites = _sites(rng, area.code, employees)
    hours_total = employees * rng.uniform(0.65, 0.8) * rng.uniform(160, 175)
    _capabilities(rng, plan, specialty, processes, hours_total, founded, ctx.today.year - 1)
    plan.certifications = _certifications(rng, plan, specialty, area.code, ctx.today)
    plan.contacts = _contacts(rng, plan, family, slug, area.code)
    plan.login = _login_contact(plan.contacts)
    plan.skills = _skills(rng, plan, founded)
    plan.description = _description(rng, plan, specialty, area.code, founded)
    return plan


# --- who the firm is -------------------------------------------------------------------------


def _employees(rng: random.Random, specialty: Specialty) -> int:
    low, high, _ = weighted(rng, EMPLOYEE_BANDS, [b[2] for b in EMPLOYEE_BANDS])
    return max(3, min(300, round(rng.randint(low, high) * specialty.size)))


def _founded(rng: random.Random) -> int:
    low, high, _ = weighted(rng, FOUNDING, [b[2] for b in FOUNDING])
    return rng.randint(low, high)


def _legal_form(rng: random.Random, founded: int, employees: int) -> LegalForm:
    if founded >= COMPANIES_ACT_YEAR:
        return GODO if employees < 20 and rng.random() < 0.25 else KABUSHIKI_BEFORE
    if employees < 30 and rng.random() < 0.3:
        return YUGEN  # 特例有限会社: kept the old form after 2006
    return KABUSHIKI_BEFORE if rng.random() < 0.55 else KABUSHIKI_AFTER


def _company_type(legal: LegalForm) -> str:
    return {"株式会社": "01", "有限会社": "02", "合同会社": "03"}[legal.ja]


def _capital(rng: random.Random, legal: LegalForm, employees: int) -> int:
    million = 1_000_000
    if legal is YUGEN:
        return weighted(rng, (3, 5, 10), (0.7, 0.15, 0.15)) * million
    if legal is GODO:
        return weighted(rng, (1, 3, 5), (0.4, 0.3, 0.3)) * million
    if employees < 10:
        return weighted(rng, (3, 5, 10), (0.2, 0.3, 0.5)) * million
    if employees < 30:
        return weighted(rng, (10, 20, 30), (0.55, 0.25, 0.2)) * million
    if employees < 100:
        return weighted(rng, (10, 20, 30, 48, 50, 80), (0.2, 0.2, 0.2, 0.1, 0.2, 0.1)) * million
    return weighted(rng, (50, 90, 99, 100, 300), (0.25, 0.2, 0.25, 0.2, 0.1)) * million


def _name(
    ctx: DemoContext,
    rng: random.Random,
    local_words: tuple[Word, ...],
    specialty: Specialty,
    legal: LegalForm,
) -> tuple[str, str, str, str, Word | None]:
    """Name, kana reading (without the legal form, as the 法人番号 register writes it),
    English name, web slug, and the family's surname when it is a family-named firm."""
    for attempt in range(10_000):
        roll = rng.random()
        family: Word | None = None
        if attempt > 100:
            # Crowded trade (only with hundreds of firms): a place word and a generic word.
            place, generic = rng.choice(local_words), rng.choice(GENERIC_PREFIXES)
            prefix = Word(
                place.kanji + generic.kanji,
                place.kana + generic.kana,
                place.romaji + generic.romaji.lower(),
            )
        elif roll < 0.4:
            prefix = rng.choice(local_words)
        elif roll < 0.72:
            prefix = rng.choice(GENERIC_PREFIXES)
        else:
            family = prefix = rng.choice(SURNAMES)
        trade = rng.choice(specialty.words)
        base = prefix.kanji + trade.kanji
        if base not in ctx.used_names:
            ctx.used_names.add(base)
            break
    else:
        raise RuntimeError("no unused firm name left")
    name = f"{legal.ja}{base}" if legal.before else f"{base}{legal.ja}"
    romaji = prefix.romaji.capitalize() if family else prefix.romaji
    english = f"{romaji} {trade.romaji} {legal.en}"
    slug = unique_slug(ctx, slugify_romaji(romaji, trade.romaji))
    return name, prefix.kana + trade.kana, english, slug, family


# --- what and where it makes ------------------------------------------------------------------


def _processes(rng: random.Random, specialty: Specialty) -> list[tuple[str, float]]:
    """(process, weight of its share of the firm's hours): core 3, optional 1, support 0.4."""
    chosen = [(code, 3.0) for code in specialty.core]
    for code, probability in specialty.optional:
        if rng.random() < probability:
            chosen.append((code, 0.4 if code in SUPPORT_PROCESSES else 1.0))
    return chosen


def _sites(rng: random.Random, area_code: str, employees: int) -> list[SitePlan]:
    second = rng.random() < min(0.6, 0.06 + employees / 250)
    hq = site_in(rng, area_code, name="本社・第一工場" if second else "本社工場", headquarters=True)
    sites = [hq]
    if second:
        if rng.random() < 0.6:
            other, label = area_code, "第二工場"
        else:
            other = weighted(rng, AREAS, [a.weight for a in AREAS]).code
            label = f"{MUNICIPALITY_INFO[other][1]}工場" if other != area_code else "第二工場"
        sites.append(site_in(rng, other, name=label, headquarters=False))
    return sites


def _capabilities(
    rng: random.Random,
    plan: OrgPlan,
    specialty: Specialty,
    processes: list[tuple[str, float]],
    hours_total: float,
    founded: int,
    last_year: int,
) -> None:
    # Every process at the headquarters; a second plant takes over part of one or two core
    # processes (its share of their hours) and perhaps an optional one.
    shares: list[tuple[SitePlan, str, float]] = []
    second = plan.sites[1] if len(plan.sites) > 1 else None
    moved = (
        set(rng.sample(specialty.core, k=min(len(specialty.core), rng.randint(1, 2))))
        if second
        else set()
    )
    for code, weight in processes:
        if second and code in moved:
            split = rng.uniform(0.3, 0.6)
            shares += [(plan.sites[0], code, weight * (1 - split)), (second, code, weight * split)]
        else:
            shares.append((plan.sites[0], code, weight))
    total_weight = sum(weight for _, _, weight in shares)
    precise = plan.employees is not None and plan.employees >= 30
    for site, code, weight in shares:
        profile = PROFILES[code]
        capacity = max(8.0, hours_total * weight / total_weight * profile.machine_factor)
        site.capabilities.append(_capability(rng, code, capacity, precise))
        site.equipment += _equipment(rng, code, capacity, founded, plan.employees or 10, last_year)


def _capability(rng: random.Random, code: str, capacity: float, precise: bool) -> CapabilityPlan:
    profile = PROFILES[code]
    materials = profile.materials
    chosen = (
        sorted(rng.sample(materials, k=rng.randint(1, min(4, len(materials))))) if materials else []
    )
    tolerance = None
    if profile.tolerance:
        best, worst = profile.tolerance
        # Bigger shops with measuring rooms hold the tighter end of the trade.
        upper = best + (worst - best) * (0.5 if precise else 1.0)
        tolerance = Decimal(str(nice_between(rng, best, upper, TOLERANCES)))
    lot_min = int(nice_between(rng, *profile.lot_min, LOTS))
    lot_max = int(nice_between(rng, *profile.lot_max, LOTS)) if profile.lot_max else None
    if lot_max is not None and lot_max < lot_min:
        lot_max = lot_min
    length = width = height = None
    if profile.length:
        length = round(rng.randint(*profile.length) / 50) * 50 or 50
        width = max(10, round(length * rng.uniform(0.4, 0.8) / 10) * 10)
        height = max(10, round(length * rng.uniform(0.2, 0.6) / 10) * 10)
    weight = Decimal(str(nice_between(rng, *profile.weight, WEIGHTS))) if profile.weight else None
    capacity_d = Decimal(round(capacity))
    # Most lines run at 40–95 %; a few bottlenecks are booked beyond their hours.
    ratio = rng.uniform(0.96, 1.08) if rng.random() < 0.04 else rng.uniform(0.4, 0.95)
    load = Decimal(round(capacity * ratio * 2) / 2).quantize(Decimal("0.1"))
    return CapabilityPlan(
        process=code,
        materials=chosen,
        tolerance_mm=tolerance,
        max_length_mm=length,
        max_width_mm=width,
        max_height_mm=height,
        max_weight_kg=weight,
        lot_min=lot_min,
        lot_max=lot_max,
        capacity_hours=capacity_d,
        load_hours=load,
        notes=_notes(rng, code),
    )


def _notes(rng: random.Random, code: str) -> str:
    if code in ("pressing", "deep-drawing"):
        return f"加圧能力 {rng.choice((45, 80, 110, 150, 200, 300))}t まで"
    if code in ("injection-moulding", "die-casting"):
        return f"型締力 {rng.choice((50, 80, 100, 180, 280, 350, 550, 850))}t まで"
    if code in ("heat-treatment", "carburizing", "plating") and rng.random() < 0.5:
        return "24時間連続稼働"
    return ""


def _equipment(
    rng: random.Random, code: str, capacity: float, founded: int, employees: int, last_year: int
) -> list[EquipmentPlan]:
    """The machines of one process; bought from the founding (or 1985) up to ``last_year``."""
    units = max(1, round(capacity / UNIT_HOURS.get(code, DEFAULT_UNIT_HOURS)))
    if code in SUPPORT_PROCESSES:
        units = min(units, 1 + employees // 50)
    options = MACHINES[code]
    kinds = min(len(options), units, 1 + (units >= 3) + (units >= 8))
    # Split the units over the machine types with random shares, each type at least one.
    shares = [rng.uniform(0.5, 1.5) for _ in range(kinds)]
    counts = [1 + int((units - kinds) * share / sum(shares)) for share in shares]
    counts[0] += units - sum(counts)
    first_year = min(max(founded, 1985), last_year)
    return [
        EquipmentPlan(
            code,
            machine.name,
            machine.maker,
            rng.choice(machine.models),
            rng.randint(first_year, last_year),
            count,
        )
        for machine, count in zip(rng.sample(options, k=kinds), counts, strict=True)
    ]


# --- certificates, people, skills ----------------------------------------------------------------


def _certifications(
    rng: random.Random, plan: OrgPlan, specialty: Specialty, area_code: str, today: date
) -> list[CertificationPlan]:
    employees = plan.employees or 0
    p9001 = (
        0.15 if employees < 10 else 0.45 if employees < 30 else 0.75 if employees < 100 else 0.95
    )
    kinds: list[str] = []
    if rng.random() < p9001:
        kinds.append("iso9001")
        if employees >= 30 and rng.random() < 0.45:
            kinds.append("iso14001")
        # Car makers ask their suppliers near the plants for IATF 16949.
        if (
            specialty.automotive
            and area_code in AUTOMOTIVE_BELT
            and employees >= 30
            and rng.random() < 0.45
        ):
            kinds.append("iatf16949")
        if (
            specialty.code in ("machining", "tooling", "heat", "inspection")
            and employees >= 15
            and rng.random() < 0.2
        ):
            kinds.append("jisq9100")
        if "医療機器" in specialty.markets and rng.random() < 0.08:
            kinds.append("iso13485")
        if employees >= 100 and rng.random() < 0.3:
            kinds.append("iso45001")
    elif employees >= 10 and rng.random() < 0.12:
        kinds.append("ea21")  # Eco-Action 21: the small firm's environmental scheme
    elif rng.random() < 0.02:
        kinds.append("kes")
    certs = []
    for kind in kinds:
        expired = rng.random() < 0.06
        days = -rng.randint(30, 400) if expired else rng.randint(180, 1095)
        expires = today + timedelta(days=days)
        if kind == "ea21":
            certs.append(
                CertificationPlan(
                    kind, f"{rng.randint(1000, 19999):07d}", "一般財団法人持続性推進機構", expires
                )
            )
        elif kind == "kes":
            certs.append(
                CertificationPlan(
                    kind, f"KES2-{rng.randint(100, 2999):04d}", "KES環境機構", expires
                )
            )
        else:
            issuer, prefix = rng.choice(CERT_ISSUERS)
            number = f"{prefix}-{CERT_CODES[kind]}{rng.randint(1000, 99999):05d}"
            certs.append(CertificationPlan(kind, number, issuer, expires))
    return certs


# (department, title, emergency role, visibility, landline or mobile)
CONTACT_ROLES = {
    "president": ("", "代表取締役", "public"),
    "director": ("", "専務取締役", "cluster"),
    "plant": ("製造部", "工場長", "cluster"),
    "quality": ("品質保証課", "課長", "cluster"),
    "sales": ("営業部", "担当", "public"),
    "admin": ("総務部", "部長", "private"),
    "bcp": ("総務課", "課長", "private"),
    "safety": ("製造部 安全衛生", "係長", "private"),
}


def _contact_roles(employees: int) -> list[tuple[str, str, int | None]]:
    """(role key, emergency role, order in the contact tree) by firm size."""
    if employees < 10:
        return [("president", "primary", 1), ("director", "deputy", 2)]
    if employees < 30:
        return [("president", "primary", 1), ("plant", "deputy", 2), ("sales", "", None)]
    roles = [
        ("president", "", None),
        ("admin", "primary", 1),
        ("plant", "deputy", 2),
        ("quality", "", None),
        ("sales", "", None),
    ]
    if employees >= 50:
        roles.append(("bcp", "bcp_lead", 3))
    if employees >= 100:
        roles.append(("safety", "site_safety", 4))
    return roles


def _contacts(
    rng: random.Random, plan: OrgPlan, family: Word | None, slug: str, area_code: str
) -> list[ContactPlan]:
    area = AREAS_BY_CODE[area_code]
    main_line = landline(area, rng)
    contacts: list[ContactPlan] = []
    for key, emergency, order in _contact_roles(plan.employees or 0):
        department, title, visibility = CONTACT_ROLES[key]
        # In a family firm the president carries the firm's name; the managing director of a
        # small firm is usually family too.
        surname = None
        if key == "president":
            surname = family
        elif key == "director":
            surname = family or contacts[0].person.surname
        who = person(
            rng,
            female_share=0.35 if key in ("admin", "bcp", "quality", "director") else 0.1,
            surname=surname,
        )
        phone = mobile(rng) if emergency and key not in ("president",) else main_line
        email = f"{who.given.romaji[0]}.{who.surname.romaji}@{slug}.example.jp"
        contacts.append(
            ContactPlan(who, department, title, phone, email, emergency, order, visibility)
        )
    return contacts


def _login_contact(contacts: list[ContactPlan]) -> ContactPlan:
    # The person who keeps the firm's profile: general affairs or sales where there are such
    # departments, otherwise the president.
    for department in ("総務部", "営業部"):
        for contact in contacts:
            if contact.department == department:
                return contact
    return contacts[0]


def _skills(rng: random.Random, plan: OrgPlan, founded: int) -> list[SkillPlan]:
    employees = plan.employees or 0
    hours: dict[str, float] = {}
    for site in plan.sites:
        for cap in site.capabilities:
            share = float(cap.capacity_hours) / PROFILES[cap.process].machine_factor
            hours[cap.process] = hours.get(cap.process, 0.0) + share
    total = sum(hours.values()) or 1.0
    # Younger firms have younger people; old firms in the hills struggle to hire.
    shift = 0.15 if founded >= 1995 else 0.0
    weights = [w + shift * (0.5 - i / 4) for i, w in enumerate(AGE_WEIGHTS)]
    skills = []
    budget = int(employees * 0.7)
    for code, h in hours.items():
        skilled = min(budget, max(1, round(employees * 0.7 * h / total * rng.uniform(0.5, 0.8))))
        budget -= skilled
        counts = dict.fromkeys(AGE_BANDS, 0)
        for band in rng.choices(AGE_BANDS, weights=weights, k=skilled):
            counts[band] += 1
        skills += [SkillPlan(code, band, n) for band, n in counts.items() if n]
        if budget <= 0:
            break
    return skills


def _description(
    rng: random.Random, plan: OrgPlan, specialty: Specialty, area_code: str, founded: int
) -> str:
    city = MUNICIPALITY_INFO[area_code][1]
    markets = "・".join(rng.sample(specialty.markets, k=min(2, len(specialty.markets))))
    strength = rng.choice(STRENGTHS)
    return f"{founded}年、{city}で創業。{specialty.label}を中心に、{markets}向けの部品を製造しています。{strength}。"
