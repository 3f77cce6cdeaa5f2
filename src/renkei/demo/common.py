"""Small generators shared by the firm and institution builders: people, places, numbers."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import TypeVar

from renkei.demo.names import FEMALE_GIVEN, MALE_GIVEN, SURNAMES, Word
from renkei.demo.plans import DemoContext, Person, SitePlan
from renkei.demo.region import AREAS_BY_CODE, Area, Town
from renkei.registry.reference_data import MUNICIPALITIES
from renkei.registry.validators import corporate_number_check_digit

T = TypeVar("T")

MUNICIPALITY_INFO: dict[str, tuple[str, str, str, float, float]] = {
    code: (prefecture, ja, en, lat, lon) for code, prefecture, ja, en, lat, lon in MUNICIPALITIES
}


def weighted(rng: random.Random, items: Sequence[T], weights: Sequence[float]) -> T:
    return rng.choices(items, weights=weights, k=1)[0]


def nice_between(rng: random.Random, low: float, high: float, steps: Sequence[float]) -> float:
    """A round value (one of ``steps``) between ``low`` and ``high``, as people write them."""
    inside = [v for v in steps if low <= v <= high]
    return rng.choice(inside) if inside else low


def person(rng: random.Random, *, female_share: float = 0.2, surname: Word | None = None) -> Person:
    given = rng.choice(FEMALE_GIVEN if rng.random() < female_share else MALE_GIVEN)
    return Person(surname or rng.choice(SURNAMES), given)


def slugify_romaji(*parts: str) -> str:
    text = "-".join(parts).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def unique_slug(ctx: DemoContext, base: str) -> str:
    slug, n = base, 2
    while slug in ctx.used_slugs:
        slug, n = f"{base}{n}", n + 1
    ctx.used_slugs.add(slug)
    return slug


def corporate_number(ctx: DemoContext, rng: random.Random, office: str, company_type: str) -> str:
    """A 法人番号: check digit + the 12-digit 会社法人等番号 (office code, type, serial).

    The office code is the registry office (登記所) of the firm's area; the serial is random
    and unique within the build.
    """
    while True:
        base = f"{office}{company_type}{rng.randint(100, 39999):06d}"
        number = f"{corporate_number_check_digit(base)}{base}"
        if number not in ctx.used_corporate_numbers:
            ctx.used_corporate_numbers.add(number)
            return number


def local_government_number(code5: str) -> str:
    """The 法人番号 of a local government: ``000020`` + its 6-digit code with check digit."""
    from renkei.registry.validators import municipality_check_digit

    base = f"000020{code5}{municipality_check_digit(code5)}"
    return f"{corporate_number_check_digit(base)}{base}"


# Towns (町) are written with their district (郡) in an address: 群馬県邑楽郡大泉町坂田.
DISTRICTS: dict[str, str] = {
    "10345": "北群馬郡",
    "10464": "佐波郡",
    "10523": "邑楽郡",
    "10524": "邑楽郡",
    "10525": "邑楽郡",
}


def address_of(rng: random.Random, area: Area, town: Town) -> str:
    prefecture, name = MUNICIPALITY_INFO[area.code][:2]
    city = DISTRICTS.get(area.code, "") + name
    if town.chome:
        return f"{prefecture}{city}{town.name}{rng.randint(1, 5)}丁目{rng.randint(1, 28)}-{rng.randint(1, 20)}"
    lot = rng.randint(50, 3200)
    tail = f"-{rng.randint(1, 12)}" if rng.random() < 0.6 else ""
    return f"{prefecture}{city}{town.name}{lot}{tail}"


def site_in(
    rng: random.Random, area_code: str, *, name: str, headquarters: bool, town: Town | None = None
) -> SitePlan:
    """A site in a real town of the municipality, jittered around the municipality's centre."""
    area = AREAS_BY_CODE[area_code]
    town = town or rng.choice(area.towns)
    lat0, lon0 = MUNICIPALITY_INFO[area_code][3:]
    # About 1–3 km around the town hall: the spread of a town's industrial estates.
    dlat = max(-0.035, min(0.035, rng.gauss(0.0, 0.012)))
    dlon = max(-0.045, min(0.045, rng.gauss(0.0, 0.015)))
    return SitePlan(
        name=name,
        is_headquarters=headquarters,
        postal_code=town.postal_code,
        municipality=area_code,
        address=address_of(rng, area, town),
        latitude=round(lat0 + dlat, 6),
        longitude=round(lon0 + dlon, 6),
        hazard_zones=list(town.hazards),
    )


def town_named(area_code: str, name: str) -> Town:
    for town in AREAS_BY_CODE[area_code].towns:
        if town.name == name:
            return town
    raise LookupError(f"no town {name!r} in {area_code}")
