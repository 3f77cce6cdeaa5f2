"""What the registry import resolves rows to: plans for firms and sites (existing or to be
created by the same file) and the reference data (processes, materials, municipalities) by every
spelling a user may type."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from renkei.common.importing.cells import fold, lookup_key
from renkei.registry.models import Material, Municipality, Organization, Process, Site


@dataclass(eq=False)
class FirmPlan:
    label: str
    existing: Organization | None
    obj: Organization | None = None
    hq: SitePlan | None = None

    @property
    def instance(self) -> Organization | None:
        return self.obj or self.existing


@dataclass(eq=False)
class SitePlan:
    firm: FirmPlan
    name: str
    existing: Site | None
    obj: Site | None = None

    @property
    def instance(self) -> Site | None:
        return self.obj or self.existing


class ReferenceData:
    """Processes, materials and municipalities by every spelling a user may type."""

    @cached_property
    def processes(self) -> dict[str, Process]:
        result: dict[str, Process] = {}
        for process in Process.objects.all():
            for name in (process.code, process.name_ja, process.name_en):
                result.setdefault(lookup_key(name), process)
        return result

    @cached_property
    def materials(self) -> dict[str, Material]:
        result: dict[str, Material] = {}
        for material in Material.objects.all():
            # 「SUS304(ステンレス)」 is typed as "SUS304": the part before the bracket counts too.
            short = fold(material.name_ja).split("(")[0]
            for name in (material.code, material.name_ja, material.name_en, short):
                result.setdefault(lookup_key(name), material)
        return result

    @cached_property
    def municipalities(self) -> list[Municipality]:
        return list(Municipality.objects.all())

    def municipality_by_code(self, code: str) -> Municipality | None:
        return next((m for m in self.municipalities if m.code == code), None)

    def municipalities_named(self, name: str) -> list[Municipality]:
        """By name (「太田市」, 「群馬県太田市」, "Ota"); else by the name inside a longer
        spelling such as 「群馬県邑楽郡大泉町」."""
        key = lookup_key(name)
        exact = [
            m
            for m in self.municipalities
            if key in {lookup_key(m.name_ja), lookup_key(m.prefecture + m.name_ja)}
            or key == lookup_key(m.name_en)
        ]
        return exact or self.municipalities_in(name)

    def municipalities_in(self, address: str) -> list[Municipality]:
        """Municipalities an address names: 「群馬県太田市…」 first, then 「…大泉町…」."""
        text = lookup_key(address)
        with_prefecture = [
            m for m in self.municipalities if lookup_key(m.prefecture + m.name_ja) in text
        ]
        if with_prefecture:
            return with_prefecture
        return [m for m in self.municipalities if lookup_key(m.name_ja) in text]
